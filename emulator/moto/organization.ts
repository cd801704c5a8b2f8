// An organization in the emulator: moto's default account becomes the management account,
// and member accounts are created by name.
import { CreateAccountCommand, CreateOrganizationCommand, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { seedClient } from './aws.js';

/** moto's default account, which creates the organization. */
export const MANAGEMENT_ACCOUNT = '123456789012';

/** Creates the organization and its member accounts; returns the member account ids in the order of `memberNames`. */
export async function createEmulatedOrganization(endpoint: string, memberNames: readonly string[]): Promise<string[]> {
  const org = seedClient(OrganizationsClient, endpoint, 'us-east-1', MANAGEMENT_ACCOUNT);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  for (const name of memberNames) {
    await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }));
  }
  const listed = await org.send(new ListAccountsCommand({}));
  const byName = new Map((listed.Accounts ?? []).map((a) => [a.Name!, a.Id!]));
  return memberNames.map((name) => {
    const id = byName.get(name);
    if (!id) throw new Error(`the emulator did not list the new account ${name}`);
    return id;
  });
}
