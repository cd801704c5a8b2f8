// Account metadata, once per scan: name, email, status, OU path from the root and account tags, from
// Organizations (management or delegated-administrator account). Never a reason for a scan to fail:
// without Organizations access the configured names (or none) are used.
import {
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  paginateListTagsForResource,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { orgIdOfAccountArn, unknownAccount, type AccountInfo } from '../domain/index.js';
import { errorCode, safeErrorMessage } from './errors.js';
import type { TargetAccount } from './targets.js';
import type { ScanLogger } from './types.js';

/** What the configuration file may say about an account when Organizations cannot. */
export interface ConfiguredAccount {
  name?: string | undefined;
  ouPath?: string | undefined;
  tags?: Record<string, string> | undefined;
}

/** Organizations' default limit is a few requests per second per account: a small fan-out is enough. */
export const METADATA_CONCURRENCY = 4;

/** The root's display name in OU paths ("Root/Workloads/Payments"); Organizations names every root "Root". */
const ROOT_NAME = 'Root';

/** Errors after which asking Organizations again is pointless for the rest of the scan. */
const NO_ACCESS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AWSOrganizationsNotInUseException',
  'UnrecognizedClientException',
]);

interface Parent {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

/** Walks an account's parents up to the root; every OU's name and parent are asked once per scan. */
class OuResolver {
  private readonly names = new Map<string, Promise<string>>();
  private readonly parents = new Map<string, Promise<Parent>>();

  constructor(private readonly client: OrganizationsClient) {}

  parentOf(childId: string): Promise<Parent> {
    let p = this.parents.get(childId);
    if (!p) {
      p = this.client.send(new ListParentsCommand({ ChildId: childId })).then((out) => {
        // An account or OU has exactly one parent.
        const parent = out.Parents?.[0];
        if (!parent?.Id || (parent.Type !== 'ROOT' && parent.Type !== 'ORGANIZATIONAL_UNIT')) {
          throw new Error(`ListParents returned no parent for ${childId}`);
        }
        return { id: parent.Id, type: parent.Type };
      });
      // Only accounts are asked once; OUs are shared between accounts.
      if (!/^\d{12}$/.test(childId)) this.parents.set(childId, p);
    }
    return p;
  }

  nameOf(ouId: string): Promise<string> {
    let p = this.names.get(ouId);
    if (!p) {
      p = this.client
        .send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: ouId }))
        .then((out) => out.OrganizationalUnit?.Name ?? ouId);
      this.names.set(ouId, p);
    }
    return p;
  }

  /** The OU names and ids from the root down to the account's own OU. */
  async pathOf(accountId: string): Promise<{ path: string; ids: string[] }> {
    const names: string[] = [];
    const ids: string[] = [];
    let parent = await this.parentOf(accountId);
    // Organizations nests OUs at most five levels deep; the bound only guards against a cycle in bad data.
    for (let depth = 0; parent.type === 'ORGANIZATIONAL_UNIT' && depth < 10; depth += 1) {
      names.unshift(await this.nameOf(parent.id));
      ids.unshift(parent.id);
      parent = await this.parentOf(parent.id);
    }
    ids.unshift(parent.id);
    return { path: [ROOT_NAME, ...names].join('/'), ids };
  }
}

async function accountTags(client: OrganizationsClient, accountId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTagsForResource({ client }, { ResourceId: accountId })) {
    for (const t of page.Tags ?? []) if (t.Key !== undefined) tags[t.Key] = t.Value ?? '';
  }
  return tags;
}

function fromConfig(info: AccountInfo, configured: ConfiguredAccount | undefined): AccountInfo {
  if (!configured) return info;
  return {
    ...info,
    name: info.name ?? configured.name ?? null,
    ouPath: info.ouPath ?? configured.ouPath ?? null,
    tags: Object.keys(info.tags).length > 0 ? info.tags : { ...(configured.tags ?? {}) },
  };
}

export interface MetadataOptions {
  fromOrganization: boolean;
  configured?: Record<string, ConfiguredAccount> | undefined;
  logger?: ScanLogger | undefined;
  scanId?: string;
}

/**
 * Metadata of the scan's target accounts, one promise per account, asked in the order of `targets` (the
 * order the scan sets accounts up), so the scan never waits for the whole organization's metadata: a unit
 * waits only for its own account's. `fromOrganization`: the targets came from ListAccounts (name, email and
 * status known); otherwise each account is described (DescribeAccount). Promises never reject: an
 * Organizations error leaves the account with what the configuration says, and an access error stops asking.
 */
export function startAccountMetadata(
  targets: readonly TargetAccount[],
  organizations: () => OrganizationsClient,
  options: MetadataOptions,
): Map<string, Promise<AccountInfo>> {
  const result = new Map<string, Promise<AccountInfo>>();
  const base = (t: TargetAccount): AccountInfo => ({
    ...unknownAccount(t.id),
    name: t.name,
    email: t.email ?? null,
    status: t.status ?? null,
    orgId: orgIdOfAccountArn(t.arn),
  });
  let client: OrganizationsClient;
  try {
    client = organizations();
  } catch (err) {
    options.logger?.warn({ scanId: options.scanId, err: safeErrorMessage(err) }, 'account metadata unavailable');
    for (const t of targets) result.set(t.id, Promise.resolve(fromConfig(base(t), options.configured?.[t.id])));
    return result;
  }
  const ous = new OuResolver(client);
  const limit = pLimit(METADATA_CONCURRENCY);
  let noAccess = false;
  let warned = false;
  for (const t of targets) {
    result.set(
      t.id,
      limit(async () => {
        const info = base(t);
        if (!noAccess) {
          try {
            if (!options.fromOrganization) {
              const out = await client.send(new DescribeAccountCommand({ AccountId: t.id }));
              const a = out.Account as (typeof out.Account & { State?: string }) | undefined;
              info.name = a?.Name ?? info.name;
              info.email = a?.Email ?? null;
              info.status = a?.State ?? a?.Status ?? null;
              info.orgId = orgIdOfAccountArn(a?.Arn);
            }
            const { path, ids } = await ous.pathOf(t.id);
            info.ouPath = path;
            info.ouIds = ids;
            info.tags = await accountTags(client, t.id);
          } catch (err) {
            const code = errorCode(err);
            if (NO_ACCESS.has(code)) noAccess = true;
            if (!warned) {
              warned = true;
              options.logger?.warn({ scanId: options.scanId, accountId: t.id, code, err: safeErrorMessage(err) }, 'account metadata incomplete');
            }
          }
        }
        return fromConfig(info, options.configured?.[t.id]);
      }),
    );
  }
  return result;
}

/** Every target's metadata, once all are known. */
export async function describeAccounts(
  targets: readonly TargetAccount[],
  organizations: () => OrganizationsClient,
  options: MetadataOptions,
): Promise<Map<string, AccountInfo>> {
  const pending = startAccountMetadata(targets, organizations, options);
  return new Map(await Promise.all([...pending].map(async ([id, p]) => [id, await p] as const)));
}
