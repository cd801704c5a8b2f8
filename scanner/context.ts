// The per-unit CheckContext: every collector memoized, so each API list is paged through
// once per unit however many checks read it.
import type { CheckContext } from '../checks/types.js';
import type { PriceBook } from '../checks/pricing.js';
import type { UnitClients } from './collectors/clients.js';
import { createMemo } from './collectors/memo.js';
import { createEc2Collectors } from './collectors/ec2.js';
import { createRdsCollectors } from './collectors/rds.js';
import { createCloudWatchCollectors } from './collectors/cloudwatch.js';
import { createConfigCollectors } from './collectors/config.js';
import { createS3Collectors } from './collectors/s3.js';
import { createIamCollectors } from './collectors/iam.js';
import { createWasteMetricCollectors } from './collectors/waste-metrics.js';
import { createElbCollectors } from './collectors/elb.js';
import { createLogsCollectors } from './collectors/logs.js';
import { createEksCollectors } from './collectors/eks.js';

export interface UnitContextInput {
  clients: UnitClients;
  /** The unit's region, or 'global'. */
  region: string;
  now: Date;
  prices: PriceBook;
}

export function createCheckContext({ clients, region, now, prices }: UnitContextInput): CheckContext {
  const memo = createMemo();
  const ec2 = createEc2Collectors(clients, memo);
  const rds = createRdsCollectors(clients, memo);
  return {
    accountId: clients.accountId,
    region,
    partition: clients.partition,
    now,
    prices,
    ec2,
    rds,
    cloudwatch: { ...createCloudWatchCollectors(clients, memo, ec2, now), ...createWasteMetricCollectors(clients, memo, ec2, rds, now) },
    config: createConfigCollectors(clients, memo),
    s3: createS3Collectors(clients, memo),
    iam: createIamCollectors(clients, memo),
    elb: createElbCollectors(clients, memo, now),
    logs: createLogsCollectors(clients, memo),
    eks: createEksCollectors(clients, memo),
  };
}
