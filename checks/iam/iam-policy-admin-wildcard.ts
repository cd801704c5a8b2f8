import type { CheckResult } from '../types.js';
import { awsErrorCode, parsePolicyDocument, type PolicyStatement } from '../support/index.js';
import { adminAccessStatements } from '../support/iam-policy.js';
import { defineCheck } from '../define.js';
import { configRule, fsbp } from '../frameworks/index.js';

interface PolicyUnderTest {
  resourceType: string;
  resourceId: string;
  resourceArn: string | null;
  label: string;
  document: string | undefined;
}

function evaluatePolicy(p: PolicyUnderTest): CheckResult {
  const base = { resourceType: p.resourceType, resourceId: p.resourceId, resourceArn: p.resourceArn };
  if (!p.document) return { ...base, status: 'ERROR', message: `${p.label} has no policy document in the authorization details`, errorCode: 'PolicyDocumentMissing' };
  let statements: PolicyStatement[];
  try {
    statements = parsePolicyDocument(p.document);
  } catch (err) {
    return { ...base, status: 'ERROR', message: `${p.label} has a policy document that cannot be parsed`, errorCode: awsErrorCode(err) };
  }
  const admin = adminAccessStatements(statements);
  return admin.length > 0
    ? { ...base, status: 'FAIL', message: `${p.label} allows "*" on "*"`, evidence: { statements: admin } }
    : { ...base, status: 'PASS', message: `${p.label} does not allow "*" on "*"`, evidence: { statements: statements.length } };
}

export const iamPolicyAdminWildcard = defineCheck({
  id: 'iam-policy-admin-wildcard',
  title: 'Customer-managed or inline IAM policy allows every action on every resource',
  service: 'iam',
  scope: 'global',
  severity: 'high',
  frameworks: [fsbp('IAM.1'), configRule('iam-policy-no-statements-with-admin-access')],
  reads: ['iam.authorizationDetails'],
  remediation: {
    text: 'Replace "Action": "*" on "Resource": "*" with the actions and resources the principal needs (IAM Access Analyzer can generate a policy from CloudTrail activity); keep full administrator access to a few break-glass roles using the AWS-managed AdministratorAccess policy.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
  },
  async evaluate(ctx) {
    const details = await ctx.iam.authorizationDetails();
    const policies: PolicyUnderTest[] = [];
    for (const policy of details.Policies ?? []) {
      const version = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion) ?? (policy.PolicyVersionList ?? []).find((v) => v.VersionId === policy.DefaultVersionId);
      policies.push({
        resourceType: 'AWS::IAM::ManagedPolicy',
        resourceId: policy.Arn ?? policy.PolicyName ?? 'unknown',
        resourceArn: policy.Arn ?? null,
        label: `customer-managed policy ${policy.PolicyName}`,
        document: version?.Document,
      });
    }
    const inline = (kind: 'user' | 'group' | 'role', name: string | undefined, arn: string | undefined, list: { PolicyName?: string; PolicyDocument?: string }[] | undefined) => {
      for (const p of list ?? []) {
        policies.push({
          resourceType: 'AWS::IAM::InlinePolicy',
          resourceId: `${kind}/${name}/${p.PolicyName}`,
          resourceArn: arn ?? null,
          label: `inline policy ${p.PolicyName} of ${kind} ${name}`,
          document: p.PolicyDocument,
        });
      }
    };
    for (const u of details.UserDetailList ?? []) inline('user', u.UserName, u.Arn, u.UserPolicyList);
    for (const g of details.GroupDetailList ?? []) inline('group', g.GroupName, g.Arn, g.GroupPolicyList);
    for (const r of details.RoleDetailList ?? []) inline('role', r.RoleName, r.Arn, r.RolePolicyList);
    return policies.map(evaluatePolicy);
  },
});
