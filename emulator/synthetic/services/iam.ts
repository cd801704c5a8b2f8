// IAM (query protocol): credential report, authorization details, access keys, password policy.
import { AwsError } from '../errors.js';
import type { GlobalUnit, SynthAccessKey, SynthUser } from '../model/types.js';
import { intParam, paginate } from '../paging.js';
import type { CallContext, RateLimit, SyntheticService } from '../service.js';
import type { SynthRequest } from '../request.js';
import { form, formAction, formList } from '../wire/input.js';
import { el, list, wrap } from '../wire/xml.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString().replace(/\.\d{3}Z$/, '+00:00') : 'N/A');
const policyArn = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
const attached = (arns: readonly string[]) =>
  list('AttachedManagedPolicies', 'member', arns, (a) => el('PolicyName', policyArn(a)) + el('PolicyArn', a));

function pagedIam<T>(request: SynthRequest, scope: string, items: readonly T[]) {
  const params = form(request);
  return paginate(items, intParam(params.get('MaxItems'), 'MaxItems'), params.get('Marker'), scope, {
    default: 100,
    min: 1,
    max: 1000,
    sizeName: 'MaxItems',
  });
}

const truncation = (next: string | null) => el('IsTruncated', next !== null) + el('Marker', next);

function keyColumns(key: SynthAccessKey | undefined): string[] {
  if (!key) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [String(key.active), iso(key.createdAt), iso(key.lastUsedAt), key.lastUsedAt ? 'us-east-1' : 'N/A', key.lastUsedAt ? 's3' : 'N/A'];
}

export function credentialReportCsv(unit: GlobalUnit, now: Date): string {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,' +
    'access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,' +
    'access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,' +
    'cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const created = new Date(now.getTime() - 2000 * 86_400_000);
  const root = [
    '<root_account>',
    `arn:aws:iam::${unit.accountId}:root`,
    iso(created),
    'not_supported',
    iso(new Date(now.getTime() - 200 * 86_400_000)),
    'not_supported',
    'not_supported',
    String(unit.rootMfa),
    ...keyColumns(unit.rootAccessKeys ? { id: 'root', active: true, createdAt: created, lastUsedAt: null } : undefined),
    ...keyColumns(undefined),
    'false',
    'N/A',
    'false',
    'N/A',
  ];
  const rows = unit.users.map((u: SynthUser) => [
    u.name,
    `arn:aws:iam::${unit.accountId}:user/${u.name}`,
    iso(u.createdAt),
    String(u.passwordEnabled),
    u.passwordEnabled ? (u.passwordLastUsed ? iso(u.passwordLastUsed) : 'no_information') : 'N/A',
    u.passwordEnabled ? iso(u.createdAt) : 'N/A',
    'N/A',
    String(u.mfa),
    ...keyColumns(u.accessKeys[0]),
    ...keyColumns(u.accessKeys[1]),
    'false',
    'N/A',
    'false',
    'N/A',
  ]);
  return [header, root.join(','), ...rows.map((r) => r.join(','))].join('\n');
}

type Entity =
  | { kind: 'User'; user: SynthUser }
  | { kind: 'Group'; group: GlobalUnit['groups'][number] }
  | { kind: 'Role'; role: GlobalUnit['roles'][number] }
  | { kind: 'LocalManagedPolicy'; policy: GlobalUnit['policies'][number] };

function entities(unit: GlobalUnit, filter: string[]): Entity[] {
  const want = (k: string) => filter.length === 0 || filter.includes(k);
  return [
    ...(want('User') ? unit.users.map((user) => ({ kind: 'User' as const, user })) : []),
    ...(want('Group') ? unit.groups.map((group) => ({ kind: 'Group' as const, group })) : []),
    ...(want('Role') ? unit.roles.map((role) => ({ kind: 'Role' as const, role })) : []),
    ...(want('LocalManagedPolicy') ? unit.policies.map((policy) => ({ kind: 'LocalManagedPolicy' as const, policy })) : []),
  ];
}

function findKey(unit: GlobalUnit, accessKeyId: string): { user: SynthUser; key: SynthAccessKey } | null {
  for (const user of unit.users) for (const key of user.accessKeys) if (key.id === accessKeyId) return { user, key };
  return null;
}

function userNamed(ctx: CallContext, name: string): SynthUser {
  const user = ctx.org.globalUnit(ctx.accountId).users.find((u) => u.name === name);
  if (!user) throw new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
  return user;
}

