// Whether a service may share scans between tasks: kept apart from server/service.ts so the CLI can
// check its flags without loading the service (and its AWS SDK clients).

/** Why sharing scans cannot work with these settings, or null when it can. */
export function scaleOutProblem(options: { databaseUrl?: string | undefined; queueUrl?: string | undefined }): string | null {
  const missing = [!options.databaseUrl && 'DATABASE_URL (a PostgreSQL shared by every task)', !options.queueUrl && 'ORGSCAN_QUEUE_URL (the SQS work queue)'].filter(Boolean);
  return missing.length === 0
    ? null
    : `sharing scans between service tasks (--shard-accounts) needs ${missing.join(' and ')}; the embedded store runs every scan in one process (omit --shard-accounts)`;
}
