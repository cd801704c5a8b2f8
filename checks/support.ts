// Small helpers shared by checks: tag lists, ages, money, ARNs.

const MS_PER_DAY = 86_400_000;

/** EC2/RDS/CloudWatch style tag list → record. Entries without a key are dropped. */
export function tagsToRecord(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined && tag.Key !== '') out[tag.Key] = tag.Value ?? '';
  }
  return out;
}

/** Fractional days from `from` to `to` (negative when `from` is later). */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / MS_PER_DAY;
}

/** Whole days elapsed, for evidence (floor of daysBetween, never below 0). */
export function ageInDays(from: Date | undefined, now: Date): number | null {
  if (!from) return null;
  return Math.max(0, Math.floor(daysBetween(from, now)));
}

/** Rounds a dollar amount to cents. */
export function usd(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Formats a dollar amount for messages: "$12.34". */
export function formatUsd(n: number): string {
  return `$${usd(n).toFixed(2)}`;
}

/** Bytes in a GB as AWS bills data processing (binary gigabyte). */
export const BYTES_PER_GB = 1024 ** 3;

/** arn:<partition>:ec2:<region>:<account>:<type>/<id> */
export function ec2Arn(partition: string, region: string, accountId: string, type: string, id: string): string {
  return `arn:${partition}:ec2:${region}:${accountId}:${type}/${id}`;
}

/** "1 interface" / "3 interfaces". */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
