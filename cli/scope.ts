// Scope flags shared by `orgscan scan` and `orgscan serve`, merged over the configuration file.
import { Option, type Command } from 'commander';
import { loadConfigFile, parseConfig, type OrgScanConfig } from '../scanner/config.js';
import type { ScanRequest } from '../scanner/types.js';
import { ROLE_NAME_PATTERN, splitList, UsageError, validateAccountIds, validateRegions } from '../scanner/validation.js';
import { resolveChecks } from '../checks/index.js';

export interface ScopeFlags {
  config?: string;
  org?: boolean;
  accounts?: string;
  regions?: string;
  excludeRegions?: string;
  checks?: string;
  roleName?: string;
  externalId?: string;
  concurrency?: string;
}

export function scopeOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'configuration file (YAML or JSON)')
    .option('--org', 'scan every ACTIVE account of the organization (organizations:ListAccounts)')
    .option('--accounts <ids>', 'comma-separated 12-digit account ids (with --org: narrows the organization)')
    .option('--regions <names>', 'comma-separated regions (default: every region enabled in each account)')
    .option('--exclude-regions <names>', 'comma-separated regions to skip')
    .option('--checks <ids>', 'comma-separated check ids (default: all; see `orgscan checks`)')
    .option('--role-name <name>', 'role assumed in every account (default: OrgScanReadOnly)')
    .addOption(new Option('--external-id <id>', 'ExternalId for sts:AssumeRole').env('ORGSCAN_EXTERNAL_ID'))
    .option('--concurrency <n>', 'units (account × region) scanned at once; API calls in flight are twice this');
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError(`${flag} must be a whole number from 1 to 10000, got ${JSON.stringify(value)}`);
  return n;
}

export async function loadConfig(flags: ScopeFlags): Promise<OrgScanConfig> {
  return flags.config ? loadConfigFile(flags.config) : parseConfig({});
}

/** The scan request: flags override the configuration file; everything validated with a clear message. */
export function requestFromFlags(flags: ScopeFlags, config: OrgScanConfig): ScanRequest {
  const accounts = flags.accounts !== undefined ? validateAccountIds(splitList(flags.accounts)) : config.accounts;
  const org = Boolean(flags.org) || (flags.accounts === undefined && config.organization);
  if (!org && (!accounts || accounts.length === 0)) {
    throw new UsageError('nothing to scan: pass --org to scan the organization, or --accounts 111111111111,222222222222 (or set them in the config file)');
  }
  const regions = flags.regions !== undefined ? validateRegions(splitList(flags.regions)) : config.regions;
  if (regions && regions.length === 0) throw new UsageError('--regions is empty');
  const excludeRegions = flags.excludeRegions !== undefined ? validateRegions(splitList(flags.excludeRegions)) : config.excludeRegions;
  const checks = flags.checks !== undefined ? splitList(flags.checks) : config.checks;
  if (flags.checks !== undefined && checks!.length === 0) {
    throw new UsageError(`--checks names no check id (got ${JSON.stringify(flags.checks)}): list ids separated by commas, or leave --checks out to run every check`);
  }
  resolveChecks(checks); // throws UnknownCheckError naming the unknown ids
  const roleName = flags.roleName ?? config.roleName;
  if (!ROLE_NAME_PATTERN.test(roleName)) throw new UsageError(`--role-name must be an IAM role name (not an ARN), got ${JSON.stringify(roleName)}`);
  const units = flags.concurrency !== undefined ? positiveInteger(flags.concurrency, '--concurrency') : undefined;
  return {
    org,
    accounts: accounts && accounts.length > 0 ? accounts : undefined,
    regions,
    excludeRegions,
    checks,
    roleName,
    externalId: flags.externalId ?? config.externalId,
    concurrency: units
      ? { accounts: Math.min(units, config.concurrency.accounts), units, apiCalls: units * 2 }
      : config.concurrency,
    options: config.checkOptions,
    prices: config.prices,
    accountMetadata: config.accountMetadata,
  };
}
