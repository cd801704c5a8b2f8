// The findings the table shows: decoded from the standalone payload (gzip + base64 columnar
// JSON, see ../payload.ts), or taken from the API's pages as they are.
import {
  PAYLOAD_COST_BASES,
  PAYLOAD_SEVERITIES,
  PAYLOAD_STATUSES,
  untemplate,
  type ClientFinding,
  type ColumnarFindings,
} from '../client-contract.js';

type Summary = Pick<
  ClientFinding,
  | 'checkId' | 'status' | 'severity' | 'accountId' | 'region' | 'resourceType' | 'resourceId' | 'resourceArn' | 'message'
  | 'estimatedMonthlyCostUsd' | 'costBasis' | 'firstSeenAt' | 'errorCode'
>;
export type Details = Pick<ClientFinding, 'evidence' | 'tags' | 'remediation' | 'frameworks' | 'mutedBy'>;

/** The payload's detail fields of one finding, still serialised: parsed only when its row is expanded. */
interface PackedDetails {
  ev: string;
  tags: number[];
  rem: string;
  fw: string;
  muted: string | null;
}

/** A table row: the summary columns, and its details either known (API) or packed (payload). */
export interface Row extends Summary {
  details?: Details;
  packed?: PackedDetails;
}

export function rowFromApi(f: ClientFinding): Row {
  const { evidence, tags, remediation, frameworks, mutedBy, ...summary } = f;
  return { ...summary, details: { evidence, tags, remediation, frameworks, mutedBy } };
}

/** The standalone payload: base64 of gzip, inflated with the browser's DecompressionStream. */
export async function inflate(b64: string): Promise<ColumnarFindings> {
  const bin = atob(b64.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text()) as ColumnarFindings;
}

/** Decoded rows, with the tag dictionary they index (for search and details). */
export interface Decoded {
  rows: Row[];
  tagDict: string[];
}

export function decode(p: ColumnarFindings): Decoded {
  const { c, d } = p;
  const at = <T>(list: readonly T[], i: number | undefined): T => list[i!]!;
  const rows = new Array<Row>(p.n);
  for (let i = 0; i < p.n; i++) {
    const base = { resourceId: at(c.id, i), accountId: at(d.account, c.account[i]), region: at(d.region, c.region[i]) };
    const arn = c.arn[i]!;
    const fs = c.fs[i]!;
    const err = c.err[i]!;
    const muted = c.muted[i]!;
    rows[i] = {
      ...base,
      checkId: at(d.check, c.check[i]),
      status: at(PAYLOAD_STATUSES, c.status[i]),
      severity: at(PAYLOAD_SEVERITIES, c.sev[i]),
      resourceType: at(d.rtype, c.rtype[i]),
      resourceArn: arn < 0 ? null : untemplate(at(d.arn, arn), base),
      message: untemplate(at(d.msg, c.msg[i]), base),
      estimatedMonthlyCostUsd: c.cost[i] ?? null,
      costBasis: (c.basis[i] ?? -1) < 0 ? null : at(PAYLOAD_COST_BASES, c.basis[i]),
      firstSeenAt: fs < 0 ? null : at(d.fs, fs),
      errorCode: err < 0 ? null : at(d.err, err),
      packed: { ev: at(d.ev, c.ev[i]), tags: at(c.tags, i), rem: at(d.rem, c.rem[i]), fw: at(d.fw, c.fw[i]), muted: muted < 0 ? null : at(d.muted, muted) },
    };
  }
  return { rows, tagDict: d.tag };
}

function tagsOf(pairs: readonly number[], tagDict: readonly string[]): Record<string, string> {
  const t: Record<string, string> = {};
  for (let j = 0; j + 1 < pairs.length; j += 2) t[tagDict[pairs[j]!]!] = tagDict[pairs[j + 1]!]!;
  return t;
}

/** The tag keys and values of a payload row, for search. */
export function tagText(f: Row, tagDict: readonly string[]): string {
  if (!f.packed) return '';
  let out = '';
  for (const i of f.packed.tags) out += tagDict[i] + ' ';
  return out;
}

/** A row's details, parsed from the payload on first use and kept. */
export function detailsOf(f: Row, tagDict: readonly string[]): Details {
  if (!f.details) {
    const p = f.packed!;
    f.details = {
      evidence: JSON.parse(p.ev) as Details['evidence'],
      tags: tagsOf(p.tags, tagDict),
      remediation: JSON.parse(p.rem) as Details['remediation'],
      frameworks: JSON.parse(p.fw) as Details['frameworks'],
      mutedBy: p.muted === null ? null : (JSON.parse(p.muted) as Details['mutedBy']),
    };
  }
  return f.details;
}
