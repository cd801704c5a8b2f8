// AWS Config (JSON 1.1): configuration recorders and their status.
import type { RateLimit, SyntheticService } from '../service.js';
import { jsonTarget } from '../wire/input.js';

export function configService(limit: RateLimit): SyntheticService {
  const family = { name: 'config:describe', scope: 'unit' as const, ...limit };
  return {
    protocol: 'json1.1',
    operation: (request) => jsonTarget(request, 'StarlingDoveService'),
    throttle: () => family,
    throttleError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
    operations: {
      DescribeConfigurationRecorders(_request, ctx) {
        const recorders = ctx.org.regionalUnit(ctx.accountId, ctx.region).recorders.map((r) => ({
          arn: `arn:aws:config:${ctx.region}:${ctx.accountId}:configuration-recorder/${r.name}/synthetic`,
          name: r.name,
          roleARN: `arn:aws:iam::${ctx.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
          recordingGroup: { allSupported: r.allSupported, includeGlobalResourceTypes: r.allSupported && ctx.region === 'us-east-1', resourceTypes: [] },
          recordingMode: { recordingFrequency: 'CONTINUOUS', recordingModeOverrides: [] },
        }));
        return JSON.stringify({ ConfigurationRecorders: recorders });
      },
      DescribeConfigurationRecorderStatus(_request, ctx) {
        const started = Math.floor(ctx.org.now.getTime() / 1000) - 30 * 86_400;
        const statuses = ctx.org.regionalUnit(ctx.accountId, ctx.region).recorders.map((r) => ({
          name: r.name,
          lastStartTime: started,
          ...(r.recording ? {} : { lastStopTime: started + 86_400 }),
          recording: r.recording,
          lastStatus: r.lastStatus,
          lastStatusChangeTime: started,
        }));
        return JSON.stringify({ ConfigurationRecordersStatus: statuses });
      },
    },
  };
}
