// Which accounts a scan covers: the organization's ACTIVE accounts, or a configured list.
import { paginateListAccounts, type Account, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { UsageError } from './validation.js';

export interface TargetAccount {
  id: string;
  name: string | null;
  /** From ListAccounts; absent for configured accounts. */
  email?: string | null;
  status?: string | null;
  arn?: string | null;
}

function isActive(account: Account): boolean {
  // `State` supersedes the deprecated `Status`; either says whether the account is usable.
  const state = (account as Account & { State?: string }).State ?? account.Status;
  return state === undefined || state === 'ACTIVE';
}

export async function listOrganizationAccounts(client: OrganizationsClient): Promise<TargetAccount[]> {
  const accounts: TargetAccount[] = [];
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const account of page.Accounts ?? []) {
      if (account.Id && isActive(account)) accounts.push({
        id: account.Id,
        name: account.Name ?? null,
        email: account.Email ?? null,
        arn: account.Arn ?? null,
        status: (account as Account & { State?: string }).State ?? account.Status ?? null,
      });
    }
  }
  return accounts;
}

/**
 * The scan's target accounts. With `org`, the organization's active accounts, narrowed to `accounts` when given
 * (an account outside the organization is an error). Without it, the explicit list.
 */
export async function resolveTargets(
  scope: { org: boolean; accounts?: string[] | undefined },
  organizations: () => OrganizationsClient,
): Promise<TargetAccount[]> {
  if (!scope.org) {
    if (!scope.accounts || scope.accounts.length === 0) {
      throw new UsageError('no accounts to scan: pass --org to scan the organization, or --accounts with 12-digit account ids');
    }
    return scope.accounts.map((id) => ({ id, name: null }));
  }
  const all = await listOrganizationAccounts(organizations());
  if (!scope.accounts || scope.accounts.length === 0) return all;
  const byId = new Map(all.map((a) => [a.id, a]));
  const outside = scope.accounts.filter((id) => !byId.has(id));
  if (outside.length > 0) {
    throw new UsageError(`account${outside.length > 1 ? 's' : ''} ${outside.join(', ')} not among the organization's active accounts`);
  }
  return scope.accounts.map((id) => byId.get(id)!);
}
