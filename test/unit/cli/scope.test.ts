import { describe, expect, it } from 'vitest';
import { requestFromFlags } from '../../../cli/scope.js';
import { renderSummary } from '../../../cli/summary.js';
import { EXIT_CODES, gateCounts, scanExitCode } from '../../../cli/exit-codes.js';
import { parseConfig, ConfigError, loadConfigFile } from '../../../scanner/config.js';
import { UsageError } from '../../../scanner/validation.js';
import { UnknownCheckError, CHECKS } from '../../../checks/index.js';
import type { Finding, ScanSummary } from '../../../checks/types.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const config = parseConfig({});

describe('scan scope flags', () => {
  it('builds a request from an account list and regions', () => {
    const r = requestFromFlags({ accounts: '111111111111, 222222222222', regions: 'us-east-1,eu-west-1', concurrency: '4' }, config);
    expect(r).toMatchObject({
      org: false,
      accounts: ['111111111111', '222222222222'],
      regions: ['us-east-1', 'eu-west-1'],
      roleName: 'OrgScanReadOnly',
      concurrency: { units: 4, apiCalls: 8, accounts: 4 },
    });
  });

  it('rejects bad account ids, regions, check ids, role ARNs and concurrency with specific messages', () => {
    expect(() => requestFromFlags({ accounts: '12345' }, config)).toThrow(/invalid account id "12345": an account id is 12 digits/);
    expect(() => requestFromFlags({ org: true, regions: 'us-east-1,mars-1' }, config)).toThrow(/invalid region name "mars-1"/);
    expect(() => requestFromFlags({ org: true, checks: 'no-such-check' }, config)).toThrow(UnknownCheckError);
    expect(() => requestFromFlags({ org: true, roleName: 'arn:aws:iam::1:role/x' }, config)).toThrow(/role name \(not an ARN\)/);
    expect(() => requestFromFlags({ org: true, concurrency: '0' }, config)).toThrow(/--concurrency must be a whole number/);
    expect(() => requestFromFlags({}, config)).toThrow(UsageError);
  });

  it('takes the scope from the config file when flags are absent', () => {
    const fromFile = parseConfig({ accounts: ['333333333333'], regions: ['eu-central-1'], roleName: 'Audit', checkOptions: { 'ebs-volume-unattached': { graceDays: 7 } } });
    const r = requestFromFlags({}, fromFile);
    expect(r).toMatchObject({ org: false, accounts: ['333333333333'], regions: ['eu-central-1'], roleName: 'Audit' });
    expect(r.options?.['ebs-volume-unattached']).toEqual({ graceDays: 7 });
    if (CHECKS.length > 0) expect(requestFromFlags({ org: true, checks: CHECKS[0]!.id }, config).checks).toEqual([CHECKS[0]!.id]);
  });
});

describe('configuration file', () => {
  it('names the path of a bad field', () => {
    expect(() => parseConfig({ accounts: ['1'] }, 'orgscan.config.yaml')).toThrow(/orgscan.config.yaml: accounts.0: must be a 12-digit AWS account id/);
    expect(() => parseConfig({ concurrency: { units: -1 } })).toThrow(/concurrency.units/);
    expect(() => parseConfig({ surprise: true })).toThrow(ConfigError);
  });

  it('reports unreadable and corrupt files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgscan-config-'));
    await expect(loadConfigFile(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read config file .*ENOENT/);
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, 'accounts: [111111111111\nregions: x');
    await expect(loadConfigFile(bad)).rejects.toThrow(/is not valid YAML/);
    const good = join(dir, 'good.yaml');
    await writeFile(good, 'organization: true\nregions: [us-east-1]\n');
    expect((await loadConfigFile(good)).organization).toBe(true);
  });
});

const finding = (over: Partial<Finding>): Finding => ({
  checkId: 'x',
  status: 'FAIL',
  severity: 'medium',
  accountId: '111111111111',
  region: 'us-east-1',
  resourceType: 't',
  resourceId: 'r',
  resourceArn: null,
  message: 'm',
  evidence: {},
  remediation: { text: '', url: '' },
  frameworks: {},
  estimatedMonthlyCostUsd: null,
  tags: {},
  firstSeenAt: null,
  mutedBy: null,
  errorCode: null,
  ...over,
});

