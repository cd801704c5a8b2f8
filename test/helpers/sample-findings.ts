// Findings for report, diff and email tests: one hand-made finding with defaults, and a
// realistic multi-account scan (many accounts and regions, every status, costs, tags, and
// resource names that try to break out of HTML, CSV and JSON).
import type { Finding, FindingStatus, ScanSummary, Severity } from '../../checks/types.js';

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 'ebs-volume-unattached',
    status: 'FAIL',
    severity: 'low',
    accountId: '111111111111',
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0123456789abcdef0',
    resourceArn: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-0123456789abcdef0',
    message: 'Volume vol-0123456789abcdef0 is not attached to any instance',
    evidence: { state: 'available', sizeGiB: 100 },
    remediation: {
      text: 'Snapshot the volume if its data matters, then delete it.',
      url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html',
    },
    frameworks: { 'aws-trusted-advisor': 'DAvU99Dc4C' },
    estimatedMonthlyCostUsd: 8,
    costBasis: 'estimate',
    tags: {},
    firstSeenAt: null,
    mutedBy: null,
    errorCode: null,
    ...overrides,
  };
}

/** A small deterministic PRNG (mulberry32), so fixtures are identical on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const EVIL_NAME = '<script>window.__pwned=1</script>';
export const EVIL_TAG = '"><img src=x onerror="window.__pwned=2">';

interface CheckSpec {
  id: string;
  severity: Severity;
  resourceType: string;
  global: boolean;
  failRate: number;
  make(r: () => number, account: string, region: string, n: number): Pick<Finding, 'resourceId' | 'resourceArn' | 'message' | 'evidence' | 'estimatedMonthlyCostUsd'>;
  remediation: Finding['remediation'];
  frameworks: Finding['frameworks'];
}

const hex = (r: () => number, len: number) => Array.from({ length: len }, () => Math.floor(r() * 16).toString(16)).join('');

const CHECKS: CheckSpec[] = [
  {
    id: 'ebs-volume-unattached', severity: 'low', resourceType: 'AWS::EC2::Volume', global: false, failRate: 0.45,
    remediation: { text: 'Snapshot the volume if its data matters, then delete it.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html' },
    frameworks: { 'aws-trusted-advisor': 'DAvU99Dc4C', 'aws-config': 'ec2-volume-inuse-check' },
    make(r, account, region) {
      const id = `vol-${hex(r, 17)}`;
      const size = [8, 20, 50, 100, 500, 1000][Math.floor(r() * 6)]!;
      const type = r() < 0.7 ? 'gp3' : 'gp2';
      return {
        resourceId: id,
        resourceArn: `arn:aws:ec2:${region}:${account}:volume/${id}`,
        message: `Volume ${id} (${size} GiB ${type}) is not attached to any instance`,
        evidence: { state: 'available', sizeGiB: size, volumeType: type, createTime: `2026-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}T08:00:00.000Z` },
        estimatedMonthlyCostUsd: Math.round(size * (type === 'gp3' ? 0.08 : 0.1) * 100) / 100,
      };
    },
  },
  {
    id: 'rds-instance-single-az', severity: 'medium', resourceType: 'AWS::RDS::DBInstance', global: false, failRate: 0.35,
    remediation: { text: 'Modify the instance to Multi-AZ during a maintenance window.', url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html' },
    frameworks: { 'aws-fsbp': 'RDS.5', 'aws-config': 'rds-multi-az-support' },
    make(r, account, region, n) {
      const id = `db-${['orders', 'billing', 'users', 'search', 'audit'][n % 5]}-${hex(r, 4)}`;
      return {
        resourceId: id,
        resourceArn: `arn:aws:rds:${region}:${account}:db:${id}`,
        message: `DB instance ${id} runs in a single Availability Zone`,
        evidence: { multiAZ: false, engine: r() < 0.5 ? 'postgres' : 'mysql', instanceClass: 'db.m6g.large' },
        estimatedMonthlyCostUsd: null,
      };
    },
  },
  {
    id: 'cloudwatch-alarm-no-action', severity: 'low', resourceType: 'AWS::CloudWatch::Alarm', global: false, failRate: 0.3,
    remediation: { text: 'Add an alarm action (SNS topic) or delete the alarm.', url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html' },
    frameworks: { 'aws-fsbp': 'CloudWatch.15' },
    make(r, account, region, n) {
      const id = `${['cpu-high', 'disk-full', '5xx-rate', 'latency-p99'][n % 4]}-${hex(r, 6)}`;
      return {
        resourceId: id,
        resourceArn: `arn:aws:cloudwatch:${region}:${account}:alarm:${id}`,
        message: `Alarm ${id} has no action for the ALARM state`,
        evidence: { alarmActions: [], actionsEnabled: true },
        estimatedMonthlyCostUsd: null,
      };
    },
  },
  {
    id: 'vpc-nat-gateway-endpoint-savings', severity: 'low', resourceType: 'AWS::EC2::VPC', global: false, failRate: 0.5,
    remediation: { text: 'Add S3 and DynamoDB gateway endpoints to the VPC route tables.', url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html' },
    frameworks: { 'aws-well-architected': 'COST07-BP01' },
    make(r, account, region) {
      const id = `vpc-${hex(r, 17)}`;
      const gb = Math.round(r() * 4000);
      return {
        resourceId: id,
        resourceArn: `arn:aws:ec2:${region}:${account}:vpc/${id}`,
        message: `VPC ${id} sends ${gb} GB/month through NAT gateways with no S3 gateway endpoint`,
        evidence: { natGateways: 1 + Math.floor(r() * 3), processedGb: gb, gatewayEndpoints: [] },
        estimatedMonthlyCostUsd: Math.round(gb * 0.045 * 100) / 100,
      };
    },
  },
  {
    id: 'vpc-default-in-use', severity: 'medium', resourceType: 'AWS::EC2::VPC', global: false, failRate: 0.25,
    remediation: { text: 'Move workloads to a purpose-built VPC and delete the default VPC.', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html' },
    frameworks: { 'cis-aws-3.0': '5.4', 'aws-fsbp': 'EC2.2' },
    make(r, account, region) {
      const id = `vpc-${hex(r, 8)}`;
      return {
        resourceId: id,
        resourceArn: `arn:aws:ec2:${region}:${account}:vpc/${id}`,
        message: `Default VPC ${id} has ${1 + Math.floor(r() * 12)} network interfaces in use`,
        evidence: { isDefault: true, networkInterfaces: 1 + Math.floor(r() * 12) },
        estimatedMonthlyCostUsd: null,
      };
    },
  },
  {
    id: 'iam-access-key-rotation', severity: 'high', resourceType: 'AWS::IAM::User', global: true, failRate: 0.4,
    remediation: { text: 'Create a new access key, switch clients to it, then deactivate and delete the old key.', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console' },
    frameworks: { 'cis-aws-3.0': '1.14', 'aws-fsbp': 'IAM.3' },
    make(r, account, _region, n) {
      const id = `${['deploy-bot', 'ci', 'alice', 'bob', 'legacy-etl'][n % 5]}-${hex(r, 3)}`;
      return {
        resourceId: id,
        resourceArn: `arn:aws:iam::${account}:user/${id}`,
        message: `User ${id} has an active access key ${90 + Math.floor(r() * 600)} days old`,
        evidence: { accessKeyId: `AKIA${hex(r, 16).toUpperCase()}`, ageDays: 90 + Math.floor(r() * 600) },
        estimatedMonthlyCostUsd: null,
      };
    },
  },
  {
    id: 's3-bucket-public-access', severity: 'critical', resourceType: 'AWS::S3::Bucket', global: true, failRate: 0.08,
    remediation: { text: 'Turn on S3 Block Public Access for the bucket and the account.', url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html' },
    frameworks: { 'cis-aws-3.0': ['2.1.4', '2.1.5'], 'aws-fsbp': 'S3.8' },
    make(r, account, _region, n) {
      const id = `acme-${['logs', 'assets', 'backups', 'exports'][n % 4]}-${hex(r, 6)}`;
      return {
        resourceId: id,
        resourceArn: `arn:aws:s3:::${id}`,
        message: `Bucket ${id} allows public access`,
        evidence: { blockPublicAcls: false, policyIsPublic: r() < 0.5 },
        estimatedMonthlyCostUsd: null,
      };
    },
  },
];

export const SAMPLE_REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];

export function sampleAccounts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(100000000000 + i * 7919013).padStart(12, '0'));
}

export interface SampleScanOptions {
  findings?: number;
  accounts?: number;
  seed?: number;
  scanId?: string;
  startedAt?: string;
}

/** A realistic scan: findings spread over accounts × regions × checks, every status present. */
export function sampleScan(opts: SampleScanOptions = {}): { scan: ScanSummary; findings: Finding[] } {
  const total = opts.findings ?? 400;
  const accounts = sampleAccounts(opts.accounts ?? 12);
  const r = rng(opts.seed ?? 42);
  const startedAt = opts.startedAt ?? '2026-11-23T06:00:00.000Z';
  const findings: Finding[] = [];
  for (let n = 0; n < total; n++) {
    const spec = CHECKS[Math.floor(r() * CHECKS.length)]!;
    const account = accounts[Math.floor(Math.pow(r(), 1.6) * accounts.length)]!; // some accounts much worse
    const region = spec.global ? 'global' : SAMPLE_REGIONS[Math.floor(r() * SAMPLE_REGIONS.length)]!;
    const body = spec.make(r, account, region, n);
    const roll = r();
    const status: FindingStatus = roll < 0.03 ? 'ERROR' : roll < 0.07 ? 'MUTED' : roll < 0.07 + spec.failRate ? 'FAIL' : 'PASS';
    const failing = status === 'FAIL' || status === 'MUTED';
    const team = ['payments', 'platform', 'data', 'web', 'security'][Math.floor(r() * 5)]!;
    findings.push({
      checkId: spec.id,
      status,
      severity: spec.severity,
      accountId: account,
      region,
      resourceType: spec.resourceType,
      ...body,
      message: status === 'PASS' ? `${body.resourceId} passes ${spec.id}` : status === 'ERROR' ? `Could not evaluate ${spec.id}: access denied` : body.message,
      evidence: status === 'ERROR' ? {} : body.evidence,
      estimatedMonthlyCostUsd: failing ? body.estimatedMonthlyCostUsd : null,
      costBasis: failing && body.estimatedMonthlyCostUsd !== null ? (spec.id === 'vpc-nat-gateway-endpoint-savings' ? 'ceiling' : 'estimate') : null,
      remediation: spec.remediation,
      frameworks: spec.frameworks,
      tags: r() < 0.8 ? { team, env: r() < 0.5 ? 'prod' : 'staging', Name: `${team}-${body.resourceId.slice(-4)}` } : {},
      firstSeenAt: status === 'FAIL' ? `2026-${String(1 + Math.floor(r() * 10)).padStart(2, '0')}-0${1 + Math.floor(r() * 9)}T06:00:00.000Z` : null,
      mutedBy: status === 'MUTED' ? { ruleId: 'sandbox-accounts', reason: 'Sandbox account, reviewed by security', expires: '2027-03-31', owner: 'secops@example.com' } : null,
      errorCode: status === 'ERROR' ? (r() < 0.5 ? 'AccessDenied' : 'UnauthorizedOperation') : null,
    });
  }
  // Names chosen by whoever can tag resources: must render as text everywhere.
  findings.push(
    makeFinding({
      accountId: accounts[0]!,
      region: 'us-east-1',
      resourceId: EVIL_NAME,
      resourceArn: `arn:aws:ec2:us-east-1:${accounts[0]}:volume/${EVIL_NAME}`,
      message: `Volume ${EVIL_NAME} is not attached to any instance`,
      tags: { Name: EVIL_TAG, owner: '=HYPERLINK("http://evil.example","x")' },
      estimatedMonthlyCostUsd: 40,
      firstSeenAt: '2026-11-16T06:00:00.000Z',
    }),
  );
  const counts = { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
  for (const f of findings) counts[f.status]++;
  const scan: ScanSummary = {
    id: opts.scanId ?? 'scan-2026-11-23',
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 14 * 60_000).toISOString(),
    status: 'succeeded',
    accounts,
    regions: SAMPLE_REGIONS,
    checks: CHECKS.map((c) => c.id),
    apiCalls: { total: 12873, throttled: 4, retries: 9, byOperation: { 'EC2:DescribeVolumes': 60 } },
    errors: [
      { accountId: accounts[accounts.length - 1]!, region: null, checkId: null, code: 'AccessDenied', message: `cannot assume role OrgScanReadOnly in ${accounts[accounts.length - 1]} ${EVIL_NAME}` },
    ],
    progress: { unitsTotal: 360, unitsDone: 360, accountsTotal: accounts.length, accountsDone: accounts.length, apiCalls: 12873, errors: 1, findings: findings.length },
    counts,
  };
  return { scan, findings };
}

/** The previous scan of the same scope: some of today's failures did not fail yet, some old ones were fixed. */
export function previousSampleScan(current: { scan: ScanSummary; findings: Finding[] }): { scan: ScanSummary; findings: Finding[] } {
  const r = rng(7);
  const findings: Finding[] = [];
  for (const f of current.findings) {
    const roll = r();
    if (f.status === 'FAIL' && roll < 0.2) findings.push({ ...f, status: 'PASS', estimatedMonthlyCostUsd: null, firstSeenAt: null }); // new failure now
    else if (f.status === 'PASS' && roll < 0.15) findings.push({ ...f, status: 'FAIL', message: `${f.resourceId} failed last week` }); // resolved now
    else findings.push(f);
  }
  findings.push(makeFinding({ accountId: current.scan.accounts[0]!, resourceId: 'vol-deleted-since', region: 'eu-west-1' }));
  const counts = { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
  for (const f of findings) counts[f.status]++;
  const startedAt = new Date(Date.parse(current.scan.startedAt) - 7 * 86_400_000).toISOString();
  return { scan: { ...current.scan, id: 'scan-2026-11-16', startedAt, finishedAt: startedAt, counts }, findings };
}
