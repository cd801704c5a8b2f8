// The standalone report's embedded data: findings as dictionary-encoded columns, gzipped and
// base64-encoded. Repeated values (checks, accounts, regions, remediation, message and ARN
// templates) are stored once; the browser inflates it with the native DecompressionStream.
import { gzipSync, gunzipSync } from 'node:zlib';
import type { Finding } from '../../domain/index.js';
import {
  P_ACCOUNT,
  P_ID,
  P_REGION,
  PAYLOAD_COST_BASES,
  PAYLOAD_SEVERITIES,
  PAYLOAD_STATUSES,
  PAYLOAD_VERSION,
  RAW,
  untemplate,
  type ColumnarFindings,
} from './client-contract.js';

export { PAYLOAD_VERSION, untemplate, type ColumnarFindings };

class Dict {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  add(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

function template(text: string, f: Finding): string {
  if (/[\u0001-\u0004]/.test(text)) return RAW + text;
  let t = f.resourceId ? text.split(f.resourceId).join(P_ID) : text;
  if (f.accountId) t = t.split(f.accountId).join(P_ACCOUNT);
  return f.region ? t.split(f.region).join(P_REGION) : t;
}

// Findings of one check usually share their remediation and framework objects: skip re-serialising them.
function byIdentity(cache: WeakMap<object, number>, value: object, add: () => number): number {
  let i = cache.get(value);
  if (i === undefined) {
    i = add();
    cache.set(value, i);
  }
  return i;
}

export function encodeFindings(findings: readonly Finding[]): ColumnarFindings {
  const remIds = new WeakMap<object, number>();
  const fwIds = new WeakMap<object, number>();
  const d = {
    check: new Dict(), account: new Dict(), region: new Dict(), rtype: new Dict(), msg: new Dict(), arn: new Dict(),
    ev: new Dict(), tag: new Dict(), rem: new Dict(), fw: new Dict(), err: new Dict(), muted: new Dict(), fs: new Dict(),
  };
  const n = findings.length;
  const c: ColumnarFindings['c'] = {
    check: [], status: [], sev: [], account: [], region: [], rtype: [], id: [], arn: [], msg: [], cost: [], basis: [],
    fs: [], ev: [], tags: [], rem: [], fw: [], err: [], muted: [],
  };
  for (const f of findings) {
    c.check.push(d.check.add(f.checkId));
    c.status.push(PAYLOAD_STATUSES.indexOf(f.status));
    c.sev.push(PAYLOAD_SEVERITIES.indexOf(f.severity));
    c.account.push(d.account.add(f.accountId));
    c.region.push(d.region.add(f.region));
    c.rtype.push(d.rtype.add(f.resourceType));
    c.id.push(f.resourceId);
    c.arn.push(f.resourceArn === null ? -1 : d.arn.add(template(f.resourceArn, f)));
    c.msg.push(d.msg.add(template(f.message, f)));
    c.cost.push(f.estimatedMonthlyCostUsd === null ? null : Math.round(f.estimatedMonthlyCostUsd * 100) / 100);
    c.basis.push(f.costBasis ? PAYLOAD_COST_BASES.indexOf(f.costBasis) : -1);
    c.fs.push(f.firstSeenAt === null ? -1 : d.fs.add(f.firstSeenAt));
    c.ev.push(d.ev.add(JSON.stringify(f.evidence)));
    const tags: number[] = [];
    for (const [k, v] of Object.entries(f.tags)) tags.push(d.tag.add(k), d.tag.add(v));
    c.tags.push(tags);
    c.rem.push(byIdentity(remIds, f.remediation, () => d.rem.add(JSON.stringify(f.remediation))));
    c.fw.push(byIdentity(fwIds, f.frameworks, () => d.fw.add(JSON.stringify(f.frameworks))));
    c.err.push(f.errorCode === null ? -1 : d.err.add(f.errorCode));
    c.muted.push(f.mutedBy === null ? -1 : d.muted.add(JSON.stringify(f.mutedBy)));
  }
  const values = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.values])) as ColumnarFindings['d'];
  return { v: PAYLOAD_VERSION, n, d: values, c };
}

function decodeTags(pairs: number[], dict: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let j = 0; j + 1 < pairs.length; j += 2) tags[dict[pairs[j]!]!] = dict[pairs[j + 1]!]!;
  return tags;
}

/** Rebuilds the findings (for tests and tools; the browser has its own decoder). */
export function decodeFindings(p: ColumnarFindings): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < p.n; i++) {
    const base = {
      resourceId: p.c.id[i]!,
      accountId: p.d.account[p.c.account[i]!]!,
      region: p.d.region[p.c.region[i]!]!,
    };
    const arn = p.c.arn[i]!;
    const fs = p.c.fs[i]!;
    const err = p.c.err[i]!;
    const muted = p.c.muted[i]!;
    out.push({
      checkId: p.d.check[p.c.check[i]!]!,
      status: PAYLOAD_STATUSES[p.c.status[i]!]!,
      severity: PAYLOAD_SEVERITIES[p.c.sev[i]!]!,
      ...base,
      resourceType: p.d.rtype[p.c.rtype[i]!]!,
      resourceArn: arn < 0 ? null : untemplate(p.d.arn[arn]!, base),
      message: untemplate(p.d.msg[p.c.msg[i]!]!, base),
      evidence: JSON.parse(p.d.ev[p.c.ev[i]!]!) as Record<string, unknown>,
      remediation: JSON.parse(p.d.rem[p.c.rem[i]!]!) as Finding['remediation'],
      frameworks: JSON.parse(p.d.fw[p.c.fw[i]!]!) as Finding['frameworks'],
      estimatedMonthlyCostUsd: p.c.cost[i] ?? null,
      costBasis: (p.c.basis[i] ?? -1) < 0 ? null : PAYLOAD_COST_BASES[p.c.basis[i]!]!,
      tags: decodeTags(p.c.tags[i]!, p.d.tag),
      firstSeenAt: fs < 0 ? null : p.d.fs[fs]!,
      mutedBy: muted < 0 ? null : (JSON.parse(p.d.muted[muted]!) as Finding['mutedBy']),
      errorCode: err < 0 ? null : p.d.err[err]!,
    });
  }
  return out;
}

/** gzip + base64 of the columnar JSON: the text placed in the page. */
export function packFindings(findings: readonly Finding[]): string {
  return gzipSync(Buffer.from(JSON.stringify(encodeFindings(findings)), 'utf8'), { level: 6 }).toString('base64');
}

export function unpackFindings(packed: string): Finding[] {
  return decodeFindings(JSON.parse(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')) as ColumnarFindings);
}