describe('exit code and summary', () => {
  it('--fail-on counts FAIL findings at or above the severity, never MUTED or PASS', () => {
    const findings = [finding({ severity: 'medium' }), finding({ severity: 'critical', status: 'MUTED' })];
    expect(gateCounts({ errors: [] }, findings, 'medium')).toEqual({ failing: 1, errors: 0 });
    expect(gateCounts({ errors: [] }, findings, 'high')).toEqual({ failing: 0, errors: 0 });
    expect(gateCounts({ errors: [] }, [finding({ status: 'PASS', severity: 'critical' })], 'low')).toEqual({ failing: 0, errors: 0 });
  });

  it('--fail-on counts ERROR findings at or above the severity and every account or region error', () => {
    const accountError = { accountId: '111111111111', region: null, checkId: null, code: 'AccessDenied', message: 'cannot assume role' };
    const findings = [finding({ status: 'ERROR', severity: 'high' }), finding({ status: 'ERROR', severity: 'low' })];
    expect(gateCounts({ errors: [] }, findings, 'high')).toEqual({ failing: 0, errors: 1 });
    expect(gateCounts({ errors: [accountError] }, [], 'critical')).toEqual({ failing: 0, errors: 1 });
    // With --allow-partial a partial scan passes unless its errors reach the threshold.
    expect(scanExitCode({ status: 'partial', errors: [] }, [finding({ status: 'ERROR', severity: 'low' })], { failOn: 'high', allowPartial: true })).toBe(EXIT_CODES.ok);
    expect(scanExitCode({ status: 'partial', errors: [] }, [finding({ status: 'ERROR', severity: 'high' })], { failOn: 'high', allowPartial: true })).toBe(EXIT_CODES.threshold);
  });

  it('exit codes: failed 4 always, partial 3 unless --allow-partial, --fail-on 1, else 0', () => {
    expect(scanExitCode({ status: 'failed', errors: [] }, [], { allowPartial: true })).toBe(4);
    expect(scanExitCode({ status: 'partial', errors: [] }, [], {})).toBe(3);
    expect(scanExitCode({ status: 'partial', errors: [] }, [], { allowPartial: true })).toBe(0);
    expect(scanExitCode({ status: 'succeeded', errors: [] }, [finding({ severity: 'low' })], { failOn: 'low' })).toBe(1);
    expect(scanExitCode({ status: 'succeeded', errors: [] }, [finding({ severity: 'low' })], {})).toBe(0);
  });

  it('prints counts by check and status, top failing accounts and waste', () => {
    const scan = {
      id: 's1',
      startedAt: '2026-11-23T00:00:00Z',
      finishedAt: '2026-11-23T00:00:02Z',
      accounts: ['111111111111', '222222222222'],
      regions: ['us-east-1'],
      checks: ['x', 'y'],
      apiCalls: { total: 10, throttled: 0, retries: 0, byOperation: {} },
      errors: [],
      progress: { unitsTotal: 2, unitsDone: 2, accountsTotal: 2, accountsDone: 2, apiCalls: 10, errors: 0, findings: 3 },
      counts: { PASS: 1, FAIL: 2, ERROR: 0, MUTED: 0 },
      status: 'succeeded',
    } satisfies ScanSummary;
    const out = renderSummary(scan, [
      finding({ estimatedMonthlyCostUsd: 12.5 }),
      finding({ accountId: '222222222222', checkId: 'y' }),
      finding({ status: 'PASS', checkId: 'y' }),
    ]);
    expect(out).toMatch(/x\s+1\s+0\s+0\s+0/);
    expect(out).toMatch(/y\s+1\s+1\s+0\s+0/);
    expect(out).toContain('Top failing accounts');
    expect(out).toContain('Estimated monthly waste: $12.50');
    // Severity first, most severe on top.
    const severe = renderSummary(scan, [finding({ checkId: 'low-one', severity: 'low' }), finding({ checkId: 'crit-one', severity: 'critical' })]);
    const header = severe.split('\n').findIndex((l) => /^severity\s+check\s+FAIL/.test(l));
    expect(header).toBeGreaterThan(0);
    expect(severe.split('\n')[header + 1]).toMatch(/^critical\s+crit-one/);
    expect(severe.split('\n')[header + 2]).toMatch(/^low\s+low-one/);
    expect(out.split('\n')[0]).toBe('Scan complete.');
  });

  it('starts with PARTIAL SCAN and lists why each account and check was not evaluated', () => {
    const scan = {
      id: 's2',
      startedAt: '2026-11-23T00:00:00Z',
      finishedAt: '2026-11-23T00:00:02Z',
      accounts: ['111111111111', '222222222222'],
      regions: ['us-east-1'],
      checks: ['x'],
      apiCalls: { total: 3, throttled: 0, retries: 0, byOperation: {} },
      errors: [{ accountId: '222222222222', region: null, checkId: null, code: 'AccessDenied', message: 'cannot assume role OrgScanReadOnly: denied' }],
      progress: { unitsTotal: 1, unitsDone: 1, accountsTotal: 2, accountsDone: 2, apiCalls: 3, errors: 1, findings: 2 },
      counts: { PASS: 1, FAIL: 0, ERROR: 1, MUTED: 0 },
      coverage: { accounts: { planned: 2, evaluated: 1 }, units: { planned: 2, evaluated: 0 }, checks: { planned: 3, evaluated: 1 } },
      status: 'partial',
    } satisfies ScanSummary;
    const rootError = finding({ checkId: 'iam-root-mfa', status: 'ERROR', region: 'global', errorCode: 'NoRootRow', message: 'the credential report has no <root_account> row' });
    const out = renderSummary(scan, [finding({ status: 'PASS' }), rootError]);
    expect(out.split('\n')[0]).toBe(
      'PARTIAL SCAN: not everything was evaluated; 1 of 2 accounts, 0 of 2 units (account × region) and 1 of 3 check evaluations evaluated. Findings cover only what was evaluated; see why below.',
    );
    expect(out).toContain('account 222222222222: AccessDenied: cannot assume role OrgScanReadOnly: denied');
    expect(out).toContain('check iam-root-mfa (111111111111/global): NoRootRow: the credential report has no <root_account> row');
  });
});
