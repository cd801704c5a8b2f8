import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import type { LogsCollectors } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

export function createLogsCollectors(clients: UnitClients, memo: Memo): LogsCollectors {
  return {
    logGroups: () =>
      memo('logs:logGroups', () =>
        collectPages(
          paginateDescribeLogGroups({ client: clients.logs(), pageSize: COLLECTORS['logs.logGroups'].paging.pageSize }, {}),
          (p) => p.logGroups,
        ),
      ),
  };
}
