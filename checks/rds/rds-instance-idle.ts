import type { DBInstance } from '@aws-sdk/client-rds';
import { z } from 'zod';
import { PRICE_KEYS, type PriceBook, type PriceKey, type ResolvedPrice } from '../pricing.js';
import type { CheckResult } from '../types.js';
import { HOURS_PER_MONTH, ageInDays, formatUsd, tagsToRecord, usd } from '../support/index.js';
import { defineCheck } from '../define.js';
import { trustedAdvisor } from '../frameworks/index.js';
import { isOutOfScopeEngine, isReadReplica } from './rds-instance-single-az.js';

/** Statuses in which a DB instance bills no instance-hours or is not yet/no longer in service: not judged. */
const NOT_IN_SERVICE = new Set(['stopped', 'stopping', 'starting', 'creating', 'deleting', 'failed']);

/** Every price key this check may read: the RDS instance classes and storage types of the price table. */
// Instance-hours and storage only (the Extended Support surcharge belongs to another check).
const RDS_PRICE_KEYS: readonly PriceKey[] = PRICE_KEYS.filter((k) => k.startsWith('rds.') && !k.startsWith('rds.extendedSupport.'));
const KNOWN_KEYS = new Set<string>(RDS_PRICE_KEYS);

/** The price table's engine family for an engine: MariaDB is priced as MySQL; Aurora and the commercial engines are not in the table. */
export function rdsPriceEngine(engine: string | undefined): 'mysql' | 'postgres' | null {
  const e = (engine ?? '').toLowerCase();
  if (e === 'mysql' || e === 'mariadb') return 'mysql';
  if (e === 'postgres') return 'postgres';
  return null;
}

export interface RdsInstanceCost {
  deployment: 'Single-AZ' | 'Multi-AZ';
  /** Instances billed: 2 for a Multi-AZ instance (primary and standby). */
  billedCopies: number;
  instanceClass: string | null;
  instanceHourlyUsd: number | null;
  instanceMonthlyUsd: number | null;
  storageType: string | null;
  allocatedStorageGiB: number | null;
  storagePerGbMonthUsd: number | null;
  storageMonthlyUsd: number | null;
  /** How each price was found: list (the table's price for the region), us-east-1 (no regional price), override. */
  priceBasis: Record<string, ResolvedPrice['basis']>;
  /** What could not be priced, and why. */
  unpriced: string[];
  monthlyCostUsd: number | null;
}

/** Monthly instance-hours and storage of a DB instance at list price; the parts the table does not know are named, not guessed. */
export function rdsInstanceCost(instance: DBInstance, region: string, prices: PriceBook): RdsInstanceCost {
  const multiAZ = instance.MultiAZ === true;
  const copies = multiAZ ? 2 : 1;
  const priceBasis: Record<string, ResolvedPrice['basis']> = {};
  const unpriced: string[] = [];
  const price = (key: string): number | null => {
    if (!KNOWN_KEYS.has(key)) return null;
    const resolved = prices.resolve(key as PriceKey, region);
    priceBasis[key] = resolved.basis;
    return resolved.usd;
  };

  const engine = rdsPriceEngine(instance.Engine);
  const instanceClass = instance.DBInstanceClass ?? null;
  let instanceHourly: number | null = null;
  if ((instance.Engine ?? '').toLowerCase().startsWith('aurora')) {
    // Aurora instances have their own price list and their storage is the cluster's: neither is in the table.
    unpriced.push(`Aurora instance (${instanceClass ?? 'unknown class'}): Aurora instance-hours are not in the price table, and Aurora storage is billed per cluster`);
  } else if (!engine) {
    unpriced.push(`engine ${instance.Engine ?? 'unknown'} is not in the price table`);
  } else {
    instanceHourly = price(`rds.${engine}.${instanceClass}.hour`);
    if (instanceHourly === null) unpriced.push(`instance class ${instanceClass ?? 'unknown'} (${instance.Engine}) is not in the price table`);
  }

  const storageType = instance.StorageType ?? null;
  const gib = instance.AllocatedStorage ?? null;
  let storagePerGb: number | null = null;
  if (!(instance.Engine ?? '').toLowerCase().startsWith('aurora')) {
    storagePerGb = storageType ? price(`rds.${storageType}.gbMonth`) : null;
    if (storagePerGb === null) unpriced.push(`storage type ${storageType ?? 'unknown'} is not in the price table`);
  }

  const instanceMonthly = instanceHourly === null ? null : usd(instanceHourly * HOURS_PER_MONTH * copies);
  const storageMonthly = storagePerGb === null || gib === null ? null : usd(storagePerGb * gib * copies);
  const known = [instanceMonthly, storageMonthly].filter((n): n is number => n !== null);
  return {
    deployment: multiAZ ? 'Multi-AZ' : 'Single-AZ',
    billedCopies: copies,
    instanceClass,
    instanceHourlyUsd: instanceHourly,
    instanceMonthlyUsd: instanceMonthly,
    storageType,
    allocatedStorageGiB: gib,
    storagePerGbMonthUsd: storagePerGb,
    storageMonthlyUsd: storageMonthly,
    priceBasis,
    unpriced,
    monthlyCostUsd: known.length === 0 ? null : usd(known.reduce((a, b) => a + b, 0)),
  };
}

