// AWS Config collectors for a regional unit.
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import type { ConfigCollectors } from '../../checks/types.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';

// The Describe* calls are not paginated: they return every recorder of the region (at most a handful).
export function createConfigCollectors(clients: UnitClients, memo: Memo): ConfigCollectors {
  return {
    recorders: () =>
      memo('config:recorders', async () => {
        const out = await clients.config().send(new DescribeConfigurationRecordersCommand({}));
        return out.ConfigurationRecorders ?? [];
      }),
    recorderStatuses: () =>
      memo('config:recorderStatuses', async () => {
        const out = await clients.config().send(new DescribeConfigurationRecorderStatusCommand({}));
        return out.ConfigurationRecordersStatus ?? [];
      }),
  };
}
