// Deployment settings of the CDK app, read from CDK context (cdk.json or `-c key=value`)
// and validated up front so a bad value fails synth with the name of the key.
import { z } from 'zod';
import { ACCOUNT_ID_PATTERN, ROLE_NAME_PATTERN } from '../scanner/validation.js';

/** Log retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/(\d|[12]\d|3[0-2])$/, 'must be an IPv4 CIDR block such as 10.0.0.0/16');
const scheduleExpression = z
  .string()
  .regex(/^(cron\(.+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/, 'must be an EventBridge Scheduler cron(...) or rate(...) expression');
const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id');

/** An existing VPC, described fully so synth needs no lookup. */
const existingVpc = z
  .object({
    vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must be a VPC id such as vpc-0123456789abcdef0'),
    vpcCidrBlock: cidr,
    availabilityZones: z.array(z.string().min(1)).min(2, 'needs at least two availability zones (Multi-AZ database)'),
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'must be a subnet id')).min(2),
    /** Route tables of those subnets; the S3 and DynamoDB gateway endpoints are added to them when given. */
    privateRouteTableIds: z.array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/, 'must be a route table id')).optional(),
  })
  .strict()
  .refine((v) => v.privateSubnetIds.length === v.availabilityZones.length, {
    message: 'privateSubnetIds must list one subnet per availability zone, in the same order',
    path: ['privateSubnetIds'],
  })
  .refine((v) => !v.privateRouteTableIds || v.privateRouteTableIds.length === v.privateSubnetIds.length, {
    message: 'privateRouteTableIds must list one route table per private subnet, in the same order',
    path: ['privateRouteTableIds'],
  });

