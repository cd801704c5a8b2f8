import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { createS3Collectors, locationToRegion } from '../../scanner/collectors/s3.js';
import { createMemo } from '../../scanner/collectors/memo.js';
import type { UnitClients } from '../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';

const s3Mock = mockClient(S3Client);
const s3ControlMock = mockClient(S3ControlClient);

function awsError(name: string): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: 404 } });
}

function clients(requestedRegions: string[] = []): UnitClients {
  const cfg = { credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9', forcePathStyle: true };
  const byRegion = new Map<string, S3Client>();
  const control = new S3ControlClient({ ...cfg, region: 'us-east-1' });
  const unused = () => {
    throw new Error('not used here');
  };
  return {
    accountId: '111111111111',
    region: 'us-east-1',
    partition: 'aws',
    s3: (region = 'us-east-1') => {
      requestedRegions.push(region);
      let c = byRegion.get(region);
      if (!c) byRegion.set(region, (c = new S3Client({ ...cfg, region })));
      return c;
    },
    s3control: () => control,
    ec2: unused,
    rds: unused,
    cloudwatch: unused,
    config: unused,
    iam: unused,
    elbv2: unused,
    elb: unused,
    logs: unused,
    eks: unused,
  };
}

afterEach(() => {
  s3Mock.reset();
  s3ControlMock.reset();
});

describe('S3 collectors', () => {
  it('pages through ListBuckets with ContinuationToken, never passing MaxBuckets, once per unit', async () => {
    const pages = [
      { Buckets: [{ Name: 'a' }, { Name: 'b' }], ContinuationToken: 't1' },
      { Buckets: [{ Name: 'c' }], ContinuationToken: 't2' },
      { Buckets: [{ Name: 'd' }] },
    ];
    // The paginator reuses one input object, so the inputs are copied when each call is made.
    const inputs: Record<string, unknown>[] = [];
    s3Mock.on(ListBucketsCommand).callsFake((input: Record<string, unknown>) => {
      inputs.push({ ...input });
      return pages.shift();
    });
    const s3 = createS3Collectors(clients(), createMemo());
    const [first, second] = await Promise.all([s3.buckets(), s3.buckets()]);
    expect(first.map((b) => b.Name)).toEqual(['a', 'b', 'c', 'd']);
    expect(second).toBe(first);
    expect(inputs.map((i) => i.ContinuationToken)).toEqual([undefined, 't1', 't2']);
    expect(inputs.every((i) => !('MaxBuckets' in i) || i.MaxBuckets === undefined)).toBe(true);
  });

  it('maps GetBucketLocation to a region name', async () => {
    expect(locationToRegion(undefined)).toBe('us-east-1');
    expect(locationToRegion('')).toBe('us-east-1');
    expect(locationToRegion('EU')).toBe('eu-west-1');
    expect(locationToRegion('ap-southeast-2')).toBe('ap-southeast-2');
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'eu' }, { Name: 'use1' }] });
    s3Mock.on(GetBucketLocationCommand, { Bucket: 'eu' }).resolves({ LocationConstraint: 'EU' });
    s3Mock.on(GetBucketLocationCommand, { Bucket: 'use1' }).resolves({});
    const s3 = createS3Collectors(clients(), createMemo());
    expect(await s3.bucketRegion('eu')).toBe('eu-west-1');
    expect(await s3.bucketRegion('use1')).toBe('us-east-1');
    await s3.bucketRegion('eu');
    expect(s3Mock.commandCalls(GetBucketLocationCommand)).toHaveLength(2);
  });

  it('takes the region from ListBuckets when S3 names it, without GetBucketLocation', async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'listed', BucketRegion: 'ap-southeast-2' }] });
    const s3 = createS3Collectors(clients(), createMemo());
    expect(await s3.bucketRegion('listed')).toBe('ap-southeast-2');
    expect(s3Mock.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
  });

  it("reads each bucket's settings from the bucket's own region", async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'data' }] });
    s3Mock.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-central-1' });
    s3Mock.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
    const regions: string[] = [];
    const s3 = createS3Collectors(clients(regions), createMemo());
    expect(await s3.bucketVersioning('data')).toEqual({ status: 'Enabled', mfaDelete: 'Disabled' });
    const call = s3Mock.commandCalls(GetBucketVersioningCommand)[0]!;
    expect(await (call.thisValue as S3Client).config.region()).toBe('eu-central-1');
    expect(regions).toContain('eu-central-1');
  });

  it('treats missing configuration as data: null or empty', async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'b' }] });
    s3Mock.on(GetBucketLocationCommand).resolves({});
    s3Mock.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
    s3Mock.on(GetBucketPolicyCommand).rejects(awsError('NoSuchBucketPolicy'));
    s3Mock.on(GetBucketEncryptionCommand).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError'));
    s3Mock.on(GetBucketTaggingCommand).rejects(awsError('NoSuchTagSet'));
    s3Mock.on(GetBucketVersioningCommand).resolves({});
    s3ControlMock.on(GetAccountPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration'));
    const s3 = createS3Collectors(clients(), createMemo());
    expect(await s3.bucketPublicAccessBlock('b')).toBeNull();
    expect(await s3.bucketPolicy('b')).toBeNull();
    expect(await s3.bucketEncryption('b')).toBeNull();
    expect(await s3.bucketTags('b')).toEqual({});
    expect(await s3.bucketVersioning('b')).toEqual({ status: null, mfaDelete: null });
    expect(await s3.accountPublicAccessBlock()).toBeNull();
    expect(s3ControlMock.commandCalls(GetAccountPublicAccessBlockCommand)[0]!.args[0].input.AccountId).toBe('111111111111');
  });

  it('returns configured settings', async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'b' }] });
    s3Mock.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-2' });
    const block = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: true };
    s3Mock.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: block });
    s3Mock.on(GetBucketPolicyCommand).resolves({ Policy: '{"Statement":[]}' });
    s3Mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
    });
    s3Mock.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'Environment', Value: 'dev' }] });
    s3ControlMock.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: block });
    const s3 = createS3Collectors(clients(), createMemo());
    expect(await s3.bucketPublicAccessBlock('b')).toEqual(block);
    expect(await s3.bucketPolicy('b')).toBe('{"Statement":[]}');
    expect((await s3.bucketEncryption('b'))?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
    expect(await s3.bucketTags('b')).toEqual({ Environment: 'dev' });
    expect(await s3.accountPublicAccessBlock()).toEqual(block);
  });

  it('propagates other errors (access denied) and shares them', async () => {
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'b' }] });
    s3Mock.on(GetBucketLocationCommand).resolves({});
    s3Mock.on(GetBucketPolicyCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    const s3 = createS3Collectors(clients(), createMemo());
    await expect(s3.bucketPolicy('b')).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(s3.bucketPolicy('b')).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(s3Mock.commandCalls(GetBucketPolicyCommand)).toHaveLength(1);
  });
});
