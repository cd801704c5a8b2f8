// The regions a unit list covers for one account: explicit, or the account's enabled regions.
import { DescribeRegionsCommand, type EC2Client } from '@aws-sdk/client-ec2';

const ENABLED = new Set(['opt-in-not-required', 'opted-in']);

/** Regions enabled in the account (DescribeRegions without AllRegions, opt-in status respected), sorted. */
export async function enabledRegions(ec2: EC2Client, keep?: (region: string) => boolean): Promise<string[]> {
  const out = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
  return (out.Regions ?? [])
    .filter((r) => r.RegionName && (r.OptInStatus === undefined || ENABLED.has(r.OptInStatus)))
    .map((r) => r.RegionName!)
    .filter((name) => (keep ? keep(name) : true))
    .sort();
}

export function applyRegionFilters(regions: readonly string[], exclude: readonly string[] | undefined): string[] {
  const excluded = new Set(exclude ?? []);
  return regions.filter((r) => !excluded.has(r));
}
