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
  type ScanError,
  type ScanProgress,
  type ScanSummary,
} from '../checks/types.js';
import { ApiCallRecorder, instrumentationPlugin } from './api-calls.js';
import { AwsClientFactory, homeRegionOf, partitionOf, type Credentials } from './aws-clients.js';
import { createCheckContext } from './context.js';
import { AccountCredentials } from './credentials.js';
import { errorCode, safeErrorMessage } from './errors.js';
import { applyRegionFilters, enabledRegions } from './regions.js';
import { resolveTargets, type TargetAccount } from './targets.js';
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
  const apiLimit = pLimit(request.concurrency.apiCalls);
  const unitLimit = pLimit(request.concurrency.units);
  const accountLimit = pLimit(request.concurrency.accounts);
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

  async function runUnit(accountId: string, region: string, provider: Credentials): Promise<void> {
    if (aborted()) return;
    const unitChecks = region === GLOBAL_REGION ? globalChecks : regionalChecks;
    const ctx = createCheckContext({
      clients: factory.unitClients(accountId, region, provider, pluginFor(accountId, region)),
      region,
      now: scanTime,
      prices,
    });
    const perCheck = await Promise.all(
      unitChecks.map(async (check) => {
        try {
          return (await evaluateCheck(check, ctx, checkOptions.get(check.id))).map((r) => completeFinding(check, r, accountId, region));
        } catch (err) {
          const finding = checkErrorFinding(check, accountId, region, err);
          recordError({ accountId, region, checkId: check.id, code: finding.errorCode!, message: safeErrorMessage(err) }, false);
          return [finding];
        }
      }),
    );
    const findings = perCheck.flat();
    let failed = false;
    for (const finding of findings) {
      if (finding.status === 'ERROR') failed = true;
      const match = finding.status === 'FAIL' ? (hooks.suppress?.(finding) ?? null) : null;
      if (match) {
        finding.status = 'MUTED';
        finding.mutedBy = match;
      }
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
        recordError({ accountId, region: null, checkId: null, code: errorCode(err), message: `cannot assume role ${request.roleName}: ${safeErrorMessage(err)}` }, true);
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
        recordError({ accountId, region: null, checkId: null, code: errorCode(err), message: `cannot list enabled regions: ${safeErrorMessage(err)}` }, true);
        return;
      }
      regions = applyRegionFilters(regions, excludeRegions);
      regions.forEach((r) => scannedRegions.add(r));
      const unitRegions = [...(globalChecks.length > 0 ? [GLOBAL_REGION] : []), ...regions];
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
  hooks.logger?.info({ scanId: id, accounts: targets.length, checks: checks.length }, 'scan started');
  emitProgress();
  await Promise.all(targets.map((t) => scanAccount(t)));

  const summary: ScanSummary = {
    id,
    startedAt,
    finishedAt: new Date(Math.max(clock().getTime(), scanTime.getTime() + (performance.now() - startedMs))).toISOString(),
    status: aborted() ? 'cancelled' : 'succeeded',
    accounts: targets.map((t) => t.id),
    regions: [...scannedRegions].sort(),
    checks: checks.map((c) => c.id),
    apiCalls: recorder.stats(),
    errors,
    progress: { ...progress, apiCalls: recorder.total },
    counts,
  };
  hooks.logger?.info(
    { scanId: id, status: summary.status, apiCalls: summary.apiCalls.total, errors: progress.errors, findings: progress.findings },
    'scan finished',
  );
  return summary;
}
