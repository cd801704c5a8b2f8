import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import type { CheckResult } from '../types.js';
import { BYTES_PER_GB, formatUsd, usd } from '../support/index.js';

/** The log group's ARN without the ":*" suffix DescribeLogGroups adds to `arn`. */
function logGroupArn(group: LogGroup): string | null {
  return group.logGroupArn ?? group.arn?.replace(/:\*$/, '') ?? null;
}

export const logsGroupNoRetention = defineCheck({
  id: 'logs-group-no-retention',
  title: 'CloudWatch log group never expires its events',
  service: 'logs',
  scope: 'regional',
  severity: 'low',
  // AWS Config's cw-loggroup-retention-period-check asks for a minimum retention, the opposite question; none is claimed.
  frameworks: [],
  prices: ['logs.storage.gbMonth'],
  reads: ['logs.logGroups'],
  options: z.object({
    minStoredGb: z
      .number()
      .min(0)
      .default(0)
      .describe('Log groups without retention that store less than this many GB pass (0: every group without retention fails).'),
  }),
  remediation: {
    text:
      'Set a retention period on the log group (PutRetentionPolicy) that matches how long its events are needed; ' +
      'export what must be kept longer to S3 first.',
    url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention',
  },
  async evaluate(ctx, options) {
    const groups = (await ctx.logs.logGroups()).filter((g) => g.logGroupName);
    const price = ctx.prices.resolve('logs.storage.gbMonth', ctx.region);
    const results = groups.map((group): CheckResult & { bytes: number } => {
      const name = group.logGroupName!;
      const bytes = group.storedBytes ?? 0;
      const gb = bytes / BYTES_PER_GB;
      const retention = group.retentionInDays ?? null;
      const evidence: Record<string, unknown> = {
        logGroupName: name,
        retentionInDays: retention,
        storedBytes: bytes,
        logGroupClass: group.logGroupClass ?? null,
        creationTime: group.creationTime ? new Date(group.creationTime).toISOString() : null,
      };
      const base = { resourceType: 'AWS::Logs::LogGroup', resourceId: name, resourceArn: logGroupArn(group), bytes };
      if (retention !== null) {
        return { ...base, status: 'PASS', message: `Log group ${name} expires its events after ${retention} days.`, evidence, estimatedMonthlyCostUsd: null };
      }
      if (gb < options.minStoredGb) {
        return {
          ...base,
          status: 'PASS',
          message: `Log group ${name} never expires its events but stores ${Math.round(gb * 1000) / 1000} GB, under the ${options.minStoredGb} GB threshold.`,
          evidence,
          estimatedMonthlyCostUsd: null,
        };
      }
      const monthly = usd(gb * price.usd);
      return {
        ...base,
        status: 'FAIL',
        message: `Log group ${name} never expires its events; the ${Math.round(gb * 1000) / 1000} GB it stores cost ${formatUsd(monthly)}/month and grow with every event.`,
        evidence: { ...evidence, storedGb: Math.round(gb * 1000) / 1000, storagePriceUsdPerGbMonth: price.usd, storagePriceBasis: price.basis },
        estimatedMonthlyCostUsd: monthly,
        // The storage bill for this month follows from storedBytes; a price borrowed from us-east-1 makes it an estimate.
        costBasis: price.basis === 'us-east-1' || price.basis === 'estimate' ? 'estimate' : 'exact',
      };
    });
    // Largest first among the failures: the groups most worth a retention policy head the list.
    results.sort((a, b) => (a.status === 'FAIL' ? 0 : 1) - (b.status === 'FAIL' ? 0 : 1) || b.bytes - a.bytes || a.resourceId.localeCompare(b.resourceId));
    return results.map(({ bytes: _bytes, ...result }) => result);
  },
});
