// Resource tags as records, for suppressions and reports.

/** EC2/RDS/CloudWatch/IAM style tag list → record. Entries without a key are dropped. */
export function tagsToRecord(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key !== undefined && tag.Key !== '') out[tag.Key] = tag.Value ?? '';
  }
  return out;
}
