import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { describe, expect, it } from 'vitest';
import { logsGroupNoRetention } from '../../../checks/logs/logs-group-no-retention.js';
import { fakeContext, runCheck } from '../../helpers/fake-context.js';

const GiB = 1024 ** 3;
const group = (name: string, storedBytes: number, retentionInDays?: number): LogGroup => ({
  logGroupName: name,
  storedBytes,
  ...(retentionInDays === undefined ? {} : { retentionInDays }),
  arn: `arn:aws:logs:us-east-1:111111111111:log-group:${name}:*`,
  creationTime: Date.parse('2025-01-01T00:00:00Z'),
});
const run = (groups: LogGroup[], options: Record<string, unknown> = {}, region = 'us-east-1') =>
  runCheck(logsGroupNoRetention, fakeContext({ region, logs: { logGroups: async () => groups } }), options);

describe('logs-group-no-retention', () => {
  it('passes a group with a retention period and fails one that never expires, with its storage cost', async () => {
    const results = await run([group('/aws/lambda/kept', 50 * GiB, 30), group('/aws/lambda/forever', 100 * GiB)]);
    const failing = results.find((r) => r.resourceId === '/aws/lambda/forever')!;
    // 100 GB × $0.03 = $3.00 this month, exact.
    expect(failing).toMatchObject({
      status: 'FAIL',
      estimatedMonthlyCostUsd: 3,
      costBasis: 'exact',
      resourceType: 'AWS::Logs::LogGroup',
      resourceArn: 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/forever',
      evidence: { retentionInDays: null, storedBytes: 100 * GiB, storedGb: 100, storagePriceUsdPerGbMonth: 0.03 },
    });
    expect(results.find((r) => r.resourceId === '/aws/lambda/kept')).toMatchObject({ status: 'PASS', evidence: { retentionInDays: 30 } });
  });

  it('orders the failures largest first, ahead of the passes', async () => {
    const results = await run([
      group('small', 1 * GiB),
      group('kept', 500 * GiB, 7),
      group('huge', 900 * GiB),
      group('medium', 20 * GiB),
      group('empty', 0),
    ]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['huge', 'FAIL'],
      ['medium', 'FAIL'],
      ['small', 'FAIL'],
      ['empty', 'FAIL'],
      ['kept', 'PASS'],
    ]);
    expect(results[0]!.estimatedMonthlyCostUsd).toBe(27);
    // An empty group never expiring costs nothing yet, and says so.
    expect(results[3]!.estimatedMonthlyCostUsd).toBe(0);
  });

  it('passes groups under the minStoredGb option', async () => {
    const results = await run([group('tiny', 0.5 * GiB), group('big', 2 * GiB)], { minStoredGb: 1 });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['big', 'FAIL'],
      ['tiny', 'PASS'],
    ]);
    expect(results[1]!.message).toContain('under the 1 GB threshold');
  });

  it('prefers logGroupArn and treats a missing storedBytes as empty', async () => {
    const results = await run([{ logGroupName: 'g', logGroupArn: 'arn:aws:logs:us-east-1:1:log-group:g' }]);
    expect(results[0]).toMatchObject({ status: 'FAIL', resourceArn: 'arn:aws:logs:us-east-1:1:log-group:g', estimatedMonthlyCostUsd: 0 });
  });

  it('prices each region from the feed (eu-central-1: $0.0324), and states a price borrowed from us-east-1 as an estimate', async () => {
    const eu = await run([group('g', 10 * GiB)], {}, 'eu-central-1');
    expect(eu[0]).toMatchObject({ costBasis: 'exact', estimatedMonthlyCostUsd: 0.32, evidence: { storagePriceUsdPerGbMonth: 0.0324, storagePriceBasis: 'list' } });
    const other = await run([group('g', 10 * GiB)], {}, 'us-gov-west-1');
    expect(other[0]).toMatchObject({ costBasis: 'estimate', evidence: { storagePriceBasis: 'us-east-1' } });
  });

  it('returns nothing for a region without log groups', async () => {
    expect(await run([])).toEqual([]);
  });
});