export const settingsSchema = z
  .object({
    /** Tag values. */
    project: z.string().min(1).default('orgscan'),
    environment: z.string().regex(/^[a-z][a-z0-9-]{0,15}$/, 'must be lower-case letters, digits and dashes, at most 16 characters').default('prod'),
    owner: z.string().min(1, 'is required: the team or person answerable for the stack (tag Owner)'),
    /** The organization whose accounts the scanner may assume roles in (aws:ResourceOrgID). */
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an AWS Organizations id such as o-a1b2c3d4e5'),
    /** Region of the scanner stack; default: the CLI's (CDK_DEFAULT_REGION, from the AWS profile or AWS_REGION). */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name').optional(),
    /** Account that hosts the scanner stack; the member role trusts its task role. */
    scannerAccountId: accountId,
    roleName: z.string().regex(ROLE_NAME_PATTERN, 'must be an IAM role name (not an ARN)').default('OrgScanReadOnly'),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of letters, digits and +=,.@:/-'),
    /**
     * Principals the member role trusts besides the scanner's task role, so people can scan from a laptop:
     * IAM role or user ARNs, `*` and `?` allowed after the account id (matched with ArnLike on aws:PrincipalArn),
     * e.g. an IAM Identity Center permission set's roles:
     * arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*\/AWSReservedSSO_SecurityAudit_*
     */
    trustedPrincipalArns: z
      .array(
        z
          .string()
          .regex(
            /^arn:aws[\w-]*:iam::\d{12}:(role|user)\/[\w+=,.@/*?-]{1,512}$/,
            'must be an IAM role or user ARN (wildcards * and ? allowed in the name), such as arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SecurityAudit_*',
          ),
      )
      .optional(),
    scanSchedule: scheduleExpression.default('cron(0 3 * * ? *)'),
    weeklyReportSchedule: scheduleExpression.default('cron(0 7 ? * MON *)'),
    scheduleTimeZone: z.string().min(1).default('UTC'),
    /** Regions each scan covers; default: every region enabled in each account. */
    scanRegions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name')).optional(),
    /** ACM certificate for an HTTPS listener; plain HTTP inside the VPC without it. */
    certificateArn: z.string().regex(/^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'must be an ACM certificate ARN').optional(),
    /** Who may reach the internal load balancer; default: the VPC's own CIDR. */
    allowedCidrs: z.array(cidr).optional(),
    vpc: existingVpc.optional(),
    /** NAT gateways for the regional API endpoints of other regions, Organizations and SES (0 = none). */
    natGateways: z.coerce.number().int().min(0).max(3).default(1),
    interfaceEndpoints: z.boolean().default(true),
    /** Tasks at start, and the fewest autoscaling keeps. */
    desiredCount: z.coerce.number().int().min(1).max(10).default(1),
    /** Most tasks autoscaling starts on the queue backlog; default desiredCount (no autoscaling). Needs shardAccounts. */
    maxTasks: z.coerce.number().int().min(1).max(50).optional(),
    /** Queue messages (scan shards) waiting per running task that autoscaling steers towards. */
    backlogPerTask: z.coerce.number().positive().max(10_000).default(10),
    /** Accounts per scan shard shared by every task (0: each scan runs in one task). See docs/scale-out.md. */
    shardAccounts: z.coerce.number().int().min(0).max(10_000).default(0),
    /** Seconds a task holds a shard without renewing it: a stopped task's shards are retaken after this. */
    shardLeaseSeconds: z.coerce.number().int().min(10).max(3600).default(60),
    cpu: z.coerce.number().refine((n) => [256, 512, 1024, 2048, 4096].includes(n), 'must be a Fargate CPU size: 256, 512, 1024, 2048 or 4096').default(512),
    memoryMiB: z.coerce.number().int().min(512).max(30720).default(1024),
    dbInstanceClass: z.string().regex(/^[a-z][a-z0-9]*\.[a-z0-9]+$/, 'must be an RDS instance class without the db. prefix, such as t4g.micro').default('t4g.micro'),
    dbAllocatedStorageGiB: z.coerce.number().int().min(20).max(65536).default(20),
    logRetentionDays: z.coerce
      .number()
      .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), `must be one of ${LOG_RETENTION_DAYS.join(', ')}`)
      .default(90),
    /** Container image URI; default: built from this repository's Dockerfile at deploy time. */
    imageUri: z.string().min(1).optional(),
    /** Weekly email through SES: the verified identity (domain or address), sender and recipients. */
    sesIdentity: z.string().min(3).optional(),
    mailFrom: z.string().email().optional(),
    mailTo: z.array(z.string().email()).min(1).optional(),
    /** Base URL users open the reports at (for links in the email). */
    reportBaseUrl: z.string().url().optional(),
    /** Organizational units the member-role StackSet deploys to; no StackSet stack without them. */
    memberOrganizationalUnitIds: z.array(z.string().regex(/^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/, 'must be an OU id (ou-...) or the root id (r-...)')).optional(),
    /** Region the StackSet instances are created in (IAM is global: one region is enough). */
    memberRoleRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region name').default('us-east-1'),
    /** CloudFormation StackSets caller: the management account (SELF) or a delegated administrator. */
    stackSetCallAs: z.enum(['SELF', 'DELEGATED_ADMIN']).default('SELF'),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.maxTasks !== undefined && s.maxTasks < s.desiredCount) {
      ctx.addIssue({ code: 'custom', path: ['maxTasks'], message: `must be at least desiredCount (${s.desiredCount})` });
    }
    if (s.maxTasks !== undefined && s.maxTasks > s.desiredCount && s.shardAccounts === 0) {
      ctx.addIssue({ code: 'custom', path: ['shardAccounts'], message: 'must be set (accounts per shard, e.g. 10) with maxTasks: without shards each scan runs in one task, and more tasks would not help it' });
    }
    if (s.mailTo && (!s.mailFrom || !s.sesIdentity)) {
      ctx.addIssue({ code: 'custom', path: ['mailTo'], message: 'needs mailFrom and sesIdentity as well' });
    }
    if (s.mailFrom && s.sesIdentity && !s.mailFrom.endsWith(`@${s.sesIdentity}`) && s.mailFrom !== s.sesIdentity) {
      ctx.addIssue({ code: 'custom', path: ['mailFrom'], message: `must be the SES identity ${s.sesIdentity} or an address of that domain` });
    }
  });

export type DeploySettings = z.infer<typeof settingsSchema>;

export const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as (keyof DeploySettings)[];

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** `-c key=value` arrives as a string: JSON-looking values (arrays, objects, booleans, numbers) are parsed. */
function decodeContextValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (/^[[{]/.test(trimmed) || trimmed === 'true' || trimmed === 'false') {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return value;
}

/** Validates settings taken from CDK context; reports every bad key at once. */
export function parseSettings(raw: Record<string, unknown>): DeploySettings {
  const input: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) {
    if (raw[key] !== undefined) input[key] = decodeContextValue(raw[key]);
  }
  const result = settingsSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  context ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SettingsError(`invalid orgscan deployment settings (pass them with -c key=value or in cdk.json "context"):\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Physical name of the scanner's task role: the member role's trust policy names it. */
export function scannerTaskRoleName(settings: Pick<DeploySettings, 'project' | 'environment'>): string {
  return `${settings.project}-${settings.environment}-scanner-task`;
}
