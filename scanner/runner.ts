// The scan runner: targets → credentials → regions → units under bounded concurrency,
// checks evaluated against a memoized per-unit context, findings streamed out per unit.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { resolveCheckOptions, resolveChecks } from '../checks/index.js';
import { evaluateCheck } from '../checks/evaluate.js';
import { createPriceBook } from '../checks/pricing.js';
import {
  GLOBAL_REGION,
  type Check,
  type CheckResult,
  type Finding,
  type FindingStatus,
  type ScanCoverage,
  type ScanError,
  type ScanProgress,
  type ScanSummary,
} from '../checks/types.js';
import { ApiCallRecorder, instrumentationPlugin } from './api-calls.js';
import { AwsClientFactory, homeRegionOf, partitionOf, type Credentials } from './aws-clients.js';
import { createCheckContext } from './context.js';
import { credentialAdvice, isNoCredentialsError } from './credential-advice.js';
import { AccountCredentials } from './credentials.js';
import { errorCode, safeErrorMessage } from './errors.js';
import { applyRegionFilters, enabledRegions } from './regions.js';
import { startAccountMetadata } from './account-metadata.js';
import { resolveTargets, type TargetAccount } from './targets.js';
import { unknownAccount, type AccountInfo } from '../domain/index.js';
import { UnitDeadlineError } from './timeouts.js';
import type { ScanRequest, ScanRunOptions } from './types.js';
import { validateAccountIds, validateRegions } from './validation.js';

/** Detailed per-check errors kept in the summary; the count goes on beyond it. */
const MAX_DETAILED_ERRORS = 1000;

export function completeFinding(check: Check, result: CheckResult, accountId: string, region: string): Finding {
  return {
    checkId: check.id,
    status: result.status,
    severity: check.severity,
    accountId,
    region,
    resourceType: result.resourceType,
    resourceId: result.resourceId,
    resourceArn: result.resourceArn ?? null,
    message: result.message,
    evidence: result.evidence ?? {},
    remediation: check.remediation,
    frameworks: check.frameworkMap,
    estimatedMonthlyCostUsd: result.estimatedMonthlyCostUsd ?? null,
    costBasis: result.estimatedMonthlyCostUsd === null || result.estimatedMonthlyCostUsd === undefined ? null : (result.costBasis ?? null),
    tags: result.tags ?? {},
    firstSeenAt: null,
    mutedBy: null,
    errorCode: result.status === 'ERROR' ? (result.errorCode ?? 'UnknownError') : null,
  };
}

/** The ERROR finding for a check that could not be evaluated in a unit at all. */
export function checkErrorFinding(check: Check, accountId: string, region: string, err: unknown): Finding {
  const code = errorCode(err);
  return completeFinding(
    check,
    {
      status: 'ERROR',
      resourceType: 'AwsAccountRegion',
      resourceId: `${accountId}/${region}`,
      message: `Could not evaluate ${check.id} in ${accountId}/${region}: ${code}: ${safeErrorMessage(err)}`,
      evidence: { errorCode: code, requiredPermissions: [...check.permissions] },
      errorCode: code,
    },
    accountId,
    region,
  );
}

