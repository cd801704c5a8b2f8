import { describe, expect, it } from 'vitest';
import type { PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import type { S3Collectors } from '../../../checks/types.js';
import { s3AccountPublicAccessBlock } from '../../../checks/s3/s3-account-public-access-block.js';
import { s3BucketPublicAccessBlock } from '../../../checks/s3/s3-bucket-public-access-block.js';
import { s3BucketSslOnly } from '../../../checks/s3/s3-bucket-ssl-only.js';
import { analyzeBucketTlsPolicy } from '../../../checks/support/iam-policy.js';
import { s3BucketDefaultEncryption } from '../../../checks/s3/s3-bucket-default-encryption.js';
import { s3BucketVersioning } from '../../../checks/s3/s3-bucket-versioning.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const ALL_ON: PublicAccessBlockConfiguration = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** S3 collectors over a table of buckets; per-bucket values are looked up by name. */
function s3(buckets: Record<string, Partial<{ region: string; pab: PublicAccessBlockConfiguration | null; policy: string | null; tags: Record<string, string> }>>, extra: Partial<S3Collectors> = {}): Partial<S3Collectors> {
  return {
    buckets: async () => Object.keys(buckets).map((Name) => ({ Name })),
    bucketRegion: async (b) => buckets[b]?.region ?? 'us-east-1',
    bucketTags: async (b) => buckets[b]?.tags ?? {},
    bucketPublicAccessBlock: async (b) => buckets[b]?.pab ?? null,
    bucketPolicy: async (b) => buckets[b]?.policy ?? null,
    ...extra,
  };
}

const byId = (results: { resourceId: string }[]) => Object.fromEntries(results.map((r) => [r.resourceId, r]));

describe('s3-account-public-access-block', () => {
  it('passes with all four settings on and fails otherwise', async () => {
    const pass = await runCheck(s3AccountPublicAccessBlock, fakeContext({ s3: { accountPublicAccessBlock: async () => ALL_ON } }));
    expect(pass).toMatchObject([{ status: 'PASS', resourceType: 'AWS::::Account', resourceId: '111111111111' }]);
    const partial = await runCheck(s3AccountPublicAccessBlock, 
      fakeContext({ s3: { accountPublicAccessBlock: async () => ({ ...ALL_ON, RestrictPublicBuckets: false }) } }),
    );
    expect(partial).toMatchObject([{ status: 'FAIL', message: expect.stringContaining('RestrictPublicBuckets') }]);
    const none = await runCheck(s3AccountPublicAccessBlock, fakeContext({ s3: { accountPublicAccessBlock: async () => null } }));
    expect(none).toMatchObject([{ status: 'FAIL', evidence: { configured: false } }]);
  });
  it('lets a collector error propagate', async () => {
    await expect(
      runCheck(s3AccountPublicAccessBlock, fakeContext({ s3: { accountPublicAccessBlock: () => Promise.reject(awsError('AccessDenied')) } })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('s3-bucket-public-access-block', () => {
  it('combines bucket and account settings per setting', async () => {
    const account = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    const results = await runCheck(s3BucketPublicAccessBlock, 
      fakeContext({
        s3: s3(
          {
            'bucket-covered': { pab: { BlockPublicPolicy: true, RestrictPublicBuckets: true }, tags: { Environment: 'dev' } },
            'bucket-half': { pab: { BlockPublicPolicy: true } },
            'bucket-none': {},
          },
          { accountPublicAccessBlock: async () => account },
        ),
      }),
    );
    const r = byId(results);
    expect(r['bucket-covered']).toMatchObject({ status: 'PASS', resourceType: 'AWS::S3::Bucket', resourceArn: 'arn:aws:s3:::bucket-covered', tags: { Environment: 'dev' } });
    expect(r['bucket-half']).toMatchObject({ status: 'FAIL', message: expect.stringContaining('RestrictPublicBuckets') });
    expect(r['bucket-none']).toMatchObject({ status: 'FAIL', message: expect.stringContaining('BlockPublicPolicy, RestrictPublicBuckets') });
  });

  it('passes every bucket when the account blocks everything', async () => {
    const results = await runCheck(s3BucketPublicAccessBlock, fakeContext({ s3: s3({ a: {}, b: {} }, { accountPublicAccessBlock: async () => ALL_ON }) }));
    expect(results.map((r) => r.status)).toEqual(['PASS', 'PASS']);
  });

  it('turns a failing per-bucket call into an ERROR for that bucket and goes on', async () => {
    const results = await runCheck(s3BucketPublicAccessBlock, 
      fakeContext({
        s3: s3(
          { denied: {}, fine: { pab: ALL_ON } },
          {
            accountPublicAccessBlock: async () => null,
            bucketPublicAccessBlock: async (b) => (b === 'denied' ? Promise.reject(awsError('AccessDenied')) : ALL_ON),
          },
        ),
      }),
    );
    expect(byId(results)['denied']).toMatchObject({ status: 'ERROR', errorCode: 'AccessDenied' });
    expect(byId(results)['fine']).toMatchObject({ status: 'PASS' });
  });
});

const sslPolicy = (bucket: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowRead', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
      {
        Sid: 'DenyInsecure',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        ...overrides,
      },
    ],
  });

describe('s3-bucket-ssl-only', () => {
  it('passes a bucket whose policy denies non-TLS requests for everyone on the bucket and its objects', async () => {
    const results = await runCheck(s3BucketSslOnly, 
      fakeContext({ s3: s3({ secure: { policy: sslPolicy('secure') }, open: { policy: null }, broken: { policy: '{not json' } }) }),
    );
    const r = byId(results);
    expect(r['secure']).toMatchObject({ status: 'PASS' });
    expect(r['open']).toMatchObject({ status: 'FAIL', evidence: { hasPolicy: false } });
    expect(r['broken']).toMatchObject({ status: 'FAIL', evidence: { parsable: false } });
  });

  it('fails a bucket whose TLS Deny also requires another condition, and passes one whose TLS Deny is split over two statements', async () => {
    const tlsDeny = (bucket: string, resource: string | string[], condition: Record<string, unknown>) => ({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: resource,
      Condition: condition,
    });
    const policyOf = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const both = (b: string) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`];
    const results = await runCheck(s3BucketSslOnly,
      fakeContext({
        s3: s3({
          vpce: { policy: policyOf(tlsDeny('vpce', both('vpce'), { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })) },
          mfa: { policy: policyOf(tlsDeny('mfa', both('mfa'), { Bool: { 'aws:SecureTransport': 'false', 'aws:MultiFactorAuthPresent': 'false' } })) },
          split: {
            policy: policyOf(
              { Sid: 'Bucket', ...tlsDeny('split', 'arn:aws:s3:::split', { Bool: { 'aws:SecureTransport': 'false' } }) },
              { Sid: 'Objects', ...tlsDeny('split', 'arn:aws:s3:::split/*', { Bool: { 'aws:SecureTransport': 'false' } }) },
            ),
          },
        }),
      }),
    );
    const r = byId(results);
    expect(r['vpce']).toMatchObject({ status: 'FAIL', resourceArn: 'arn:aws:s3:::vpce', evidence: { hasPolicy: true, statements: 1, bucketStatements: [], objectStatements: [] } });
    expect(results.find((x) => x.resourceId === 'vpce')?.message).toMatch(/does not deny every request made without TLS/);
    expect(r['mfa']).toMatchObject({ status: 'FAIL', evidence: { hasPolicy: true, bucketStatements: [], objectStatements: [] } });
    expect(r['split']).toMatchObject({
      status: 'PASS',
      message: 'the bucket policy denies every request made without TLS',
      evidence: { hasPolicy: true, statements: 2, bucketStatements: [{ index: 0, sid: 'Bucket' }], objectStatements: [{ index: 1, sid: 'Objects' }] },
    });
  });

  const arn = 'arn:aws:s3:::b';
  it.each([
    ['Principal {"AWS":"*"}', { Principal: { AWS: '*' } }, true],
    ['Principal {"AWS":["*"]}', { Principal: { AWS: ['*'] } }, true],
    ['Action "*"', { Action: '*' }, true],
    ['Action list with s3:*', { Action: ['s3:GetObject', 's3:*'] }, true],
    ['BoolIfExists', { Condition: { BoolIfExists: { 'aws:SecureTransport': false } } }, true],
    ['a resource wildcard covering both', { Resource: 'arn:aws:s3:::b*' }, true],
    ['Resource "*"', { Resource: '*' }, true],
    ['Allow instead of Deny', { Effect: 'Allow' }, false],
    ['one principal only', { Principal: { AWS: 'arn:aws:iam::111111111111:root' } }, false],
    ['only s3:GetObject', { Action: 's3:GetObject' }, false],
    ['the objects only', { Resource: 'arn:aws:s3:::b/*' }, false],
    ['the bucket only', { Resource: 'arn:aws:s3:::b' }, false],
    ['a key prefix only', { Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/public/*'] }, false],
    ['SecureTransport true', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, false],
    ['no condition', { Condition: undefined }, false],
    ['another bucket', { Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] }, false],
    ['NotPrincipal', { NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } }, false],
  ])('%s → covered: %s', (_name, overrides, covered) => {
    expect(analyzeBucketTlsPolicy(sslPolicy('b', overrides), arn).compliant).toBe(covered);
  });
});

describe('s3-bucket-default-encryption', () => {
  it('passes a bucket with a default algorithm and fails one without', async () => {
    const results = await runCheck(s3BucketDefaultEncryption, 
      fakeContext({
        s3: s3(
          { enc: {}, plain: {} },
          {
            bucketEncryption: async (b) => (b === 'enc' ? { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' } }] } : null),
          },
        ),
      }),
    );
    expect(byId(results)['enc']).toMatchObject({ status: 'PASS', evidence: { algorithms: ['aws:kms'] } });
    expect(byId(results)['plain']).toMatchObject({ status: 'FAIL' });
  });
});

describe('s3-bucket-versioning', () => {
  it('passes Enabled and fails Suspended or never enabled', async () => {
    const status = { on: 'Enabled', paused: 'Suspended', never: null } as const;
    const results = await runCheck(s3BucketVersioning, 
      fakeContext({
        s3: s3({ on: { region: 'eu-west-1' }, paused: {}, never: {} }, { bucketVersioning: async (b) => ({ status: status[b as keyof typeof status], mfaDelete: null }) }),
      }),
    );
    const r = byId(results);
    expect(r['on']).toMatchObject({ status: 'PASS', evidence: { region: 'eu-west-1', versioning: 'Enabled' } });
    expect(r['paused']).toMatchObject({ status: 'FAIL', message: 'Bucket paused has versioning suspended.' });
    expect(r['never']).toMatchObject({ status: 'FAIL', message: 'Bucket never has never had versioning enabled.' });
  });

  it('keeps the verdict when only the tags cannot be read', async () => {
    const results = await runCheck(s3BucketVersioning, 
      fakeContext({
        s3: s3({ b: {} }, { bucketVersioning: async () => ({ status: null, mfaDelete: null }), bucketTags: () => Promise.reject(awsError('AccessDenied')) }),
      }),
    );
    expect(results).toMatchObject([{ status: 'FAIL', tags: {}, evidence: { tagsError: 'AccessDenied' } }]);
  });

  it('reports a bucket whose region cannot be read as ERROR', async () => {
    const results = await runCheck(s3BucketVersioning, 
      fakeContext({ s3: s3({ gone: {} }, { bucketRegion: () => Promise.reject(awsError('NoSuchBucket')) }) }),
    );
    expect(results).toMatchObject([{ status: 'ERROR', errorCode: 'NoSuchBucket', resourceId: 'gone' }]);
  });
});
