// The synthetic organization's signals for the RDS, S3-lifecycle and interface-endpoint waste checks. They draw
// from their own random streams, so adding them left every other generated resource as it was.
import { Rng } from '../random.js';
import type { GlobalUnit, RegionalUnit, SynthLifecycleRule } from './types.js';

/** Connections and endpoint traffic: a planted share of DB instances and interface endpoints is idle. */
export function plantRdsAndEndpointActivity(unit: RegionalUnit, seed: string, problemRate: number): void {
  const rng = Rng.of(seed, unit.accountId, unit.region, 'waste-rds-vpce');
  for (const db of unit.dbInstances) db.maxConnections = rng.chance(problemRate) ? 0 : rng.int(1, 400);
  for (const endpoint of unit.vpcEndpoints) {
    if (endpoint.type === 'Interface') endpoint.bytesPerDay = rng.chance(problemRate) ? 0 : rng.int(1, 5000) * 1e6;
  }
}

const ABORT_MPU: SynthLifecycleRule = { id: 'abort-incomplete-mpu', enabled: true, prefix: '', abortIncompleteMultipartUploadDays: 7, noncurrentVersionExpirationDays: null };
const EXPIRE_NONCURRENT: SynthLifecycleRule = { id: 'expire-noncurrent', enabled: true, prefix: '', abortIncompleteMultipartUploadDays: null, noncurrentVersionExpirationDays: 30 };

/** Lifecycle rules per bucket: most are complete; planted buckets have none, or lack one of the two rules. */
export function plantBucketLifecycles(unit: GlobalUnit, seed: string, problemRate: number): void {
  const rng = Rng.of(seed, unit.accountId, 'global', 'lifecycle');
  for (const bucket of unit.buckets) {
    const complete = bucket.versioning === 'Enabled' ? [ABORT_MPU, EXPIRE_NONCURRENT] : [ABORT_MPU];
    if (!rng.chance(problemRate)) bucket.lifecycle = complete;
    else bucket.lifecycle = rng.pick([null, [{ ...ABORT_MPU, prefix: 'uploads/' }], [EXPIRE_NONCURRENT], [{ ...ABORT_MPU, enabled: false }]]);
  }
}
