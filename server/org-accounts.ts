// The organization's active accounts, for validating requested accounts; cached briefly.
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { listOrganizationAccounts } from '../scanner/targets.js';
import type { AwsEnvironment } from '../scanner/types.js';

export const ORG_ACCOUNTS_TTL_MS = 5 * 60_000;

/** The service's own Organizations client (its task role): listing the organization, planning shards. */
export function serviceOrganizationsClient(aws: AwsEnvironment): OrganizationsClient {
  return new OrganizationsClient({
    region: aws.homeRegion ?? 'us-east-1',
    maxAttempts: aws.maxAttempts ?? 3,
    ...(aws.baseCredentials ? { credentials: aws.baseCredentials } : {}),
    ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(aws.requestHandler ? { requestHandler: aws.requestHandler } : {}),
  });
}

export function organizationAccountsLister(aws: AwsEnvironment, ttlMs = ORG_ACCOUNTS_TTL_MS): () => Promise<string[]> {
  let cached: { at: number; ids: Promise<string[]> } | null = null;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > ttlMs) {
      const client = serviceOrganizationsClient(aws);
      const ids = listOrganizationAccounts(client)
        .then((accounts) => accounts.map((a) => a.id))
        .finally(() => client.destroy());
      const entry = { at: now, ids };
      cached = entry;
      // A failed lookup is not cached.
      ids.catch(() => {
        if (cached === entry) cached = null;
      });
    }
    return cached.ids;
  };
}
