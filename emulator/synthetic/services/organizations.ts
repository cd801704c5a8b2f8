// AWS Organizations (JSON 1.1): ListAccounts, DescribeOrganization, and the account metadata the scanner reads
// (DescribeAccount, ListParents, DescribeOrganizationalUnit, ListTagsForResource); management account only.
import { AwsError } from '../errors.js';
import { paginate } from '../paging.js';
import type { CallContext, SyntheticService } from '../service.js';
import { json, jsonInt, jsonString, jsonTarget } from '../wire/input.js';
import type { RateLimit } from '../service.js';

const organizationId = (ctx: CallContext) => `o-${ctx.org.managementAccountId.slice(-10)}`;

function requireManagement(ctx: CallContext, operation: string): void {
  if (ctx.accountId !== ctx.org.managementAccountId) {
    throw new AwsError('AccessDeniedException', `You don't have permissions to access this resource (organizations:${operation} from a member account).`);
  }
}

export function organizationsService(limit: RateLimit): SyntheticService {
  return {
    protocol: 'json1.1',
    operation: (request) => jsonTarget(request, 'AWSOrganizationsV20161128'),
    throttle: () => ({ name: 'organizations', scope: 'caller', ...limit }),
    throttleError: { code: 'TooManyRequestsException', status: 400, message: 'AWS Organizations can\'t complete your request because another request is already in progress or the request rate is too high.' },
    operations: {
      ListAccounts(request, ctx) {
        requireManagement(ctx, 'ListAccounts');
        const body = json(request);
        const org = ctx.org;
        const indexes = Array.from({ length: org.accountCount }, (_, i) => i);
        const page = paginate(indexes, jsonInt(body, 'MaxResults'), jsonString(body, 'NextToken'), 'accounts', {
          default: 20,
          min: 1,
          max: 20,
          sizeName: 'MaxResults',
          errorCode: 'InvalidInputException',
        });
        const joined = Math.floor(org.now.getTime() / 1000) - 400 * 86_400;
        const accounts = page.items.map((i) => {
          const id = org.accountId(i);
          return {
            Id: id,
            Arn: `arn:aws:organizations::${org.managementAccountId}:account/${organizationId(ctx)}/${id}`,
            Email: `aws+${id}@example.com`,
            Name: org.accountName(i),
            Status: 'ACTIVE',
            State: 'ACTIVE',
            JoinedMethod: i === 0 ? 'INVITED' : 'CREATED',
            JoinedTimestamp: joined + i * 60,
          };
        });
        return JSON.stringify(page.next ? { Accounts: accounts, NextToken: page.next } : { Accounts: accounts });
      },
      DescribeAccount(request, ctx) {
        requireManagement(ctx, 'DescribeAccount');
        const org = ctx.org;
        const id = jsonString(json(request), 'AccountId') ?? '';
        const index = org.accountIndex(id);
        if (index === null) throw new AwsError('AccountNotFoundException', `You specified an account that doesn't exist.`);
        return JSON.stringify({
          Account: {
            Id: id,
            Arn: `arn:aws:organizations::${org.managementAccountId}:account/${organizationId(ctx)}/${id}`,
            Email: `aws+${id}@example.com`,
            Name: org.accountName(index),
            Status: 'ACTIVE',
            State: 'ACTIVE',
          },
        });
      },
      ListParents(request, ctx) {
        requireManagement(ctx, 'ListParents');
        const org = ctx.org;
        const child = jsonString(json(request), 'ChildId') ?? '';
        const index = org.accountIndex(child);
        if (index !== null) {
          const parent = org.accountParent(index);
          return JSON.stringify({ Parents: [{ Id: parent, Type: parent === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] });
        }
        const ou = org.organizationalUnits.find((o) => o.id === child);
        if (!ou) throw new AwsError('ChildNotFoundException', `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.`);
        return JSON.stringify({ Parents: [{ Id: ou.parentId, Type: ou.parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] });
      },
      DescribeOrganizationalUnit(request, ctx) {
        requireManagement(ctx, 'DescribeOrganizationalUnit');
        const id = jsonString(json(request), 'OrganizationalUnitId') ?? '';
        const ou = ctx.org.organizationalUnits.find((o) => o.id === id);
        if (!ou) throw new AwsError('OrganizationalUnitNotFoundException', `We can't find an OU with the OrganizationalUnitId that you specified.`);
        return JSON.stringify({
          OrganizationalUnit: { Id: ou.id, Name: ou.name, Arn: `arn:aws:organizations::${ctx.org.managementAccountId}:ou/${organizationId(ctx)}/${ou.id}` },
        });
      },
      ListTagsForResource(request, ctx) {
        requireManagement(ctx, 'ListTagsForResource');
        const index = ctx.org.accountIndex(jsonString(json(request), 'ResourceId') ?? '');
        if (index === null) throw new AwsError('TargetNotFoundException', `We can't find a resource with the ResourceId that you specified.`);
        return JSON.stringify({ Tags: Object.entries(ctx.org.accountTags(index)).map(([Key, Value]) => ({ Key, Value })) });
      },
      DescribeOrganization(_request, ctx) {
        const org = ctx.org;
        return JSON.stringify({
          Organization: {
            Id: organizationId(ctx),
            Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${organizationId(ctx)}`,
            FeatureSet: 'ALL',
            MasterAccountId: org.managementAccountId,
            MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${organizationId(ctx)}/${org.managementAccountId}`,
            MasterAccountEmail: `aws+${org.managementAccountId}@example.com`,
          },
        });
      },
    },
  };
}
