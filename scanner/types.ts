import type { HttpHandler } from '@smithy/protocol-http';
import type { LimitFunction } from 'p-limit';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Check, CheckOptionsInput } from '../checks/types.js';
import type { ConfiguredAccount } from './account-metadata.js';
import type { AccountInfo, Finding, ScanProgress, ScanScope, ScanSummary, SuppressionMatch } from '../domain/index.js';
import type { PriceOverrides } from '../checks/pricing.js';
import type { AwsTimeouts } from './timeouts.js';

export interface ConcurrencyLimits {
  /** Accounts being set up (assume role, region discovery) at once. */
  accounts: number;
  /** (account, region) units running at once across the scan. */
  units: number;
  /** AWS API requests in flight at once across the scan. */
  apiCalls: number;
}

export const DEFAULT_CONCURRENCY: ConcurrencyLimits = { accounts: 16, units: 64, apiCalls: 128 };

export interface ScanRequest extends ScanScope {
  roleName: string;
  externalId?: string | undefined;
  concurrency: ConcurrencyLimits;
  /** Per-check options (check id → options); checks not named run with their defaults. */
  options?: CheckOptionsInput | undefined;
  prices?: PriceOverrides | undefined;
  /** Account id → name, OU path and tags from the configuration file, used where Organizations says nothing. */
  accountMetadata?: Record<string, ConfiguredAccount> | undefined;
}

/** How the scanner reaches AWS. Everything is optional: the defaults are the SDK's own. */
export interface AwsEnvironment {
  /** Credentials of the scanner itself (default: the SDK's node provider chain). */
  baseCredentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** Region for STS, Organizations, IAM and S3 listing calls. */
  homeRegion?: string | undefined;
  /** Replaces the SDK's HTTP handler (the benchmark's synthetic AWS, tests). */
  requestHandler?: HttpHandler<any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any -- the SDK types handlers by their options
  /** Endpoint for every service; default: the SDK's AWS_ENDPOINT_URL(_<SERVICE>) handling. */
  endpoint?: string | undefined;
  /** SDK attempts per call, including retries (default 8, adaptive retry mode). */
  maxAttempts?: number | undefined;
  /** Connection, request and unit time limits; default: ORGSCAN_* variables, else scanner/timeouts.ts. */
  timeouts?: Partial<AwsTimeouts> | undefined;
  /**
   * Skip sts:AssumeRole and use the base credentials for every account.
   * For the CLI on a single account with the caller's own credentials.
   */
  useBaseCredentials?: boolean | undefined;
}

export interface ScanLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface ScanHooks {
  /** Called once per finished unit with its findings (already suppressed). Awaited: back-pressure for the store. */
  onFindings?(findings: Finding[]): Promise<void> | void;
  onProgress?(progress: ScanProgress): void;
  /** Aborting stops new units from starting; running units finish. The scan ends `cancelled`. */
  signal?: AbortSignal | undefined;
  /** Returns the rule that mutes a finding, or null. */
  suppress?(finding: Finding): SuppressionMatch | null;
  /** The team owning a finding (owner routing), given after the account metadata is on it; absent: no owner field. */
  route?(finding: Finding): string;
  /** Called once, when every target account's metadata is known (it is asked alongside the scan). */
  onAccounts?(accounts: AccountInfo[]): void;
  logger?: ScanLogger | undefined;
  /** Records every SDK command issued ("EC2:DescribeVolumes"); used by tests and the permission audit. */
  onApiCall?(service: string, operation: string, accountId: string, region: string): void;
}

export interface ScanRunOptions {
  /** Scan id; generated when absent. */
  id?: string | undefined;
  aws?: AwsEnvironment | undefined;
  /** Injected clock (tests). */
  now?: (() => Date) | undefined;
  hooks?: ScanHooks | undefined;
  /** The checks to choose from (default: the registry); tests and the benchmark may pass their own. */
  registry?: readonly Check[] | undefined;
  /** Limiters shared with other runs in this process (shards of a scan); default: new ones from `concurrency`. */
  limiters?: ScanLimiters | undefined;
}

export interface ScanLimiters {
  accounts: LimitFunction;
  units: LimitFunction;
  apiCalls: LimitFunction;
}

export type { ScanScope, ScanSummary };
