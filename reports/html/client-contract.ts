// What the report page hands its browser script (browser/): the config, the standalone payload's
// format and the finding fields the script reads. Compiled into both the Node code and the browser
// bundle, so it imports nothing and uses neither Node nor DOM globals; payload.ts and a type test
// hold it to the domain types.

/** The JSON in <script id="orgscan-config">. */
export interface ReportClientConfig {
  mode: 'standalone' | 'service';
  scanId: string;
  /** Prefix of the API routes as the browser sees them, without a trailing slash. */
  apiBase: string;
  /** Check id → title, for the check column's tooltip and the detail row. */
  checkTitles: Record<string, string>;
  /** Check id → the IAM actions it needs, for "not evaluated" (ERROR) rows. */
  checkPermissions: Record<string, string[]>;
  /** Account id → name (from Organizations or the configuration), shown beside the id in the findings table. */
  accountNames: Record<string, string>;
  /** Filters every findings request of the page carries (the team view of ?owner=). */
  fixedFilters?: Record<string, string>;
}

/** The order of the payload's status and severity codes (the domain's, as a test checks). */
export const PAYLOAD_STATUSES = ['PASS', 'FAIL', 'ERROR', 'MUTED'] as const;
export const PAYLOAD_SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;

/** How a monthly figure was reached; the payload stores the index (-1: no basis). */
export const PAYLOAD_COST_BASES = ['exact', 'estimate', 'ceiling'] as const;

export type ClientStatus = (typeof PAYLOAD_STATUSES)[number];
export type ClientCostBasis = (typeof PAYLOAD_COST_BASES)[number];
export type ClientSeverity = (typeof PAYLOAD_SEVERITIES)[number];

/** The fields of a finding the browser shows: a Finding (from the API) is one. */
export interface ClientFinding {
  checkId: string;
  status: ClientStatus;
  severity: ClientSeverity;
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceArn: string | null;
  message: string;
  evidence: Record<string, unknown>;
  remediation: { text: string; url: string };
  frameworks: Record<string, string | string[]>;
  estimatedMonthlyCostUsd: number | null;
  costBasis?: ClientCostBasis | null | undefined;
  tags: Record<string, string>;
  firstSeenAt: string | null;
  mutedBy: { ruleId: string; reason: string; expires: string; owner?: string | undefined } | null;
  errorCode: string | null;
}

export const PAYLOAD_VERSION = 1;

// Placeholders for a finding's own resource id, account id and region inside message and ARN
// templates; a template starting with RAW is stored verbatim (the text held a placeholder char).
// Made with fromCharCode: esbuild prints a '\u0001' literal as a raw control character, which has
// no place in an HTML page.
export const P_ID = String.fromCharCode(1);
export const P_ACCOUNT = String.fromCharCode(2);
export const P_REGION = String.fromCharCode(3);
export const RAW = String.fromCharCode(4);

/** Inverse of the encoder's template(): the server's decoder and the browser share it. */
export function untemplate(t: string, f: Pick<ClientFinding, 'resourceId' | 'accountId' | 'region'>): string {
  if (t.startsWith(RAW)) return t.slice(1);
  return t.split(P_REGION).join(f.region).split(P_ACCOUNT).join(f.accountId).split(P_ID).join(f.resourceId);
}

/** The standalone payload: findings as dictionary-encoded columns. */
export interface ColumnarFindings {
  v: number;
  n: number;
  /** Dictionaries. */
  d: {
    check: string[];
    account: string[];
    region: string[];
    rtype: string[];
    msg: string[];
    arn: string[];
    ev: string[];
    /** Tag keys and values. */
    tag: string[];
    rem: string[];
    fw: string[];
    err: string[];
    muted: string[];
    fs: string[];
  };
  /** Columns, one entry per finding: dictionary indexes (-1 for null), or raw values. */
  c: {
    check: number[];
    status: number[];
    sev: number[];
    account: number[];
    region: number[];
    rtype: number[];
    id: string[];
    arn: number[];
    msg: number[];
    cost: (number | null)[];
    /** Index into PAYLOAD_COST_BASES, -1 for none. */
    basis: number[];
    fs: number[];
    ev: number[];
    /** Per finding: [key, value, key, value, …] as indexes into d.tag. */
    tags: number[][];
    rem: number[];
    fw: number[];
    err: number[];
    muted: number[];
  };
}
