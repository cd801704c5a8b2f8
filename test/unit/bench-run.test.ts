// The benchmark end to end at a tiny size, in this thread: real engine and checks against the synthetic AWS.
import { describe, expect, it } from 'vitest';
import { runBenchmark, splitAccounts } from '../../bench/benchmark.js';
import { parseBenchOptions, type BenchOptions } from '../../bench/options.js';
import { formatReport, jsonLine } from '../../bench/report.js';
import { globalChain, lowerBound, regionalChain } from '../../bench/lower-bound.js';
import { SyntheticOrganization } from '../../emulator/synthetic/model/organization.js';

const tiny = (extra: Partial<BenchOptions> = {}): BenchOptions => ({
  ...parseBenchOptions(['--accounts', '6', '--regions', '2', '--latency-ms', '0', '--workers', '2']),
  ...extra,
});

describe('benchmark options', () => {
  it('has quick defaults and names the bad flag', () => {
    const o = parseBenchOptions([]);
    expect(o).toMatchObject({ accounts: 50, regions: 4, latencyMs: 40, seed: 'orgscan-bench' });
    expect(() => parseBenchOptions(['--regions', '18'])).toThrow(/--regions must be an integer from 1 to 17, got "18"/);
    expect(() => parseBenchOptions(['--accounts', 'many'])).toThrow(/--accounts must be an integer/);
    expect(() => parseBenchOptions(['--jitter', '2'])).toThrow(/--jitter must be a number from 0 to 1/);
  });

  it('splits accounts round-robin into non-empty slices', () => {
    expect(splitAccounts(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'c', 'e'], ['b', 'd']]);
    expect(splitAccounts(['a'], 3)).toEqual([['a']]);
  });
});

describe('lower bound', () => {
  it('is the longer of the dependent chain and the slowest throttling bucket', () => {
    const org = new SyntheticOrganization({ seed: 'lb', accounts: 45, regions: 2 });
    const chainOnly = lowerBound({ org, unitChain: 4, sizes: {}, latencyMs: 40, buckets: [] });
    // 3 pages of ListAccounts + AssumeRole + the unit's 4 calls.
    expect(chainOnly).toMatchObject({ chainCalls: 8, throttleBucket: null });
    expect(chainOnly.seconds).toBeCloseTo(0.32);
    const throttled = lowerBound({ org, unitChain: 4, sizes: {}, latencyMs: 40, buckets: [{ key: 'iam|1', admitted: 60, rate: 15, burst: 30, seconds: 2 }] });
    expect(throttled).toMatchObject({ throttleSeconds: 2, throttleBucket: 'iam|1', seconds: 2 });
  });

  it('counts pages with the page sizes the scanner used', () => {
    const org = new SyntheticOrganization({ seed: 'lb', accounts: 45, regions: 2 });
    let accountId = org.accountId(1);
    let region = org.regions[0]!;
    for (let i = 1; i < 45; i++) for (const r of org.regions) {
      if (org.regionalUnit(org.accountId(i), r).networkInterfaces.length > org.regionalUnit(accountId, region).networkInterfaces.length) {
        accountId = org.accountId(i);
        region = r;
      }
    }
    const enis = org.regionalUnit(accountId, region).networkInterfaces.length;
    expect(enis).toBeGreaterThan(10);
    expect(regionalChain(org, accountId, region, { 'ec2:DescribeNetworkInterfaces': 5 })).toBeGreaterThanOrEqual(Math.ceil(enis / 5));
    expect(regionalChain(org, accountId, region, { 'ec2:DescribeNetworkInterfaces': 1000 })).toBeLessThan(Math.ceil(enis / 5));
    expect(globalChain(org, accountId, {})).toBeGreaterThanOrEqual(3);
  });
});

describe('runBenchmark', () => {
  it('scans the synthetic organization with the real engine and reports figures and one JSON line', async () => {
    const result = await runBenchmark(tiny(), { inProcess: true });
    expect(result).toMatchObject({ accounts: 6, regions: 2, units: 18, workers: 2, failedUnits: 0, errorCodes: {} });
    expect(result.apiCalls).toBe(Object.values(result.byOperation).reduce((a, b) => a + b, 0));
    expect(result.byOperation['STS:AssumeRole']).toBe(6);
    expect(result.byOperation['EC2:DescribeRegions']).toBe(6);
    expect(result.byOperation['Organizations:ListAccounts']).toBe(1);
    expect(result.findingsByStatus.FAIL).toBeGreaterThan(0);
    expect(result.findingsByStatus.ERROR).toBe(0);
    expect(result.findings).toBe(result.findingsByStatus.PASS + result.findingsByStatus.FAIL);
    expect(result.lowerBound.chainCalls).toBeGreaterThan(3);
    const lines = formatReport(result);
    expect(lines.join('\n')).toMatch(/lower bound/);
    const json = JSON.parse(jsonLine(result));
    for (const key of ['accounts', 'regions', 'wallSeconds', 'apiCalls', 'callsPerSecond', 'throttled', 'failedUnits', 'peakRssMb', 'findings']) {
      expect(json).toHaveProperty(key);
    }
  }, 60_000);

  it('is deterministic: the same seed gives the same findings', async () => {
    const a = await runBenchmark(tiny(), { inProcess: true });
    const b = await runBenchmark(tiny(), { inProcess: true });
    const c = await runBenchmark(tiny({ seed: 'another' }), { inProcess: true });
    expect(b.findingsByStatus).toEqual(a.findingsByStatus);
    expect(b.apiCalls).toBe(a.apiCalls);
    expect(c.findingsByStatus).not.toEqual(a.findingsByStatus);
  }, 60_000);

  it('rides out throttling with SDK retries: throttled answers, zero failed units', async () => {
    const result = await runBenchmark(
      tiny({ throttle: { iam: { rate: 200, burst: 2 }, ec2: { rate: 200, burst: 2 } } }),
      { inProcess: true },
    );
    expect(result.throttled).toBeGreaterThan(0);
    expect(result.retries).toBeGreaterThanOrEqual(result.throttled);
    expect(result.failedUnits).toBe(0);
    expect(result.findingsByStatus.ERROR).toBe(0);
  }, 60_000);
});
