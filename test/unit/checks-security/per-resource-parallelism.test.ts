// Per-bucket and per-user reads run side by side, at most PER_RESOURCE_CONCURRENCY at once,
// each resource read once, and the results keep the resources' order.
import { describe, expect, it } from 'vitest';
import type { AccessKeyMetadata } from '@aws-sdk/client-iam';
import { forEachBucket, mapBounded, PER_RESOURCE_CONCURRENCY } from '../../../checks/support/index.js';
import { forEachAccessKey } from '../../../checks/support/iam-credentials.js';
import { awsError, fakeContext } from '../../helpers/fake-context.js';

/** Gate: calls wait until released, so the test sees how many are pending at once. */
function gate() {
  let pending = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  return {
    get peak() {
      return peak;
    },
    async enter(): Promise<void> {
      pending += 1;
      peak = Math.max(peak, pending);
      await new Promise<void>((resolve) => waiting.push(resolve));
      pending -= 1;
    },
    /** Releases every waiting call, until `done` settles. */
    async drain(done: Promise<unknown>): Promise<void> {
      let settled = false;
      void done.finally(() => (settled = true));
      while (!settled) {
        waiting.splice(0).forEach((r) => r());
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

describe('mapBounded', () => {
  it('keeps order and never exceeds the bound', async () => {
    const g = gate();
    const run = mapBounded([...Array(30).keys()], 4, async (i) => {
      await g.enter();
      return i * 2;
    });
    await g.drain(run);
    expect(await run).toEqual([...Array(30).keys()].map((i) => i * 2));
    expect(g.peak).toBe(4);
  });
});

describe('forEachBucket', () => {
  it('reads buckets side by side within the bound, each bucket once, results in bucket order', async () => {
    const names = [...Array(20).keys()].map((i) => `bucket-${String(i).padStart(2, '0')}`);
    const g = gate();
    const reads = new Map<string, number>();
    const count = (key: string) => reads.set(key, (reads.get(key) ?? 0) + 1);
    const ctx = fakeContext({
      s3: {
        buckets: async () => names.map((Name) => ({ Name })),
        bucketRegion: async (b) => {
          count(`region:${b}`);
          await g.enter();
          return b === 'bucket-03' ? 'eu-west-1' : 'us-east-1';
        },
        bucketTags: async (b) => {
          count(`tags:${b}`);
          if (b === 'bucket-05') throw awsError('AccessDenied');
          return { name: b };
        },
      },
    });
    const run = forEachBucket(ctx, async (bucket, region) => {
      count(`setting:${bucket}`);
      if (bucket === 'bucket-07') throw awsError('AccessDenied');
      return { status: 'PASS', message: `${bucket} in ${region}` };
    });
    await g.drain(run);
    const results = await run;
    expect(results.map((r) => r.resourceId)).toEqual(names);
    expect(g.peak).toBe(PER_RESOURCE_CONCURRENCY);
    for (const name of names) expect(reads.get(`region:${name}`)).toBe(1);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(results[3]).toMatchObject({ status: 'PASS', evidence: { region: 'eu-west-1' }, tags: { name: 'bucket-03' } });
    expect(results[5]).toMatchObject({ status: 'PASS', evidence: { tagsError: 'AccessDenied' }, tags: {} });
    expect(results[7]).toMatchObject({ status: 'ERROR', errorCode: 'AccessDenied' });
  });
});

describe('forEachAccessKey', () => {
  it('reads users side by side within the bound, results in user order, keeping a failed user’s earlier keys', async () => {
    const users = [...Array(12).keys()].map((i) => `user-${String(i).padStart(2, '0')}`);
    const g = gate();
    const listed: string[] = [];
    const keys = (user: string): AccessKeyMetadata[] => [
      { UserName: user, AccessKeyId: `${user}-k1`, Status: 'Active' },
      { UserName: user, AccessKeyId: `${user}-k2`, Status: 'Inactive' },
    ];
    const ctx = fakeContext({
      iam: {
        authorizationDetails: async () => ({ UserDetailList: users.map((UserName) => ({ UserName, Arn: `arn:aws:iam::111111111111:user/${UserName}` })), GroupDetailList: [], RoleDetailList: [], Policies: [] }),
        accessKeys: async (user) => {
          listed.push(user);
          await g.enter();
          if (user === 'user-02') throw awsError('AccessDenied');
          return keys(user);
        },
      },
    });
    const run = forEachAccessKey(ctx, async (key) => {
      if (key.AccessKeyId === 'user-04-k2') throw awsError('Throttling');
      return { status: 'PASS', message: key.AccessKeyId };
    });
    await g.drain(run);
    const results = await run;
    expect(g.peak).toBe(PER_RESOURCE_CONCURRENCY);
    expect([...listed].sort()).toEqual(users);
    const ids = results.map((r) => `${r.status}:${r.resourceId}`);
    expect(ids.slice(0, 6)).toEqual(['PASS:user-00-k1', 'PASS:user-00-k2', 'PASS:user-01-k1', 'PASS:user-01-k2', 'ERROR:user-02', 'PASS:user-03-k1']);
    expect(ids).toContain('PASS:user-04-k1');
    expect(ids.indexOf('ERROR:user-04')).toBe(ids.indexOf('PASS:user-04-k1') + 1);
    // user-02: one ERROR for two keys; user-04: its first key, then an ERROR.
    expect(results).toHaveLength(2 * 12 - 1);
  });
});
