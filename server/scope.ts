// Narrowing the service's configured scope with a request's accounts, regions and checks.
// A request can only narrow: anything outside the configuration is refused with a precise message.
import { CHECKS, UnknownCheckError } from '../checks/index.js';
import type { ScanRequest, ScanScope } from '../scanner/types.js';
import { ACCOUNT_ID_PATTERN, isKnownRegion, REGION_PATTERN, regionPartition } from '../scanner/validation.js';

export interface ScopeInput {
  accounts?: string[] | undefined;
  regions?: string[] | undefined;
  checks?: string[] | undefined;
}

/** A request the service refuses (HTTP 400). */
export class ScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeError';
  }
}

const quoteList = (items: readonly string[]) => items.map((i) => JSON.stringify(i)).join(', ');
const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

function distinct(values: readonly string[] | undefined, field: string): string[] | undefined {
  if (values === undefined) return undefined;
  if (values.length === 0) throw new ScopeError(`${field} must not be empty (omit it to use the configured scope)`);
  return [...new Set(values)];
}

/**
 * The narrowed scope of a request. `organizationAccounts` lists the organization's active accounts;
 * it is only called when the configured scope is the whole organization and the request names accounts.
 */
export async function narrowScope(
  base: ScanRequest,
  input: ScopeInput,
  organizationAccounts: () => Promise<string[]>,
): Promise<ScanScope> {
  const accounts = distinct(input.accounts, 'accounts');
  const regions = distinct(input.regions, 'regions');
  const checks = distinct(input.checks, 'checks');

  if (accounts) {
    const malformed = accounts.filter((a) => !ACCOUNT_ID_PATTERN.test(a));
    if (malformed.length) throw new ScopeError(`accounts: ${quoteList(malformed)} ${malformed.length === 1 ? 'is not a' : 'are not'} 12-digit account ${plural(malformed.length, 'id')}`);
    const allowed = base.accounts && base.accounts.length > 0 ? base.accounts : base.org ? await organizationAccounts() : [];
    const outside = accounts.filter((a) => !allowed.includes(a));
    if (outside.length) {
      const where = base.accounts?.length ? 'the configured accounts' : "the organization's active accounts";
      throw new ScopeError(`accounts: ${quoteList(outside)} ${outside.length === 1 ? 'is' : 'are'} not among ${where}`);
    }
  }

  if (regions) {
    const malformed = regions.filter((r) => !REGION_PATTERN.test(r));
    if (malformed.length) throw new ScopeError(`regions: ${quoteList(malformed)} ${malformed.length === 1 ? 'is not a region name' : 'are not region names'} (expected names such as eu-west-1)`);
    const unknown = regions.filter((r) => !isKnownRegion(r));
    if (unknown.length) throw new ScopeError(`regions: ${quoteList(unknown)} ${unknown.length === 1 ? 'is not a region' : 'are not regions'} of any AWS partition`);
    // Without a configured region list the service scans the partition of us-east-1 (or of its first configured region).
    const home = regionPartition(base.regions?.[0] ?? 'us-east-1');
    const foreign = regions.filter((r) => regionPartition(r) !== home);
    if (foreign.length) {
      throw new ScopeError(`regions: ${quoteList(foreign)} ${foreign.length === 1 ? 'is' : 'are'} not in the partition of the scanned accounts (${home}); the accounts do not have ${foreign.length === 1 ? 'it' : 'them'}`);
    }
    const outside = base.regions ? regions.filter((r) => !base.regions!.includes(r)) : [];
    if (outside.length) throw new ScopeError(`regions: ${quoteList(outside)} not among the configured regions (${base.regions!.join(', ')})`);
    const excluded = regions.filter((r) => base.excludeRegions?.includes(r));
    if (excluded.length) throw new ScopeError(`regions: ${quoteList(excluded)} ${excluded.length === 1 ? 'is' : 'are'} excluded by the configuration`);
  }

  if (checks) {
    const unknown = checks.filter((c) => !CHECKS.some((k) => k.id === c));
    if (unknown.length) throw new ScopeError(`checks: ${new UnknownCheckError(unknown).message}`);
    const outside = base.checks?.length ? checks.filter((c) => !base.checks!.includes(c)) : [];
    if (outside.length) throw new ScopeError(`checks: ${quoteList(outside)} not among the configured checks`);
  }

  return {
    org: base.org,
    accounts: accounts ?? base.accounts,
    regions: regions ?? base.regions,
    excludeRegions: base.excludeRegions,
    checks: checks ?? base.checks,
  };
}

const sorted = (values: readonly string[] | undefined) => (values && values.length > 0 ? [...new Set(values)].sort() : null);

/** Canonical text of a scope: equal keys = the same scope (diff baselines, trends, de-duplication). */
export function scopeKey(scope: ScanScope): string {
  const checks = sorted(scope.checks);
  return JSON.stringify({
    org: scope.org,
    accounts: sorted(scope.accounts),
    regions: sorted(scope.regions),
    excludeRegions: sorted(scope.excludeRegions),
    // Naming every check is the same scope as naming none.
    checks: checks && checks.length === CHECKS.length ? null : checks,
  });
}

/** The engine request for a narrowed scope: role, ExternalId, limits and options always come from configuration. */
export function requestFor(base: ScanRequest, scope: ScanScope): ScanRequest {
  return { ...base, org: scope.org, accounts: scope.accounts, regions: scope.regions, excludeRegions: scope.excludeRegions, checks: scope.checks };
}
