import { paginateDescribeDBClusters, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import type { RdsCollectors } from '../../checks/types.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

export function createRdsCollectors(clients: UnitClients, memo: Memo): RdsCollectors {
  return {
    dbInstances: () =>
      memo('rds:dbInstances', () =>
        collectPages(paginateDescribeDBInstances({ client: clients.rds(), pageSize: 100 }, {}), (p) => p.DBInstances),
      ),
    dbClusters: () =>
      memo('rds:dbClusters', () =>
        collectPages(paginateDescribeDBClusters({ client: clients.rds(), pageSize: 100 }, {}), (p) => p.DBClusters),
      ),
  };
}
