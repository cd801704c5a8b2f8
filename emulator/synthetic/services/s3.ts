// S3 and S3 Control (REST-XML): the bucket list and each bucket's settings; account block public access.
import { AwsError } from '../errors.js';
import type { PublicAccessBlock, SynthBucket } from '../model/types.js';
import { paginate } from '../paging.js';
import type { CallContext, RateLimit, SyntheticService } from '../service.js';
import type { SynthRequest } from '../request.js';
import { el, list, wrap } from '../wire/xml.js';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const BUCKET_SUBRESOURCES = ['location', 'publicAccessBlock', 'policy', 'encryption', 'versioning', 'tagging', 'lifecycle'] as const;
const OPERATION_OF: Record<(typeof BUCKET_SUBRESOURCES)[number], string> = {
  location: 'GetBucketLocation',
  publicAccessBlock: 'GetPublicAccessBlock',
  policy: 'GetBucketPolicy',
  encryption: 'GetBucketEncryption',
  versioning: 'GetBucketVersioning',
  tagging: 'GetBucketTagging',
  lifecycle: 'GetBucketLifecycleConfiguration',
};

/** The bucket a request names: virtual-hosted (bucket.s3.region.amazonaws.com) or path-style (/bucket). */
export function bucketOf(request: SynthRequest): string | null {
  const host = /^(.+)\.s3[.-]/.exec(request.hostname);
  if (host) return host[1]!;
  const segment = request.path.split('/')[1];
  return segment ? decodeURIComponent(segment) : null;
}

function has(request: SynthRequest, key: string): boolean {
  return Object.hasOwn(request.query, key);
}

function pabXml(tag: string, ns: string, p: PublicAccessBlock): string {
  return (
    XML_DECL +
    `<${tag} xmlns="${ns}">` +
    el('BlockPublicAcls', p.blockPublicAcls) +
    el('IgnorePublicAcls', p.ignorePublicAcls) +
    el('BlockPublicPolicy', p.blockPublicPolicy) +
    el('RestrictPublicBuckets', p.restrictPublicBuckets) +
    `</${tag}>`
  );
}

/** The caller's bucket, or the error S3 answers: NoSuchBucket, or AccessDenied for another account's bucket. */
function ownBucket(request: SynthRequest, ctx: CallContext): SynthBucket {
  const name = bucketOf(request) ?? '';
  const owner = /-(\d{12})-\d+$/.exec(name)?.[1];
  const bucket = owner && ctx.org.accountIndex(owner) !== null ? ctx.org.globalUnit(owner).buckets.find((b) => b.name === name) : undefined;
  if (!bucket) throw new AwsError('NoSuchBucket', `The specified bucket does not exist: ${name}`, 404);
  if (owner !== ctx.accountId) throw new AwsError('AccessDenied', 'Access Denied', 403);
  return bucket;
}

