// AWS Organizations (JSON 1.1): ListAccounts, DescribeOrganization; callable from the management account only.
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
