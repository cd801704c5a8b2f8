// Generates the account-wide unit: S3 buckets and account block-public-access, and IAM
// (users with keys and MFA, groups, roles, customer-managed policies, password policy).
import { Rng } from '../random.js';
import { plantBucketLifecycles } from './waste-rds-s3-vpce.js';
import type { GlobalUnit, PublicAccessBlock, SynthBucket, SynthPolicy, SynthUser } from './types.js';

export interface GlobalParams {
  seed: string;
  accountId: string;
  /** Regions buckets may live in. */
  regions: readonly string[];
  problemRate: number;
  now: Date;
}

const DAY_MS = 86_400_000;
const FULL_BLOCK: PublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

const document = (statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

export function generateGlobalUnit(p: GlobalParams): GlobalUnit {
  const rng = Rng.of(p.seed, p.accountId, 'global');
  const bad = () => rng.chance(p.problemRate);
  const daysAgo = (max: number) => new Date(p.now.getTime() - rng.int(1, max) * DAY_MS - rng.int(0, 86_399) * 1000);
  const upperId = (prefix: string) => `${prefix}${rng.hex(17).toUpperCase()}`;

  const buckets: SynthBucket[] = [];
  const bucketCount = rng.int(1, 12);
  for (let b = 0; b < bucketCount; b++) {
    const name = `${rng.pick(['logs', 'assets', 'backups', 'data-lake', 'artifacts', 'exports'])}-${p.accountId}-${b}`;
    const publicBucket = bad();
    buckets.push({
      name,
      region: rng.chance(0.6) ? (p.regions[0] ?? 'us-east-1') : rng.pick(p.regions),
      createdAt: daysAgo(2000),
      publicAccessBlock: publicBucket ? null : rng.chance(0.9) ? FULL_BLOCK : { ...FULL_BLOCK, blockPublicPolicy: false },
      policy: publicBucket
        ? document([{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*` }])
        : rng.chance(0.4)
          ? document([
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ])
          : null,
      // Since 2023 every bucket has at least SSE-S3; a missing configuration is the planted legacy case.
      encryption: bad() ? null : rng.chance(0.3) ? 'aws:kms' : 'AES256',
      versioning: bad() ? null : rng.chance(0.8) ? 'Enabled' : 'Suspended',
      tags: rng.chance(0.6) ? [{ key: 'owner', value: rng.pick(['payments', 'search', 'platform', 'data']) }] : [],
    });
  }

  const policies: SynthPolicy[] = [];
  const policyCount = rng.int(2, 10);
  for (let i = 0; i < policyCount; i++) {
    const admin = bad();
    const name = admin ? `legacy-admin-${i}` : `app-access-${i}`;
    policies.push({
      name,
      id: upperId('ANPA'),
      arn: `arn:aws:iam::${p.accountId}:policy/${name}`,
      document: admin
        ? document([{ Effect: 'Allow', Action: '*', Resource: '*' }])
        : document([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::assets-${p.accountId}-0/*` }]),
      createdAt: daysAgo(1500),
      attachmentCount: rng.int(0, 3),
    });
  }

  const groups = [
    { name: 'developers', id: upperId('AGPA'), attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
    { name: 'admins', id: upperId('AGPA'), attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
  ];

  const users: SynthUser[] = [];
  const userCount = rng.int(1, 15);
  for (let u = 0; u < userCount; u++) {
    const human = rng.chance(0.6);
    const keyCount = human ? rng.int(0, 1) : rng.int(1, 2);
    const accessKeys = Array.from({ length: keyCount }, () => {
      const stale = bad();
      const createdAt = stale ? daysAgo(900) : new Date(p.now.getTime() - rng.int(1, 80) * DAY_MS);
      const neverUsed = stale && rng.chance(0.5);
      return {
        id: upperId('AKIA').slice(0, 20),
        active: rng.chance(0.9),
        createdAt,
        lastUsedAt: neverUsed ? null : new Date(Math.max(createdAt.getTime(), p.now.getTime() - rng.int(0, stale ? 400 : 30) * DAY_MS)),
      };
    });
    const name = human ? `${rng.pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank'])}.${u}` : `svc-${rng.pick(['ci', 'backup', 'etl', 'deploy'])}-${u}`;
    users.push({
      name,
      id: upperId('AIDA'),
      createdAt: daysAgo(1800),
      passwordEnabled: human,
      passwordLastUsed: human ? daysAgo(60) : null,
      mfa: human ? !bad() : false,
      accessKeys,
      inlinePolicies: bad() ? [{ name: 'inline-all', document: document([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }] : [],
      attachedPolicyArns: rng.chance(0.3) && policies.length > 0 ? [rng.pick(policies).arn] : [],
      groups: human ? [rng.chance(0.2) ? 'admins' : 'developers'] : [],
    });
  }

  const roles = Array.from({ length: rng.int(4, 20) }, (_, r) => {
    const name = r === 0 ? 'OrgScanReadOnly' : `${rng.pick(['app', 'lambda', 'ecs-task', 'ci'])}-role-${r}`;
    return {
      name,
      id: upperId('AROA'),
      createdAt: daysAgo(1500),
      trustPolicy: document([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
      attachedPolicyArns: r === 0 ? ['arn:aws:iam::aws:policy/SecurityAudit'] : policies.length > 0 ? [rng.pick(policies).arn] : [],
    };
  });

  const unit: GlobalUnit = {
    accountId: p.accountId,
    buckets,
    accountPublicAccessBlock: bad() ? null : FULL_BLOCK,
    users,
    groups,
    roles,
    policies,
    rootMfa: !bad(),
    rootAccessKeys: bad(),
    passwordPolicy: bad()
      ? null
      : { minimumLength: rng.pick([8, 14, 16]), requireSymbols: rng.chance(0.7), maxAgeDays: rng.chance(0.5) ? 90 : null, reusePrevention: rng.chance(0.5) ? 24 : null },
  };
  plantBucketLifecycles(unit, p.seed, p.problemRate);
  return unit;
}
