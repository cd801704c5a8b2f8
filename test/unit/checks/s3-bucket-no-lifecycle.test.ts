import type { LifecycleRule } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { coversWholeBucket, s3BucketNoLifecycle } from '../../../checks/s3/s3-bucket-no-lifecycle.js';
import type { BucketVersioning } from '../../../checks/types.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const ABORT: LifecycleRule = { ID: 'abort', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } };
const NONCURRENT: LifecycleRule = { ID: 'noncurrent', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } };
const BOTH: LifecycleRule = { ...ABORT, ID: 'both', NoncurrentVersionExpiration: { NoncurrentDays: 30 } };

interface Bucket {
  rules: LifecycleRule[] | null | Error;
  versioning?: BucketVersioning['status'];
  mfaDelete?: BucketVersioning['mfaDelete'];
}

async function run(buckets: Record<string, Bucket>) {
  const ctx = fakeContext({
    region: 'global',
    s3: {
      buckets: async () => Object.keys(buckets).map((Name) => ({ Name })),
      bucketRegion: async () => 'eu-west-1',
      bucketTags: async () => ({}),
      bucketVersioning: async (b) => ({ status: buckets[b]!.versioning ?? null, mfaDelete: buckets[b]!.mfaDelete ?? null }),
      bucketLifecycle: async (b) => {
        const rules = buckets[b]!.rules;
        if (rules instanceof Error) throw rules;
        return rules;
      },
    },
  });
  const results = await runCheck(s3BucketNoLifecycle, ctx);
  return new Map(results.map((r) => [r.resourceId, r]));
}

describe('s3-bucket-no-lifecycle', () => {
  it('fails a bucket without any lifecycle configuration, and says FSBP S3.13 would fail it too', async () => {
    const r = (await run({ bare: { rules: null } })).get('bare')!;
    expect(r).toMatchObject({
      status: 'FAIL',
      evidence: { lifecycleConfigured: false, missing: ['AbortIncompleteMultipartUpload'], fsbpS3_13Fails: true, expiresNoncurrentVersions: null },
    });
    expect(r.message).toContain('has no lifecycle configuration');
    expect(r.estimatedMonthlyCostUsd ?? null).toBeNull();
    expect(r.costBasis ?? null).toBeNull();
  });

  it('passes an unversioned bucket with an enabled whole-bucket abort rule (empty filter or empty prefix)', async () => {
    const byId = await run({ a: { rules: [ABORT] }, b: { rules: [{ ...ABORT, Filter: { Prefix: '' } }] }, c: { rules: [{ ...ABORT, Filter: undefined, Prefix: '' }] } });
    for (const id of ['a', 'b', 'c']) expect(byId.get(id)!.status, id).toBe('PASS');
  });

  it('fails a versioned bucket that aborts uploads but keeps noncurrent versions forever', async () => {
    const r = (await run({ v: { rules: [ABORT], versioning: 'Enabled' } })).get('v')!;
    expect(r).toMatchObject({ status: 'FAIL', evidence: { missing: ['NoncurrentVersionExpiration'], fsbpS3_13Fails: false, expiresNoncurrentVersions: false } });
    expect(r.message).toContain('expire noncurrent versions');
  });

  it('passes a versioned bucket with both actions, in one rule or in two', async () => {
    const byId = await run({ one: { rules: [BOTH], versioning: 'Enabled' }, two: { rules: [ABORT, NONCURRENT], versioning: 'Enabled' } });
    expect(byId.get('one')!.status).toBe('PASS');
    expect(byId.get('two')!.status).toBe('PASS');
  });

  it('does not ask a suspended bucket for noncurrent expiration', async () => {
    expect((await run({ s: { rules: [ABORT], versioning: 'Suspended' } })).get('s')!.status).toBe('PASS');
  });

  it('fails when the only abort rule is disabled, or covers part of the bucket', async () => {
    const byId = await run({
      disabled: { rules: [{ ...ABORT, Status: 'Disabled' }] },
      prefix: { rules: [{ ...ABORT, Filter: { Prefix: 'uploads/' } }] },
      legacyPrefix: { rules: [{ ...ABORT, Filter: undefined, Prefix: 'tmp/' }] },
      tagged: { rules: [{ ...ABORT, Filter: { And: { Prefix: '', Tags: [{ Key: 'k', Value: 'v' }] } } }] },
      sized: { rules: [{ ...ABORT, Filter: { ObjectSizeGreaterThan: 1024 } }] },
    });
    for (const id of ['disabled', 'prefix', 'legacyPrefix', 'tagged', 'sized']) expect(byId.get(id)!.status, id).toBe('FAIL');
    expect(byId.get('disabled')!.evidence).toMatchObject({ lifecycleConfigured: true, fsbpS3_13Fails: true });
    expect(byId.get('prefix')!.evidence).toMatchObject({ fsbpS3_13Fails: false, rules: [{ id: 'abort', wholeBucket: false, abortIncompleteMultipartUploadDays: 7 }] });
    expect(byId.get('prefix')!.message).toContain('covering the whole bucket');
  });

  it('fails a versioned bucket with noncurrent expiration only on a prefix, naming both missing actions', async () => {
    const r = (await run({ v: { rules: [{ ...NONCURRENT, Filter: { Prefix: 'logs/' } }], versioning: 'Enabled' } })).get('v')!;
    expect(r.evidence).toMatchObject({ missing: ['AbortIncompleteMultipartUpload', 'NoncurrentVersionExpiration'] });
  });

  it('does not judge an MFA-delete bucket without lifecycle configuration (S3 refuses one there)', async () => {
    const r = (await run({ mfa: { rules: null, versioning: 'Enabled', mfaDelete: 'Enabled' } })).get('mfa')!;
    expect(r.status).toBe('PASS');
    expect(r.message).toContain('MFA delete');
  });

  it('turns an unreadable lifecycle configuration into an ERROR for that bucket only', async () => {
    const byId = await run({ denied: { rules: awsError('AccessDenied') }, fine: { rules: [ABORT] } });
    expect(byId.get('denied')).toMatchObject({ status: 'ERROR', errorCode: 'AccessDenied' });
    expect(byId.get('fine')!.status).toBe('PASS');
  });

  it('knows which filters cover the whole bucket', () => {
    expect(coversWholeBucket({ Status: 'Enabled' })).toBe(true);
    expect(coversWholeBucket({ Status: 'Enabled', Filter: { And: {} } })).toBe(true);
    expect(coversWholeBucket({ Status: 'Enabled', Filter: { Tag: { Key: 'a', Value: 'b' } } })).toBe(false);
    expect(coversWholeBucket({ Status: 'Enabled', Filter: { ObjectSizeLessThan: 10 } })).toBe(false);
  });
});
