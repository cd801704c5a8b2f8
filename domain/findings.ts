// Findings: the vocabulary shared by checks, the store, the reports and the API (no AWS clients, no I/O).

export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'MUTED'] as const;
export type FindingStatus = (typeof STATUSES)[number];

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 'global' is the region of account-wide units (IAM, S3 account settings, bucket inventory). */
export const GLOBAL_REGION = 'global';

export type CheckScope = 'regional' | 'global';

export interface Remediation {
  text: string;
  url: string;
}

/** Framework name → control id(s), e.g. { 'aws-fsbp': 'EC2.2', 'cis-aws-3.0': '5.4' }. */
export type FrameworkMap = Record<string, string | string[]>;

/**
 * How a finding's monthly dollar figure was reached: `exact` (the bill for the resource follows from the data
 * read), `estimate` (the list price of what the resource provisions), `ceiling` (an upper bound, e.g. a
 * snapshot's full volume size where AWS bills only the blocks it stores).
 */
export const COST_BASES = ['exact', 'estimate', 'ceiling'] as const;
export type CostBasis = (typeof COST_BASES)[number];

export interface SuppressionMatch {
  /** Index of the rule in the suppression set, and its stable id when it has one. */
  ruleId: string;
  reason: string;
  expires: string;
  owner?: string | undefined;
}

export interface Finding {
  checkId: string;
  status: FindingStatus;
  severity: Severity;
  accountId: string;
  /** An AWS region name, or 'global' for account-wide units. */
  region: string;
  resourceType: string;
  resourceId: string;
  resourceArn: string | null;
  message: string;
  /** The fields that decided the status. */
  evidence: Record<string, unknown>;
  remediation: Remediation;
  frameworks: FrameworkMap;
  /** Estimated monthly money wasted, where the check is about money; null otherwise. */
  estimatedMonthlyCostUsd: number | null;
  /**
   * How estimatedMonthlyCostUsd was reached; null when there is no figure. Absent on findings stored
   * before the field existed (the store keeps each finding as one JSON document), so readers use `?? null`.
   */
  costBasis?: CostBasis | null;
  /** Resource tags, used by suppressions and shown in reports. */
  tags: Record<string, string>;
  /** Set by the store from finding history; null for a finding never seen before. */
  firstSeenAt: string | null;
  /** The suppression that muted this finding (status MUTED). */
  mutedBy: SuppressionMatch | null;
  /** For ERROR findings: the AWS error code (AccessDenied, UnauthorizedOperation, …). */
  errorCode: string | null;
  /**
   * The account's name, OU path ("Root/Workloads/Payments") and account tags, from Organizations or the
   * configuration file; null/absent when unknown (and on findings stored before these fields existed).
   */
  accountName?: string | null;
  ouPath?: string | null;
  accountTags?: Record<string, string>;
  /** The organization (o-…) and the account's own OU (ou-… or r-… for the root), for OCSF's cloud.org. */
  orgId?: string | null;
  ouId?: string | null;
  /** The team that owns the finding (owner routing); 'unowned' when no rule matched and there is no default team. */
  owner?: string | null;
}

