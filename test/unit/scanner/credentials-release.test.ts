// An account's credential provider is dropped once its units are done, so memory does not grow with accounts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineCheck } from '../../../checks/define.js';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AccountCredentials } from '../../../scanner/credentials.js';
import { AwsClientFactory } from '../../../scanner/aws-clients.js';
import { runScan } from '../../../scanner/runner.js';
import { DEFAULT_CHECK_OPTIONS, type Check } from '../../../checks/types.js';
import { FAKE_CREDENTIALS } from '../../../emulator/moto/moto.js';

const ec2Mock = mockClient(EC2Client);
afterEach(() => {
  ec2Mock.reset();
  vi.restoreAllMocks();
});

describe('AccountCredentials.release', () => {
  it('forgets the provider: the next request for the account gets a new one', () => {
    const factory = new AwsClientFactory({ endpoint: 'http://127.0.0.1:9' }, { applyToStack() {} }, 1);
    const creds = new AccountCredentials(factory, { applyToStack() {} }, {
      roleName: 'OrgScanReadOnly', partition: 'aws', homeRegion: 'us-east-1', scanId: 's', baseCredentials: FAKE_CREDENTIALS,
    });
    const first = creds.forAccount('111111111111');
    expect(creds.forAccount('111111111111')).toBe(first);
    creds.forAccount('222222222222');
    expect(creds.held).toBe(2);
    creds.release('111111111111');
    expect(creds.held).toBe(1);
    expect(creds.forAccount('111111111111')).not.toBe(first);
  });
});

describe('runScan', () => {
  it('releases each account after its units, holding none at the end', async () => {
    ec2Mock.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    const released: string[] = [];
    const heldAtRelease: number[] = [];
    const release = AccountCredentials.prototype.release;
    vi.spyOn(AccountCredentials.prototype, 'release').mockImplementation(function (this: AccountCredentials, id: string) {
      release.call(this, id);
      released.push(id);
      heldAtRelease.push(this.held);
    });
    const check = defineCheck({
      id: 'vols', title: 'vols', service: 'ec2', scope: 'regional', severity: 'low', frameworks: [], reads: ['ec2.volumes'],
      remediation: { text: 't', url: 'https://docs.aws.amazon.com/' },
      evaluate: async (ctx) => (await ctx.ec2.volumes()).map(() => ({ status: 'PASS' as const, resourceType: 'v', resourceId: 'v', message: 'm' })),
    }) as Check;
    const accounts = ['111111111111', '222222222222', '333333333333', '444444444444'];
    const summary = await runScan(
      { org: false, accounts, regions: ['us-east-1', 'eu-west-1'], roleName: 'R', concurrency: { accounts: 1, units: 1, apiCalls: 2 }, options: DEFAULT_CHECK_OPTIONS },
      { registry: [check], aws: { baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } },
    );
    expect(summary.progress.unitsDone).toBe(8);
    expect([...released].sort()).toEqual(accounts);
    expect(heldAtRelease.at(-1)).toBe(0);
  });
});
