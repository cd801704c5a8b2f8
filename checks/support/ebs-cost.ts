// EBS volume cost: the monthly list price of a volume (storage, provisioned IOPS, gp3 throughput), shared by
// every check that prices volumes.
import type { Volume } from '@aws-sdk/client-ec2';
import { PRICES, type PriceBook, type PriceKey } from '../pricing.js';
import { usd } from './money.js';

/** Every price key volumeMonthlyCost may read. */
export const EBS_VOLUME_PRICE_KEYS: PriceKey[] = [
  'ebs.gp2.gbMonth',
  'ebs.gp3.gbMonth',
  'ebs.io1.gbMonth',
  'ebs.io2.gbMonth',
  'ebs.st1.gbMonth',
  'ebs.sc1.gbMonth',
  'ebs.standard.gbMonth',
  'ebs.io1.iopsMonth',
  'ebs.io2.iopsMonth',
  'ebs.gp3.iopsMonth',
  'ebs.gp3.throughputMbpsMonth',
];

/** gp3 includes 3,000 IOPS and 125 MB/s at no charge. */
export const GP3_FREE_IOPS = 3_000;
export const GP3_FREE_THROUGHPUT_MBPS = 125;
/** io2 IOPS are billed in tiers: the table's price up to 32,000, then 70 %, then 49 % above 64,000. */
const IO2_TIERS = [
  { upTo: 32_000, factor: 1 },
  { upTo: 64_000, factor: 0.7 },
  { upTo: Number.POSITIVE_INFINITY, factor: 0.49 },
];

function io2IopsCost(iops: number, price: number): number {
  let cost = 0;
  let floor = 0;
  for (const tier of IO2_TIERS) {
    if (iops <= floor) break;
    cost += (Math.min(iops, tier.upTo) - floor) * price * tier.factor;
    floor = tier.upTo;
  }
  return cost;
}

export interface VolumeCost {
  monthlyUsd: number;
  storageUsd: number;
  iopsUsd: number;
  throughputUsd: number;
}

/** The price key of `ebs.<type>.<what>` when the table has one. */
function ebsPriceKey(type: string, what: 'gbMonth' | 'iopsMonth'): PriceKey | undefined {
  const key = `ebs.${type}.${what}`;
  return Object.hasOwn(PRICES, key) ? (key as PriceKey) : undefined;
}

/** Monthly list price of a volume; null when the price table has no storage price for its type. */
export function volumeMonthlyCost(volume: Volume, prices: PriceBook, region: string): VolumeCost | null {
  const type = volume.VolumeType ?? 'standard';
  const storageKey = ebsPriceKey(type, 'gbMonth');
  if (storageKey === undefined) return null;
  const storageUsd = (volume.Size ?? 0) * prices.get(storageKey, region);

  let iopsUsd = 0;
  const iopsKey = ebsPriceKey(type, 'iopsMonth');
  const iopsPrice = iopsKey === undefined ? undefined : prices.get(iopsKey, region);
  if (iopsPrice !== undefined && volume.Iops !== undefined) {
    if (type === 'io2') iopsUsd = io2IopsCost(volume.Iops, iopsPrice);
    else iopsUsd = (type === 'gp3' ? Math.max(0, volume.Iops - GP3_FREE_IOPS) : volume.Iops) * iopsPrice;
  }
  let throughputUsd = 0;
  if (type === 'gp3' && volume.Throughput !== undefined) {
    throughputUsd = Math.max(0, volume.Throughput - GP3_FREE_THROUGHPUT_MBPS) * prices.get('ebs.gp3.throughputMbpsMonth', region);
  }
  return {
    monthlyUsd: usd(storageUsd + iopsUsd + throughputUsd),
    storageUsd: usd(storageUsd),
    iopsUsd: usd(iopsUsd),
    throughputUsd: usd(throughputUsd),
  };
}
