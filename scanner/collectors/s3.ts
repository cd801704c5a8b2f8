// S3 collectors for a global unit: the bucket list once per account, and each bucket's
// settings read from the bucket's own region. Missing configuration is data (null/empty), not an error.
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import type { BucketVersioning, S3Collectors } from '../../checks/types.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

/** Error codes S3 answers when a bucket or account simply has no such configuration. */
const MISSING = {
  publicAccessBlock: 'NoSuchPublicAccessBlockConfiguration',
  policy: 'NoSuchBucketPolicy',
  encryption: 'ServerSideEncryptionConfigurationNotFoundError',
  tags: 'NoSuchTagSet',
  lifecycle: 'NoSuchLifecycleConfiguration',
} as const;

function hasCode(err: unknown, code: string): boolean {
  const e = err as { name?: string; Code?: string } | null;
  return e?.name === code || e?.Code === code;
}

/** Returns `fallback` when the call fails with `code`, rethrows anything else. */
async function orMissing<T>(code: string, fallback: T, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (hasCode(err, code)) return fallback;
    throw err;
  }
}

/** GetBucketLocation's LocationConstraint as a region name: empty means us-east-1, 'EU' is the legacy name of eu-west-1. */
export function locationToRegion(location: string | undefined | null): string {
  if (!location) return 'us-east-1';
  if (location === 'EU') return 'eu-west-1';
  return location;
}

export function createS3Collectors(clients: UnitClients, memo: Memo): S3Collectors {
  // Never pass MaxBuckets: without it S3 returns every bucket (up to 10,000) and a ContinuationToken beyond.
  const buckets = () => memo('s3:buckets', () => collectPages(paginateListBuckets({ client: clients.s3() }, {}), (p) => p.Buckets));

  const bucketRegion = (bucket: string): Promise<string> =>
    memo(`s3:location:${bucket}`, async () => {
      // ListBuckets names each bucket's region in current S3; GetBucketLocation covers endpoints that do not.
      const listed = (await buckets()).find((b) => b.Name === bucket);
      if (listed?.BucketRegion) return listed.BucketRegion;
      const out = await clients.s3().send(new GetBucketLocationCommand({ Bucket: bucket }));
      return locationToRegion(out.LocationConstraint);
    });

  /** The S3 client of the bucket's own region. */
  const bucketClient = async (bucket: string) => clients.s3(await bucketRegion(bucket));

  return {
    buckets,

    bucketRegion,

    bucketPublicAccessBlock: (bucket) =>
      memo(`s3:publicAccessBlock:${bucket}`, async () => {
        const client = await bucketClient(bucket);
        return orMissing(MISSING.publicAccessBlock, null, async () => {
          const out = await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
          return out.PublicAccessBlockConfiguration ?? null;
        });
      }),

    bucketPolicy: (bucket) =>
      memo(`s3:policy:${bucket}`, async () => {
        const client = await bucketClient(bucket);
        return orMissing(MISSING.policy, null, async () => {
          const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
          return out.Policy ?? null;
        });
      }),

    bucketEncryption: (bucket) =>
      memo(`s3:encryption:${bucket}`, async () => {
        const client = await bucketClient(bucket);
        return orMissing(MISSING.encryption, null, async () => {
          const out = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
          const config = out.ServerSideEncryptionConfiguration;
          return config && (config.Rules?.length ?? 0) > 0 ? config : null;
        });
      }),

    bucketVersioning: (bucket) =>
      memo(`s3:versioning:${bucket}`, async (): Promise<BucketVersioning> => {
        const client = await bucketClient(bucket);
        const out = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
        return {
          status: out.Status === 'Enabled' || out.Status === 'Suspended' ? out.Status : null,
          mfaDelete: out.MFADelete === 'Enabled' || out.MFADelete === 'Disabled' ? out.MFADelete : null,
        };
      }),

    bucketTags: (bucket) =>
      memo(`s3:tags:${bucket}`, async () => {
        const client = await bucketClient(bucket);
        return orMissing(MISSING.tags, {} as Record<string, string>, async () => {
          const out = await client.send(new GetBucketTaggingCommand({ Bucket: bucket }));
          const tags: Record<string, string> = {};
          for (const t of out.TagSet ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
          return tags;
        });
      }),

    bucketLifecycle: (bucket) =>
      memo(`s3:lifecycle:${bucket}`, async () => {
        const client = await bucketClient(bucket);
        return orMissing(MISSING.lifecycle, null, async () => (await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? []);
      }),

    accountPublicAccessBlock: () =>
      memo('s3control:publicAccessBlock', () =>
        orMissing(MISSING.publicAccessBlock, null, async () => {
          const out = await clients.s3control().send(new GetAccountPublicAccessBlockCommand({ AccountId: clients.accountId }));
          return out.PublicAccessBlockConfiguration ?? null;
        }),
      ),
  };
}
