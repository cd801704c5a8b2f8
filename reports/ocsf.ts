// OCSF Detection Finding (class_uid 2004) objects, laid out as Prowler emits them, so SIEMs
// that ingest Prowler's json-ocsf output ingest orgscan's too. https://schema.ocsf.io/classes/detection_finding
import type { Finding, Severity } from '../domain/index.js';
import type { ReportScan } from './types.js';
import { checkInfo } from './check-info.js';

export const OCSF_SCHEMA_VERSION = '1.4.0';
const PRODUCT_VERSION = process.env.npm_package_version ?? '0.1.0';

const SEVERITY: Record<Severity, { id: number; name: string }> = {
  informational: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
};

// Finding status: 1 New, 3 Suppressed, 99 Other. ERROR findings could not be evaluated.
function status(f: Finding): { status_id: number; status: string; status_code: string } {
  switch (f.status) {
    case 'MUTED':
      return { status_id: 3, status: 'Suppressed', status_code: 'FAIL' };
    case 'ERROR':
      return { status_id: 99, status: 'Other', status_code: 'ERROR' };
    default:
      return { status_id: 1, status: 'New', status_code: f.status };
  }
}

function epochSeconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

function partitionOf(f: Finding): string {
  return f.resourceArn?.split(':')[1] || 'aws';
}

export interface OcsfDetectionFinding {
  class_uid: 2004;
  [key: string]: unknown;
}

export function findingToOcsf(f: Finding, scan: Pick<ReportScan, 'id' | 'startedAt' | 'finishedAt'>): OcsfDetectionFinding {
  const info = checkInfo(f.checkId);
  const when = scan.finishedAt ?? scan.startedAt ?? new Date().toISOString();
  const sev = SEVERITY[f.severity];
  const st = status(f);
  return {
    message: f.message,
    metadata: {
      event_code: f.checkId,
      product: { uid: 'orgscan', name: 'orgscan', vendor_name: 'orgscan', version: PRODUCT_VERSION },
      profiles: ['cloud', 'datetime'],
      version: OCSF_SCHEMA_VERSION,
      correlation_uid: scan.id,
    },
    severity_id: sev.id,
    severity: sev.name,
    ...st,
    status_detail: f.message,
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    time: epochSeconds(when),
    time_dt: new Date(when).toISOString(),
    finding_info: {
      uid: ['orgscan', f.checkId, f.accountId, f.region, f.resourceId].join('-'),
      title: info.title,
      desc: info.title,
      name: f.resourceId,
      types: [info.service],
      created_time: epochSeconds(when),
      created_time_dt: new Date(when).toISOString(),
      ...(f.firstSeenAt
        ? { first_seen_time: epochSeconds(f.firstSeenAt), first_seen_time_dt: new Date(f.firstSeenAt).toISOString() }
        : {}),
    },
    remediation: { desc: f.remediation.text, references: f.remediation.url ? [f.remediation.url] : [] },
    resources: [
      {
        uid: f.resourceArn ?? f.resourceId,
        name: f.resourceId,
        type: f.resourceType,
        group: { name: info.service },
        labels: Object.entries(f.tags).map(([k, v]) => `${k}:${v}`),
        cloud_partition: partitionOf(f),
        region: f.region,
        data: { details: f.evidence },
      },
    ],
    cloud: {
      account: {
        uid: f.accountId,
        ...(f.accountName ? { name: f.accountName } : {}),
        type_id: 10,
        type: 'AWS Account',
        ...(f.accountTags && Object.keys(f.accountTags).length > 0 ? { labels: Object.entries(f.accountTags).map(([k, v]) => `${k}:${v}`) } : {}),
      },
      ...ocsfOrg(f),
      provider: 'aws',
      region: f.region,
    },
    unmapped: {
      compliance: f.frameworks,
      estimated_monthly_cost_usd: f.estimatedMonthlyCostUsd,
      cost_basis: f.costBasis ?? null,
      error_code: f.errorCode,
      muted_by: f.mutedBy,
      ou_path: f.ouPath ?? null,
      owner: f.owner ?? null,
    },
  };
}

/** A JSON array of Detection Findings, one object per finding, as Prowler's json-ocsf file. */
export function findingsToOcsfJson(findings: Iterable<Finding>, scan: Pick<ReportScan, 'id' | 'startedAt' | 'finishedAt'>): string {
  const parts: string[] = [];
  for (const f of findings) parts.push(JSON.stringify(findingToOcsf(f, scan)));
  return `[${parts.join(',\n')}]\n`;
}

/**
 * OCSF's Organization object (cloud.org): uid the AWS Organization id, ou_uid/ou_name the account's own OU
 * (https://schema.ocsf.io/1.4.0/objects/organization: at least one of name and uid). Absent when unknown.
 */
function ocsfOrg(f: Finding): { org?: Record<string, string> } {
  if (!f.orgId) return {};
  const ouName = f.ouPath ? f.ouPath.split('/').at(-1)! : undefined;
  return { org: { uid: f.orgId, ...(f.ouId ? { ou_uid: f.ouId } : {}), ...(ouName ? { ou_name: ouName } : {}) } };
}
