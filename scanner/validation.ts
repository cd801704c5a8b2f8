import { partition as sdkPartition } from '@aws-sdk/core/client';

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** An IAM role name, never an ARN: the role name is configuration, so a caller cannot pick a role. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** Commercial, China, GovCloud, ISO and European sovereign region names. */
export const REGION_PATTERN = /^[a-z]{2}(-(gov|iso[a-z]?))?-[a-z]+-\d{1,2}$/;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function validateAccountIds(ids: readonly string[]): string[] {
  const bad = ids.filter((id) => !ACCOUNT_ID_PATTERN.test(id));
  if (bad.length > 0) {
    throw new UsageError(`invalid account id${bad.length > 1 ? 's' : ''} ${bad.map((b) => JSON.stringify(b)).join(', ')}: an account id is 12 digits`);
  }
  return [...new Set(ids)];
}

export function validateRegions(regions: readonly string[]): string[] {
  const bad = regions.filter((r) => !REGION_PATTERN.test(r));
  if (bad.length > 0) {
    throw new UsageError(`invalid region name${bad.length > 1 ? 's' : ''} ${bad.map((b) => JSON.stringify(b)).join(', ')}: expected names such as us-east-1 or eu-west-2`);
  }
  // A region that does not exist would be scanned as if it were empty (an emulator answers for any name).
  const unknown = regions.filter((r) => !isKnownRegion(r));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown region${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}: not ${unknown.length > 1 ? 'regions' : 'a region'} of any AWS partition ` +
        '(the AWS SDK\'s region list; `aws ec2 describe-regions --all-regions` lists the real ones)',
    );
  }
  const partitions = new Set(regions.map(regionPartition));
  if (partitions.size > 1) {
    throw new UsageError(`regions ${regions.join(', ')} span several partitions (${[...partitions].join(', ')}): scan one partition at a time`);
  }
  return [...new Set(regions)];
}

/** True for a region the AWS SDK's partition table lists (every region AWS has announced to the SDK). */
export function isKnownRegion(region: string): boolean {
  return 'description' in sdkPartition(region);
}

/** The partition of a region ("aws", "aws-cn", "aws-us-gov" …), from the AWS SDK's partition table. */
export function regionPartition(region: string): string {
  return sdkPartition(region).name;
}

/** Splits a comma-separated CLI list, dropping blanks. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
