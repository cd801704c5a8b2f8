import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { resolveTargets } from '../../../scanner/targets.js';
import { applyRegionFilters, enabledRegions } from '../../../scanner/regions.js';
import { UsageError } from '../../../scanner/validation.js';
import { FAKE_CREDENTIALS } from '../../../emulator/moto/moto.js';

const orgMock = mockClient(OrganizationsClient);
const ec2Mock = mockClient(EC2Client);
const cfg = { region: 'us-east-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' };
const org = () => new OrganizationsClient(cfg);

afterEach(() => {
  orgMock.reset();
  ec2Mock.reset();
});

describe('targets', () => {
  it('lists ACTIVE organization accounts across pages', async () => {
    orgMock
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [{ Id: '111111111111', Name: 'a', Status: 'ACTIVE' }, { Id: '222222222222', Status: 'SUSPENDED' }], NextToken: 'n' })
      .resolvesOnce({ Accounts: [{ Id: '333333333333', Name: 'c', Status: 'ACTIVE' }, { Id: '444444444444', Status: 'PENDING_CLOSURE' }] });
    const targets = await resolveTargets({ org: true }, org);
    expect(targets.map((t) => t.id)).toEqual(['111111111111', '333333333333']);
  });

  it('narrows the organization to the requested accounts and rejects outsiders', async () => {
    orgMock.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '111111111111', Status: 'ACTIVE' }, { Id: '333333333333', Status: 'ACTIVE' }] });
    expect((await resolveTargets({ org: true, accounts: ['333333333333'] }, org)).map((t) => t.id)).toEqual(['333333333333']);
    await expect(resolveTargets({ org: true, accounts: ['999999999999'] }, org)).rejects.toThrow(/999999999999 not among/);
  });

  it('uses an explicit list without calling Organizations', async () => {
    const targets = await resolveTargets({ org: false, accounts: ['111111111111'] }, () => {
      throw new Error('must not be called');
    });
    expect(targets).toEqual([{ id: '111111111111', name: null }]);
    await expect(resolveTargets({ org: false }, org)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('regions', () => {
  it('keeps enabled regions only, in the partition, sorted', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'ap-east-1', OptInStatus: 'opted-in' },
        { RegionName: 'cn-north-1', OptInStatus: 'opt-in-not-required' },
      ],
    });
    const regions = await enabledRegions(new EC2Client(cfg), (r) => !r.startsWith('cn-'));
    expect(regions).toEqual(['ap-east-1', 'us-east-1']);
    expect(ec2Mock.commandCalls(DescribeRegionsCommand)[0]!.args[0].input).toEqual({ AllRegions: false });
  });

  it('applies exclusions', () => {
    expect(applyRegionFilters(['eu-west-1', 'us-east-1'], ['us-east-1'])).toEqual(['eu-west-1']);
  });
});