export const rdsInstanceIdle = defineCheck({
  id: 'rds-instance-idle',
  title: 'RDS DB instance had no connection over the idle window',
  service: 'rds',
  scope: 'regional',
  severity: 'low',
  frameworks: [trustedAdvisor('Ti39halfu8')],
  reads: ['rds.dbInstances', 'cloudwatch.rdsConnections'],
  prices: RDS_PRICE_KEYS,
  options: z.object({
    idleDays: z.number().int().min(1).max(63).default(7).describe('Days without any connection (DatabaseConnections maximum 0) that make an instance idle (at most 63: one GetMetricData period).'),
    minAgeDays: z.number().int().min(0).default(7).describe('DB instances created fewer days ago than this are not judged.'),
  }),
  remediation: {
    text:
      'Confirm with the owner that nothing connects to the database, take a final snapshot, then delete the DB instance ' +
      '(or stop it: a stopped instance bills storage only, and RDS starts it again after seven days).',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
  },
  async evaluate(ctx, options) {
    const instances = (await ctx.rds.dbInstances()).filter((i) => i.DBInstanceIdentifier && !isOutOfScopeEngine(i.Engine));
    if (instances.length === 0) return [];
    const connections = await ctx.cloudwatch.rdsConnections(options.idleDays);
    return instances.map((instance): CheckResult => {
      const id = instance.DBInstanceIdentifier!;
      const status = (instance.DBInstanceStatus ?? 'unknown').toLowerCase();
      const ageDays = ageInDays(instance.InstanceCreateTime, ctx.now);
      const window = connections.get(id);
      const evidence: Record<string, unknown> = {
        engine: instance.Engine,
        instanceClass: instance.DBInstanceClass,
        status,
        multiAZ: instance.MultiAZ ?? false,
        readReplica: isReadReplica(instance),
        clusterId: instance.DBClusterIdentifier ?? null,
        ageDays,
        idleDays: options.idleDays,
        maxConnections: window?.value ?? null,
        datapoints: window?.datapoints ?? 0,
      };
      const base = { resourceType: 'AWS::RDS::DBInstance', resourceId: id, resourceArn: instance.DBInstanceArn ?? null, tags: tagsToRecord(instance.TagList), evidence };
      const pass = (message: string): CheckResult => ({ ...base, status: 'PASS', message });

      if (NOT_IN_SERVICE.has(status)) return pass(`DB instance ${id} is ${status}: not judged (a stopped instance bills storage, not instance-hours).`);
      if (ageDays !== null && ageDays < options.minAgeDays) return pass(`DB instance ${id} was created ${ageDays} day(s) ago: younger than ${options.minAgeDays} days, not judged.`);
      if (!window || window.datapoints === 0 || window.value === null) {
        return pass(`CloudWatch holds no DatabaseConnections datapoint for DB instance ${id} over ${options.idleDays} days: not judged.`);
      }
      if (window.value > 0) return pass(`DB instance ${id} had up to ${window.value} connection(s) over ${options.idleDays} days.`);

      const cost = rdsInstanceCost(instance, ctx.region, ctx.prices);
      const what = `${cost.deployment} ${instance.Engine ?? ''} ${instance.DBInstanceClass ?? ''}`.replace(/\s+/g, ' ').trim();
      const figure =
        cost.monthlyCostUsd === null
          ? `Its cost is not in the price table (${cost.unpriced.join('; ')}).`
          : cost.unpriced.length === 0
            ? `It costs about ${formatUsd(cost.monthlyCostUsd)}/month at list price (instance-hours ${formatUsd(cost.instanceMonthlyUsd ?? 0)}, storage ${formatUsd(cost.storageMonthlyUsd ?? 0)}).`
            : `Its known cost is ${formatUsd(cost.monthlyCostUsd)}/month; not priced: ${cost.unpriced.join('; ')}.`;
      return {
        ...base,
        status: 'FAIL',
        message: `DB instance ${id} (${what}${evidence.readReplica ? ', read replica' : ''}) had no connection in ${options.idleDays} days. ${figure}`,
        evidence: { ...evidence, cost },
        estimatedMonthlyCostUsd: cost.monthlyCostUsd,
        costBasis: cost.monthlyCostUsd === null ? null : 'estimate',
      };
    });
  },
});