export function s3Service(limit: RateLimit): SyntheticService {
  const family = { name: 's3', scope: 'account' as const, ...limit };
  return {
    protocol: 'rest-xml',
    operation(request) {
      if (request.method !== 'GET') return `${request.method}:unsupported`;
      if (!bucketOf(request)) return 'ListBuckets';
      const sub = BUCKET_SUBRESOURCES.find((s) => has(request, s));
      return sub ? OPERATION_OF[sub] : 'ListObjects';
    },
    throttle: () => family,
    throttleError: { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' },
    operations: {
      ListBuckets(request, ctx) {
        const buckets = ctx.org.globalUnit(ctx.accountId).buckets;
        const size = typeof request.query['max-buckets'] === 'string' ? Number(request.query['max-buckets']) : undefined;
        const token = typeof request.query['continuation-token'] === 'string' ? request.query['continuation-token'] : null;
        const page = paginate(buckets, size, token, `buckets:${ctx.accountId}`, { default: 10_000, min: 1, max: 10_000, sizeName: 'max-buckets', errorCode: 'InvalidArgument' });
        return (
          XML_DECL +
          `<ListAllMyBucketsResult xmlns="${S3_NS}">` +
          wrap('Owner', el('ID', `${ctx.accountId}canonical`.padEnd(64, '0')) + el('DisplayName', `aws+${ctx.accountId}`)) +
          list('Buckets', 'Bucket', page.items, (b) => el('Name', b.name) + el('CreationDate', b.createdAt) + el('BucketRegion', b.region)) +
          el('ContinuationToken', page.next) +
          '</ListAllMyBucketsResult>'
        );
      },
      GetBucketLocation(request, ctx) {
        const bucket = ownBucket(request, ctx);
        const constraint = bucket.region === 'us-east-1' ? '' : bucket.region;
        return `${XML_DECL}<LocationConstraint xmlns="${S3_NS}">${constraint}</LocationConstraint>`;
      },
      GetPublicAccessBlock(request, ctx) {
        const bucket = ownBucket(request, ctx);
        if (!bucket.publicAccessBlock) {
          throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
        }
        return pabXml('PublicAccessBlockConfiguration', S3_NS, bucket.publicAccessBlock);
      },
      GetBucketPolicy(request, ctx) {
        const bucket = ownBucket(request, ctx);
        if (!bucket.policy) throw new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404);
        return { body: bucket.policy, headers: { 'content-type': 'application/json' } };
      },
      GetBucketEncryption(request, ctx) {
        const bucket = ownBucket(request, ctx);
        if (!bucket.encryption) {
          throw new AwsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404);
        }
        return (
          XML_DECL +
          `<ServerSideEncryptionConfiguration xmlns="${S3_NS}">` +
          wrap(
            'Rule',
            wrap(
              'ApplyServerSideEncryptionByDefault',
              el('SSEAlgorithm', bucket.encryption) + (bucket.encryption === 'aws:kms' ? el('KMSMasterKeyID', `arn:aws:kms:${bucket.region}:${ctx.accountId}:key/synthetic`) : ''),
            ) + el('BucketKeyEnabled', bucket.encryption === 'aws:kms'),
          ) +
          '</ServerSideEncryptionConfiguration>'
        );
      },
      GetBucketVersioning(request, ctx) {
        const bucket = ownBucket(request, ctx);
        return `${XML_DECL}<VersioningConfiguration xmlns="${S3_NS}">${el('Status', bucket.versioning)}</VersioningConfiguration>`;
      },
      GetBucketTagging(request, ctx) {
        const bucket = ownBucket(request, ctx);
        if (bucket.tags.length === 0) throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', 404);
        return `${XML_DECL}<Tagging xmlns="${S3_NS}">${list('TagSet', 'Tag', bucket.tags, (t) => el('Key', t.key) + el('Value', t.value))}</Tagging>`;
      },
      GetBucketLifecycleConfiguration(request, ctx) {
        const bucket = ownBucket(request, ctx);
        if (!bucket.lifecycle) throw new AwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist', 404);
        const rules = bucket.lifecycle
          .map(
            (r) =>
              '<Rule>' +
              el('ID', r.id) +
              wrap('Filter', el('Prefix', r.prefix)) +
              el('Status', r.enabled ? 'Enabled' : 'Disabled') +
              (r.abortIncompleteMultipartUploadDays === null ? '' : wrap('AbortIncompleteMultipartUpload', el('DaysAfterInitiation', r.abortIncompleteMultipartUploadDays))) +
              (r.noncurrentVersionExpirationDays === null ? '' : wrap('NoncurrentVersionExpiration', el('NoncurrentDays', r.noncurrentVersionExpirationDays))) +
              '</Rule>',
          )
          .join('');
        return `${XML_DECL}<LifecycleConfiguration xmlns="${S3_NS}">${rules}</LifecycleConfiguration>`;
      },
    },
  };
}

export function s3ControlService(limit: RateLimit): SyntheticService {
  const family = { name: 's3control', scope: 'account' as const, ...limit };
  return {
    protocol: 'rest-xml',
    operation: (request) =>
      request.method === 'GET' && request.path === '/v20180820/configuration/publicAccessBlock' ? 'GetPublicAccessBlock' : `${request.method}:${request.path}`,
    throttle: () => family,
    throttleError: { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' },
    operations: {
      GetPublicAccessBlock(request, ctx) {
        const target = request.headers['x-amz-account-id'];
        if (target !== ctx.accountId) throw new AwsError('AccessDenied', 'Access Denied', 403);
        const pab = ctx.org.globalUnit(ctx.accountId).accountPublicAccessBlock;
        if (!pab) throw new AwsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404);
        return pabXml('PublicAccessBlockConfiguration', 'http://awss3control.amazonaws.com/doc/2018-08-20/', pab);
      },
    },
  };
}
