// IAM collectors for a global unit: credential report, authorization details, access keys, password policy.
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  type EntityType,
  type GroupDetail,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from '@aws-sdk/client-iam';
import type { CredentialReportRow, IamCollectors } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';
import { parseCsv } from './csv.js';

export interface IamCollectorOptions {
  /** Waits between GenerateCredentialReport polls, in ms; its length bounds the polling. */
  reportPollDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
}

/** Backoff of about 30 s in total: AWS usually finishes a report within seconds. */
export const DEFAULT_REPORT_POLL_DELAYS_MS = [250, 500, 1000, 2000, 3000, 5000, 8000, 10000] as const;

export class CredentialReportTimeoutError extends Error {
  constructor(attempts: number) {
    super(`the IAM credential report was not COMPLETE after ${attempts} GenerateCredentialReport calls`);
    this.name = 'CredentialReportTimeout';
  }
}

/** AWS-managed policies are left out: the checks look at customer-managed and inline policies only. */
const AUTHORIZATION_FILTER: EntityType[] = ['User', 'Group', 'Role', 'LocalManagedPolicy'];

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createIamCollectors(clients: UnitClients, memo: Memo, options: IamCollectorOptions = {}): IamCollectors {
  const delays = options.reportPollDelaysMs ?? DEFAULT_REPORT_POLL_DELAYS_MS;
  const sleep = options.sleep ?? defaultSleep;

  async function waitForReport(): Promise<void> {
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      const out = await clients.iam().send(new GenerateCredentialReportCommand({}));
      if (out.State === 'COMPLETE') return;
      const delay = delays[attempt];
      if (delay === undefined) break;
      await sleep(delay);
    }
    throw new CredentialReportTimeoutError(delays.length + 1);
  }

  return {
    credentialReport: () =>
      memo('iam:credentialReport', async (): Promise<CredentialReportRow[]> => {
        await waitForReport();
        const out = await clients.iam().send(new GetCredentialReportCommand({}));
        // The SDK decodes the base64 blob; an emulator or older SDK may hand back the base64 text.
        const content = out.Content;
        if (!content) return [];
        const text = typeof content === 'string' ? Buffer.from(content, 'base64').toString('utf8') : Buffer.from(content).toString('utf8');
        return parseCsv(text);
      }),

    authorizationDetails: () =>
      memo('iam:authorizationDetails', async () => {
        const users: UserDetail[] = [];
        const groups: GroupDetail[] = [];
        const roles: RoleDetail[] = [];
        const policies: ManagedPolicyDetail[] = [];
        const pages = paginateGetAccountAuthorizationDetails({ client: clients.iam(), pageSize: COLLECTORS['iam.authorizationDetails'].paging.pageSize }, { Filter: AUTHORIZATION_FILTER });
        for await (const page of pages) {
          users.push(...(page.UserDetailList ?? []));
          groups.push(...(page.GroupDetailList ?? []));
          roles.push(...(page.RoleDetailList ?? []));
          policies.push(...(page.Policies ?? []));
        }
        return { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies };
      }),

    accessKeys: (userName) =>
      memo(`iam:accessKeys:${userName}`, () =>
        collectPages(paginateListAccessKeys({ client: clients.iam(), pageSize: COLLECTORS['iam.accessKeys'].paging.pageSize }, { UserName: userName }), (p) => p.AccessKeyMetadata),
      ),

    accessKeyLastUsed: (accessKeyId) =>
      memo(`iam:accessKeyLastUsed:${accessKeyId}`, async () => {
        const out = await clients.iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId }));
        const date = out.AccessKeyLastUsed?.LastUsedDate;
        return date ? new Date(date).toISOString() : null;
      }),

    passwordPolicy: () =>
      memo('iam:passwordPolicy', async () => {
        try {
          const out = await clients.iam().send(new GetAccountPasswordPolicyCommand({}));
          return out.PasswordPolicy ?? null;
        } catch (err) {
          // An account without a password policy answers NoSuchEntity.
          if ((err as { name?: string }).name === 'NoSuchEntity' || (err as { name?: string }).name === 'NoSuchEntityException') return null;
          throw err;
        }
      }),
  };
}