export async function runScan(request: ScanRequest, options: ScanRunOptions = {}): Promise<ScanSummary> {
  const id = options.id ?? randomUUID();
  const clock = options.now ?? (() => new Date());
  const hooks = options.hooks ?? {};
  const aws = options.aws ?? {};
  const checks = resolveChecks(request.checks, options.registry);
  const checkOptions = resolveCheckOptions(checks, request.options);
  const explicitAccounts = request.accounts ? validateAccountIds(request.accounts) : undefined;
  const explicitRegions = request.regions ? validateRegions(request.regions) : undefined;
  const excludeRegions = request.excludeRegions ? validateRegions(request.excludeRegions) : undefined;
  const globalChecks = checks.filter((c) => c.scope === 'global');
  const regionalChecks = checks.filter((c) => c.scope === 'regional');

  const scanTime = clock();
  const startedAt = scanTime.toISOString();
  // With a fixed injected clock (tests, the demo) the scan still reports its real duration.
  const startedMs = performance.now();
  const homeRegion = aws.homeRegion ?? homeRegionOf(partitionOf(explicitRegions?.[0] ?? 'us-east-1'));
  const partition = partitionOf(homeRegion);
  const prices = createPriceBook(request.prices);

  const recorder = new ApiCallRecorder();
  // A service task running several shards of a scan passes its own limiters: the limits are per task.
  const apiLimit = options.limiters?.apiCalls ?? pLimit(request.concurrency.apiCalls);
  const unitLimit = options.limiters?.units ?? pLimit(request.concurrency.units);
  const accountLimit = options.limiters?.accounts ?? pLimit(request.concurrency.accounts);
  const pluginFor = (accountId: string, region: string) =>
    instrumentationPlugin(recorder, apiLimit, hooks.onApiCall ? (s, o) => hooks.onApiCall!(s, o, accountId, region) : undefined);
  const scannerPlugin = pluginFor('scanner', homeRegion);
  const factory = new AwsClientFactory(aws, scannerPlugin, request.concurrency.apiCalls);
  const credentials = new AccountCredentials(factory, scannerPlugin, {
    roleName: request.roleName,
    externalId: request.externalId,
    partition,
    homeRegion,
    scanId: id,
    baseCredentials: aws.baseCredentials,
    useBaseCredentials: aws.useBaseCredentials,
  });

  const errors: ScanError[] = [];
  // What the scan set out to evaluate, and what it did: accounts, units and check evaluations.
  const coverage: ScanCoverage = { accounts: { planned: 0, evaluated: 0 }, units: { planned: 0, evaluated: 0 }, checks: { planned: 0, evaluated: 0 } };
  const evaluatedAccounts = new Set<string>();
  /** Check evaluations that produced anything but errors (some resources evaluated, others not). */
  let partlyEvaluated = 0;
  const planUnits = (unitRegions: readonly string[]) => {
    coverage.units.planned += unitRegions.length;
    for (const r of unitRegions) coverage.checks.planned += (r === GLOBAL_REGION ? globalChecks : regionalChecks).length;
  };
  /** The units an account would have had, as far as they are known, when it could not be scanned at all. */
  const plannedUnitsOf = (regions: readonly string[] | undefined) => [
    ...(globalChecks.length > 0 ? [GLOBAL_REGION] : []),
    ...(regionalChecks.length > 0 ? applyRegionFilters(regions ?? [], excludeRegions) : []),
  ];
  const counts: Record<FindingStatus, number> = { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
  const scannedRegions = new Set<string>();
  const progress: ScanProgress = {
    unitsTotal: 0,
    unitsDone: 0,
    unitsFailed: 0,
    accountsTotal: 0,
    accountsDone: 0,
    apiCalls: 0,
    errors: 0,
    findings: 0,
  };
  const emitProgress = () => {
    progress.apiCalls = recorder.total;
    hooks.onProgress?.({ ...progress });
  };
  const recordError = (error: ScanError, accountLevel: boolean) => {
    progress.errors += 1;
    if (accountLevel || errors.length < MAX_DETAILED_ERRORS) errors.push(error);
    hooks.logger?.warn({ scanId: id, ...error }, accountLevel ? 'account skipped' : 'check could not be evaluated');
  };
  const aborted = () => hooks.signal?.aborted === true;
  let accountInfo = new Map<string, Promise<AccountInfo>>();

  async function runUnit(accountId: string, region: string, provider: Credentials): Promise<void> {
    if (aborted()) return;
    const unitChecks = region === GLOBAL_REGION ? globalChecks : regionalChecks;
    // The unit's deadline aborts its open requests; checks still waiting then become ERROR findings.
    const deadline = new AbortController();
    const deadlineMs = factory.timeouts.unitMs;
    let expire: (err: Error) => void = () => undefined;
    const expired = new Promise<never>((_, reject) => {
      expire = reject;
    });
    expired.catch(() => undefined);
    const timer = setTimeout(() => {
      expire(new UnitDeadlineError(accountId, region, deadlineMs));
      deadline.abort();
    }, deadlineMs);
    const ctx = createCheckContext({
      clients: factory.unitClients(accountId, region, provider, pluginFor(accountId, region), deadline.signal),
      region,
      now: scanTime,
      prices,
    });
    let perCheck: Finding[][];
    try {
      perCheck = await Promise.all(
        unitChecks.map(async (check) => {
          try {
            const results = await Promise.race([evaluateCheck(check, ctx, checkOptions.get(check.id)), expired]);
            return results.map((r) => completeFinding(check, r, accountId, region));
          } catch (err) {
            const finding = checkErrorFinding(check, accountId, region, err);
            recordError({ accountId, region, checkId: check.id, code: finding.errorCode!, message: safeErrorMessage(err) }, false);
            return [finding];
          }
        }),
      );
    } finally {
      clearTimeout(timer);
    }
    let clean = 0;
    let partly = 0;
    for (const checkFindings of perCheck) {
      if (!checkFindings.some((f) => f.status === 'ERROR')) clean += 1;
      else if (checkFindings.some((f) => f.status !== 'ERROR')) partly += 1;
    }
    partlyEvaluated += partly;
    coverage.checks.evaluated += clean;
    if (clean === unitChecks.length) coverage.units.evaluated += 1;
    if (clean + partly > 0) evaluatedAccounts.add(accountId);
    const findings = perCheck.flat();
    // Asked alongside the scan: a unit waits only for its own account's metadata, which never rejects.
    const account = (await accountInfo.get(accountId)) ?? unknownAccount(accountId);
    let failed = false;
    for (const finding of findings) {
      if (finding.status === 'ERROR') failed = true;
      finding.accountName = account.name;
      finding.ouPath = account.ouPath;
      finding.accountTags = account.tags;
      finding.orgId = account.orgId;
      finding.ouId = account.ouIds.at(-1) ?? null;
      const match = finding.status === 'FAIL' ? (hooks.suppress?.(finding) ?? null) : null;
      if (match) {
        finding.status = 'MUTED';
        finding.mutedBy = match;
      }
      if (hooks.route) finding.owner = hooks.route(finding);
      counts[finding.status] += 1;
    }
    progress.findings += findings.length;
    if (failed) progress.unitsFailed! += 1;
    if (findings.length > 0) await hooks.onFindings?.(findings);
    progress.unitsDone += 1;
    emitProgress();
  }

  async function scanAccount(target: TargetAccount): Promise<void> {
    const accountId = target.id;
    let units: Promise<void>[] = [];
    await accountLimit(async () => {
      if (aborted()) return;
      const provider = credentials.forAccount(accountId);
      try {
        await provider();
      } catch (err) {
        planUnits(plannedUnitsOf(explicitRegions));
        // With the caller's credentials nothing is assumed: never say "cannot assume role" then.
        const how = isNoCredentialsError(err)
          ? aws.useBaseCredentials
            ? 'no AWS credentials'
            : `no AWS credentials to assume role ${request.roleName} with`
          : aws.useBaseCredentials
            ? 'cannot get credentials'
            : `cannot assume role ${request.roleName}`;
        const advice = credentialAdvice(err, aws.useBaseCredentials ? undefined : { roleName: request.roleName, accountId });
        recordError({ accountId, region: null, checkId: null, code: errorCode(err), message: `${how}: ${safeErrorMessage(err)}${advice ? ` — ${advice}` : ''}` }, true);
        return;
      }
      let regions: string[];
      try {
        regions =
          regionalChecks.length === 0
            ? []
            : (explicitRegions ??
              (await enabledRegions(factory.ec2(homeRegion, provider), (r) => partitionOf(r) === partition)));
      } catch (err) {
        planUnits(plannedUnitsOf(explicitRegions));
        recordError({ accountId, region: null, checkId: null, code: errorCode(err), message: `cannot list enabled regions: ${safeErrorMessage(err)}` }, true);
        return;
      }
      regions = applyRegionFilters(regions, excludeRegions);
      regions.forEach((r) => scannedRegions.add(r));
      const unitRegions = [...(globalChecks.length > 0 ? [GLOBAL_REGION] : []), ...regions];
      planUnits(unitRegions);
      progress.unitsTotal += unitRegions.length;
      emitProgress();
      // Units queue on the scan-wide unit limiter; the account slot is free for the next account's set-up.
      units = unitRegions.map((region) => unitLimit(() => runUnit(accountId, region, provider)));
    });
    await Promise.all(units);
    // Memory stays flat with the number of accounts: a finished account's credentials go.
    credentials.release(accountId);
    progress.accountsDone += 1;
    emitProgress();
  }

  await factory.prepare();
  const targets = await resolveTargets(
    { org: request.org, accounts: explicitAccounts },
    () => factory.organizations(homeRegion),
  );
  progress.accountsTotal = targets.length;
  accountInfo = startAccountMetadata(targets, () => factory.organizations(homeRegion), {
    fromOrganization: request.org,
    configured: request.accountMetadata,
    logger: hooks.logger,
    scanId: id,
  });
  // Every account's metadata is awaited before the scan returns (accounts without units included), so no
  // Organizations call outlives the scan.
  const metadataDone = Promise.all(targets.map((t) => accountInfo.get(t.id)!)).then((all) => hooks.onAccounts?.(all));
  hooks.logger?.info({ scanId: id, accounts: targets.length, checks: checks.length }, 'scan started');
  emitProgress();
  await Promise.all(targets.map((t) => scanAccount(t)));
  await metadataDone;

  coverage.accounts = { planned: targets.length, evaluated: evaluatedAccounts.size };
  const outcome = aborted() ? { status: 'cancelled' as const, reason: null } : scanOutcome(coverage, partlyEvaluated);
  const summary: ScanSummary = {
    id,
    startedAt,
    finishedAt: new Date(Math.max(clock().getTime(), scanTime.getTime() + (performance.now() - startedMs))).toISOString(),
    status: outcome.status,
    coverage,
    failureReason: outcome.reason,
    accounts: targets.map((t) => t.id),
    regions: [...scannedRegions].sort(),
    checks: checks.map((c) => c.id),
    apiCalls: recorder.stats(),
    errors,
    progress: { ...progress, apiCalls: recorder.total },
    counts,
  };
  hooks.logger?.info(
    { scanId: id, status: summary.status, coverage, apiCalls: summary.apiCalls.total, errors: progress.errors, findings: progress.findings },
    'scan finished',
  );
  return summary;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A scan's outcome from what it evaluated. `failed`: no check could be evaluated anywhere, not even
 * for one resource (`partlyEvaluated` counts check evaluations with some results and some errors).
 * `partial`: something planned was not evaluated. `succeeded`: everything was.
 */
export function scanOutcome(coverage: ScanCoverage, partlyEvaluated = 0): { status: 'succeeded' | 'partial' | 'failed'; reason: string | null } {
  const { accounts, units, checks } = coverage;
  if (checks.evaluated === 0 && partlyEvaluated === 0) {
    const why = accounts.planned === 0 ? 'no account to scan' : checks.planned === 0 ? 'no check could be started' : 'no check could be evaluated';
    return { status: 'failed', reason: `${why}: ${accounts.evaluated} of ${plural(accounts.planned, 'account')} evaluated` };
  }
  if (accounts.evaluated < accounts.planned || units.evaluated < units.planned || checks.evaluated < checks.planned) {
    return {
      status: 'partial',
      reason:
        `${accounts.evaluated} of ${plural(accounts.planned, 'account')}, ${units.evaluated} of ${plural(units.planned, 'unit')} ` +
        `and ${checks.evaluated} of ${plural(checks.planned, 'check evaluation')} evaluated`,
    };
  }
  return { status: 'succeeded', reason: null };
}
