// On-demand list prices used to estimate monthly waste. They are estimates:
// the configuration file may override any field for any region (`prices:`).

export const HOURS_PER_MONTH = 730;

export interface RegionPrices {
  /** USD per GB-month of provisioned storage, by volume type. */
  ebsGbMonth: Record<string, number>;
  /** USD per provisioned IOPS-month (io1/io2 all IOPS; gp3 above the free 3,000). */
  ebsIopsMonth: Record<string, number>;
  /** USD per MB/s-month of gp3 throughput above the free 125 MB/s. */
  ebsGp3ThroughputMbpsMonth: number;
  natGatewayHour: number;
  natGatewayPerGb: number;
}

export type RegionPriceOverrides = Partial<{
  ebsGbMonth: Record<string, number>;
  ebsIopsMonth: Record<string, number>;
  ebsGp3ThroughputMbpsMonth: number;
  natGatewayHour: number;
  natGatewayPerGb: number;
}>;

export interface PriceBook {
  forRegion(region: string): RegionPrices;
}

const US_EAST_1: RegionPrices = {
  ebsGbMonth: { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 },
  ebsIopsMonth: { io1: 0.065, io2: 0.065, gp3: 0.005 },
  ebsGp3ThroughputMbpsMonth: 0.04,
  natGatewayHour: 0.045,
  natGatewayPerGb: 0.045,
};

/** Regional multipliers of the us-east-1 price (EBS storage, NAT gateway), from AWS's public price lists. */
const REGION_FACTORS: Record<string, { ebs: number; nat: number }> = {
  'us-east-1': { ebs: 1, nat: 1 },
  'us-east-2': { ebs: 1, nat: 1 },
  'us-west-1': { ebs: 1.2, nat: 1.067 },
  'us-west-2': { ebs: 1, nat: 1 },
  'ca-central-1': { ebs: 1.1, nat: 1.111 },
  'eu-west-1': { ebs: 1.1, nat: 1.067 },
  'eu-west-2': { ebs: 1.16, nat: 1.111 },
  'eu-west-3': { ebs: 1.16, nat: 1.111 },
  'eu-central-1': { ebs: 1.19, nat: 1.156 },
  'eu-north-1': { ebs: 1.045, nat: 1.022 },
  'eu-south-1': { ebs: 1.16, nat: 1.111 },
  'ap-northeast-1': { ebs: 1.2, nat: 1.378 },
  'ap-northeast-2': { ebs: 1.14, nat: 1.311 },
  'ap-northeast-3': { ebs: 1.2, nat: 1.378 },
  'ap-southeast-1': { ebs: 1.2, nat: 1.311 },
  'ap-southeast-2': { ebs: 1.2, nat: 1.311 },
  'ap-south-1': { ebs: 1.14, nat: 1.044 },
  'sa-east-1': { ebs: 1.9, nat: 2.067 },
  'me-south-1': { ebs: 1.21, nat: 1.311 },
  'af-south-1': { ebs: 1.31, nat: 1.333 },
};

const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;

function scaled(factor: { ebs: number; nat: number }): RegionPrices {
  const scale = (rec: Record<string, number>, f: number): Record<string, number> =>
    Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, round4(v * f)]));
  return {
    ebsGbMonth: scale(US_EAST_1.ebsGbMonth, factor.ebs),
    ebsIopsMonth: scale(US_EAST_1.ebsIopsMonth, factor.ebs),
    ebsGp3ThroughputMbpsMonth: round4(US_EAST_1.ebsGp3ThroughputMbpsMonth * factor.ebs),
    natGatewayHour: round4(US_EAST_1.natGatewayHour * factor.nat),
    natGatewayPerGb: round4(US_EAST_1.natGatewayPerGb * factor.nat),
  };
}

/** A price book from the built-in table, with per-region overrides ('*' applies to every region). */
export function createPriceBook(overrides: Record<string, RegionPriceOverrides> = {}): PriceBook {
  const cache = new Map<string, RegionPrices>();
  return {
    forRegion(region: string): RegionPrices {
      const hit = cache.get(region);
      if (hit) return hit;
      // Unknown regions fall back to us-east-1 prices rather than guessing.
      const base = scaled(REGION_FACTORS[region] ?? { ebs: 1, nat: 1 });
      const merged = [overrides['*'], overrides[region]].reduce<RegionPrices>(
        (acc, o) =>
          o
            ? {
                ebsGbMonth: { ...acc.ebsGbMonth, ...o.ebsGbMonth },
                ebsIopsMonth: { ...acc.ebsIopsMonth, ...o.ebsIopsMonth },
                ebsGp3ThroughputMbpsMonth: o.ebsGp3ThroughputMbpsMonth ?? acc.ebsGp3ThroughputMbpsMonth,
                natGatewayHour: o.natGatewayHour ?? acc.natGatewayHour,
                natGatewayPerGb: o.natGatewayPerGb ?? acc.natGatewayPerGb,
              }
            : acc,
        base,
      );
      cache.set(region, merged);
      return merged;
    },
  };
}