export function iamService(limit: RateLimit): SyntheticService {
  const family = { name: 'iam', scope: 'account' as const, ...limit };
  return {
    protocol: 'query',
    xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/',
    operation: formAction,
    throttle: () => family,
    throttleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    operations: {
      GenerateCredentialReport(_request, ctx) {
        // Like AWS, the first request starts the report; it is COMPLETE when asked again.
        const started = ctx.state.credentialReports.has(ctx.accountId);
        ctx.state.credentialReports.add(ctx.accountId);
        return started
          ? el('State', 'COMPLETE')
          : el('State', 'STARTED') + el('Description', 'No report exists. Starting a new report generation task');
      },
      GetCredentialReport(_request, ctx) {
        if (!ctx.state.credentialReports.has(ctx.accountId)) {
          throw new AwsError('ReportNotPresent', 'Credential report not present. Call GenerateCredentialReport first.', 410);
        }
        const csv = credentialReportCsv(ctx.org.globalUnit(ctx.accountId), ctx.org.now);
        return el('Content', Buffer.from(csv).toString('base64')) + el('ReportFormat', 'text/csv') + el('GeneratedTime', ctx.org.now);
      },
      GetAccountAuthorizationDetails(request, ctx) {
        const unit = ctx.org.globalUnit(ctx.accountId);
        const filter = formList(form(request), 'Filter.member');
        const page = pagedIam(request, `gaad:${ctx.accountId}:${filter.join()}`, entities(unit, filter));
        const a = ctx.accountId;
        const users = page.items.flatMap((e) => (e.kind === 'User' ? [e.user] : []));
        const groups = page.items.flatMap((e) => (e.kind === 'Group' ? [e.group] : []));
        const roles = page.items.flatMap((e) => (e.kind === 'Role' ? [e.role] : []));
        const policies = page.items.flatMap((e) => (e.kind === 'LocalManagedPolicy' ? [e.policy] : []));
        return (
          list('UserDetailList', 'member', users, (u) =>
            el('Path', '/') +
              el('UserName', u.name) +
              el('UserId', u.id) +
              el('Arn', `arn:aws:iam::${a}:user/${u.name}`) +
              el('CreateDate', u.createdAt) +
              list('UserPolicyList', 'member', u.inlinePolicies, (p) => el('PolicyName', p.name) + el('PolicyDocument', encodeURIComponent(p.document))) +
              list('GroupList', 'member', u.groups, (g) => g) +
              attached(u.attachedPolicyArns),
          ) +
          list('GroupDetailList', 'member', groups, (g) =>
            el('Path', '/') + el('GroupName', g.name) + el('GroupId', g.id) + el('Arn', `arn:aws:iam::${a}:group/${g.name}`) + el('CreateDate', ctx.org.now) + '<GroupPolicyList/>' + attached(g.attachedPolicyArns),
          ) +
          list('RoleDetailList', 'member', roles, (r) =>
            el('Path', '/') +
              el('RoleName', r.name) +
              el('RoleId', r.id) +
              el('Arn', `arn:aws:iam::${a}:role/${r.name}`) +
              el('CreateDate', r.createdAt) +
              el('AssumeRolePolicyDocument', encodeURIComponent(r.trustPolicy)) +
              '<InstanceProfileList/><RolePolicyList/>' +
              attached(r.attachedPolicyArns),
          ) +
          list('Policies', 'member', policies, (p) =>
            el('PolicyName', p.name) +
              el('PolicyId', p.id) +
              el('Arn', p.arn) +
              el('Path', '/') +
              el('DefaultVersionId', 'v1') +
              el('AttachmentCount', p.attachmentCount) +
              el('PermissionsBoundaryUsageCount', 0) +
              el('IsAttachable', true) +
              el('CreateDate', p.createdAt) +
              el('UpdateDate', p.createdAt) +
              list('PolicyVersionList', 'member', [p], (v) => el('Document', encodeURIComponent(v.document)) + el('VersionId', 'v1') + el('IsDefaultVersion', true) + el('CreateDate', v.createdAt)),
          ) +
          truncation(page.next)
        );
      },
      ListAccessKeys(request, ctx) {
        const name = form(request).get('UserName');
        if (!name) throw new AwsError('ValidationError', 'the synthetic AWS needs UserName for ListAccessKeys');
        const user = userNamed(ctx, name);
        const page = pagedIam(request, `keys:${ctx.accountId}:${name}`, user.accessKeys);
        return (
          list('AccessKeyMetadata', 'member', page.items, (k) =>
            el('UserName', user.name) + el('AccessKeyId', k.id) + el('Status', k.active ? 'Active' : 'Inactive') + el('CreateDate', k.createdAt),
          ) + truncation(page.next)
        );
      },
      GetAccessKeyLastUsed(request, ctx) {
        const id = form(request).get('AccessKeyId') ?? '';
        const found = findKey(ctx.org.globalUnit(ctx.accountId), id);
        if (!found) throw new AwsError('AccessDenied', `User is not authorized to perform iam:GetAccessKeyLastUsed on access key ${id}`, 403);
        const used = found.key.lastUsedAt;
        return (
          el('UserName', found.user.name) +
          wrap(
            'AccessKeyLastUsed',
            used ? el('LastUsedDate', used) + el('ServiceName', 's3') + el('Region', 'us-east-1') : el('ServiceName', 'N/A') + el('Region', 'N/A'),
          )
        );
      },
      GetAccountPasswordPolicy(_request, ctx) {
        const policy = ctx.org.globalUnit(ctx.accountId).passwordPolicy;
        if (!policy) throw new AwsError('NoSuchEntity', `The Password Policy with domain name ${ctx.accountId} cannot be found.`, 404);
        return wrap(
          'PasswordPolicy',
          el('MinimumPasswordLength', policy.minimumLength) +
            el('RequireSymbols', policy.requireSymbols) +
            el('RequireNumbers', true) +
            el('RequireUppercaseCharacters', true) +
            el('RequireLowercaseCharacters', true) +
            el('AllowUsersToChangePassword', true) +
            el('ExpirePasswords', policy.maxAgeDays !== null) +
            el('MaxPasswordAge', policy.maxAgeDays) +
            el('PasswordReusePrevention', policy.reusePrevention) +
            el('HardExpiry', false),
        );
      },
    },
  };
}
