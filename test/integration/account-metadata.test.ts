// Account metadata against moto's Organizations: names, OU paths (nested OUs), account tags, on every
// finding of an organization scan; with --accounts and no Organizations, configured names and no scan error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateOrganizationalUnitCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import { runScan } from '../../scanner/runner.js';
import { defineCheck } from '../../checks/define.js';
import type { Check, Finding } from '../../checks/types.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { createEmulatedOrganization, MANAGEMENT_ACCOUNT } from '../../emulator/moto/organization.js';
import { createRouter } from '../../notify/routing.js';

const accountCheck = defineCheck({
  id: 'probe-account',
  title: 'probe',
  service: 'iam',
  scope: 'global',
  severity: 'high',
  frameworks: [],
  reads: [],
  remediation: { text: 'n/a', url: 'https://example.invalid' },
  evaluate: async (ctx) => [{ status: 'FAIL' as const, resourceType: 'AwsAccount', resourceId: ctx.accountId, message: 'account unit ran' }],
}) as Check;

describe('account metadata from Organizations (moto)', () => {
  let moto: MotoServer;
  let payments: string;
  let search: string;
  let sandbox: string;
  const calls: string[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    [payments, search, sandbox] = (await createEmulatedOrganization(moto.endpoint, ['payments-prod', 'search-prod', 'sandbox-1'])) as [string, string, string];
    const org = seedClient(OrganizationsClient, moto.endpoint, 'us-east-1', MANAGEMENT_ACCOUNT);
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const workloads = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    const pay = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'Payments' }))).OrganizationalUnit!.Id!;
    const srch = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'Search' }))).OrganizationalUnit!.Id!;
    await org.send(new MoveAccountCommand({ AccountId: payments, SourceParentId: rootId, DestinationParentId: pay }));
    await org.send(new MoveAccountCommand({ AccountId: search, SourceParentId: rootId, DestinationParentId: srch }));
    await org.send(new TagResourceCommand({ ResourceId: payments, Tags: [{ Key: 'cost-center', Value: 'cc-42' }, { Key: 'env', Value: 'prod' }] }));
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('puts name, OU path and account tags on every finding, and routes by them', async () => {
    const findings: Finding[] = [];
    const route = createRouter(
      [
        { ouPath: 'Root/Workloads/Payments', team: 'payments' },
        { accountTags: { env: 'prod' }, team: 'never-reached' },
        { accountName: 'search-prod', team: 'search' },
      ],
      undefined,
      () => 'iam',
    );
    const summary = await runScan(
      { org: true, roleName: 'OrgScanReadOnly', concurrency: { accounts: 4, units: 8, apiCalls: 16 } },
      {
        aws: { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
        registry: [accountCheck],
        hooks: { onFindings: (b) => void findings.push(...b), route, onApiCall: (s, o) => void calls.push(`${s}:${o}`) },
      },
    );
    expect(summary.status).toBe('succeeded');
    const byAccount = new Map(findings.map((f) => [f.accountId, f]));
    expect(byAccount.get(payments)).toMatchObject({
      accountName: 'payments-prod',
      ouPath: 'Root/Workloads/Payments',
      accountTags: { 'cost-center': 'cc-42', env: 'prod' },
      owner: 'payments',
    });
    expect(byAccount.get(payments)!.orgId).toMatch(/^o-/);
    expect(byAccount.get(payments)!.ouId).toMatch(/^ou-/);
    expect(byAccount.get(search)).toMatchObject({ accountName: 'search-prod', ouPath: 'Root/Workloads/Search', accountTags: {}, owner: 'search' });
    expect(byAccount.get(sandbox)).toMatchObject({ accountName: 'sandbox-1', ouPath: 'Root', owner: 'unowned' });
    // The Workloads OU is shared by two accounts: described once per scan.
    expect(calls.filter((c) => c === 'Organizations:DescribeOrganizationalUnit')).toHaveLength(3);
  });

  it('with --accounts and no Organizations access: configured names, no scan error', async () => {
    // A second emulator without an organization: every Organizations call answers AWSOrganizationsNotInUseException.
    const bare = await startMoto();
    try {
      const findings: Finding[] = [];
      const orgCalls: string[] = [];
      const summary = await runScan(
        {
          org: false,
          accounts: ['111111111111', '222222222222'],
          roleName: 'OrgScanReadOnly',
          concurrency: { accounts: 4, units: 8, apiCalls: 16 },
          accountMetadata: { '111111111111': { name: 'from-config', ouPath: 'Root/Configured', tags: { team: 'a' } } },
        },
        {
          aws: { endpoint: bare.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
          registry: [accountCheck],
          hooks: { onFindings: (b) => void findings.push(...b), onApiCall: (s, o) => void (s === 'Organizations' && orgCalls.push(o)) },
        },
      );
      expect(summary.status).toBe('succeeded');
      expect(summary.errors).toEqual([]);
      const byAccount = new Map(findings.map((f) => [f.accountId, f]));
      expect(byAccount.get('111111111111')).toMatchObject({ accountName: 'from-config', ouPath: 'Root/Configured', accountTags: { team: 'a' } });
      expect(byAccount.get('222222222222')).toMatchObject({ accountName: null, ouPath: null, accountTags: {} });
      // The first "not in use" answer stops the asking: the other account is not tried (concurrency 4 may start both).
      expect(orgCalls.length).toBeLessThanOrEqual(2);
    } finally {
      await bare.stop();
    }
  });
});
