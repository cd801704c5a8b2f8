// Which IAM actions orgscan needs, and where each SDK command's action comes from.
// The member-account role's policy is generated from the check registry (each check's permissions
// derive from the collectors it reads); the table below maps recorded SDK commands to IAM actions so
// the permission audit can prove the policy covers them.
import { catalogIamActionBySdkOperation } from '../checks/catalog.js';
import { IAM_ACTION_PATTERN } from '../checks/define.js';
import { requiredPermissions } from '../checks/index.js';

/**
 * SDK command ("<client>:<operation>", as the scan's onApiCall hook names them) → IAM action.
 * Member-account operations come from the collector catalog (checks/catalog.ts); the engine's own
 * region discovery and the scanner's own calls (its task role) are listed here.
 */
export const IAM_ACTION_BY_SDK_OPERATION: Readonly<Record<string, string>> = {
  ...catalogIamActionBySdkOperation(),
  // Region discovery when a scan does not name its regions.
  'EC2:DescribeRegions': 'ec2:DescribeRegions',
  // The scanner's own account (task role), not member accounts.
  'STS:AssumeRole': 'sts:AssumeRole',
  'STS:GetCallerIdentity': 'sts:GetCallerIdentity',
  'Organizations:ListAccounts': 'organizations:ListAccounts',
  'Organizations:DescribeOrganization': 'organizations:DescribeOrganization',
  // Account metadata, once per scan (scanner/account-metadata.ts): names, OU path, tags.
  'Organizations:DescribeAccount': 'organizations:DescribeAccount',
  'Organizations:ListParents': 'organizations:ListParents',
  'Organizations:DescribeOrganizationalUnit': 'organizations:DescribeOrganizationalUnit',
  'Organizations:ListTagsForResource': 'organizations:ListTagsForResource',
  'SQS:ReceiveMessage': 'sqs:ReceiveMessage',
  'SQS:DeleteMessage': 'sqs:DeleteMessage',
  'SQS:ChangeMessageVisibility': 'sqs:ChangeMessageVisibility',
  'SQS:GetQueueAttributes': 'sqs:GetQueueAttributes',
  'SQS:SendMessage': 'sqs:SendMessage',
  'SESv2:SendEmail': 'ses:SendEmail',
};

/** SDK clients whose calls the scanner makes with its own task role rather than a member role. */
export const SCANNER_SIDE_SERVICES: ReadonlySet<string> = new Set(['STS', 'Organizations', 'SQS', 'SESv2']);

/** The IAM action authorising an SDK command, or undefined when the table does not know it. */
export function iamActionFor(service: string, operation: string): string | undefined {
  return IAM_ACTION_BY_SDK_OPERATION[`${service}:${operation}`];
}

/** What the scanner asks Organizations with its own (task) role: the accounts and their metadata. */
export const SCANNER_ORGANIZATIONS_ACTIONS: readonly string[] = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganization',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListParents',
  'organizations:ListTagsForResource',
];

/** What the engine itself calls in member accounts, beyond the checks' collectors. */
export const ENGINE_MEMBER_ACTIONS: readonly string[] = [
  // Region discovery when a scan does not name its regions.
  'ec2:DescribeRegions',
];


export class InvalidIamActionError extends Error {
  constructor(readonly actions: string[]) {
    super(`not exact IAM actions (wildcards are not allowed in orgscan's policies): ${actions.join(', ')}`);
    this.name = 'InvalidIamActionError';
  }
}

export function assertExactActions(actions: readonly string[]): void {
  const bad = actions.filter((a) => !IAM_ACTION_PATTERN.test(a));
  if (bad.length > 0) throw new InvalidIamActionError(bad);
}

/** The member-account role's actions: every registered check's permissions plus the engine's, sorted. */
export function memberRoleActions(permissions: readonly string[] = requiredPermissions()): string[] {
  const actions = [...new Set([...permissions, ...ENGINE_MEMBER_ACTIONS])].sort();
  assertExactActions(actions);
  return actions;
}
