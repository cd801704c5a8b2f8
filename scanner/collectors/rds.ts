import { paginateDescribeDBClusters, paginateDescribeDBInstances, paginateDescribeDBMajorEngineVersions } from '@aws-sdk/client-rds';
import type { RdsCollectors } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

export function createRdsCollectors(clients: UnitClients, memo: Memo): RdsCollectors {
  return {
    dbInstances: () =>
      memo('rds:dbInstances', () =>
        collectPages(paginateDescribeDBInstances({ client: clients.rds(), pageSize: COLLECTORS['rds.dbInstances'].paging.pageSize }, {}), (p) => p.DBInstances),
      ),
    dbClusters: () =>
      memo('rds:dbClusters', () =>
        collectPages(paginateDescribeDBClusters({ client: clients.rds(), pageSize: COLLECTORS['rds.dbClusters'].paging.pageSize }, {}), (p) => p.DBClusters),
      ),
    majorEngineVersions: () =>
      memo('rds:majorEngineVersions', () =>
        collectPages(
          paginateDescribeDBMajorEngineVersions({ client: clients.rds(), pageSize: COLLECTORS['rds.majorEngineVersions'].paging.pageSize }, {}),
          (p) => p.DBMajorEngineVersions,
        ),
      ),
  };
}
