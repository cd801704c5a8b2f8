// Account metadata against mocked Organizations: tag paging, OU names described once, bounded fan-out, no failure.
import { describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeOrganizationalUnitCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { describeAccounts, METADATA_CONCURRENCY } from '../../../scanner/account-metadata.js';

const ORG_ARN = (id: string) => `arn:aws:organizations::999999999999:account/o-exampleorg1/${id}`;

describe('describeAccounts', () => {
  it('pages tags, describes each OU once, keeps to its concurrency and reads the organization id from the ARN', async () => {
    const mock = mockClient(OrganizationsClient);
    let inFlight = 0;
    let peak = 0;
    const track = async <T>(value: T) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return value;
    };
    mock.on(ListParentsCommand).callsFake(({ ChildId }: { ChildId: string }) =>
      track(
        /^\d{12}$/.test(ChildId)
          ? { Parents: [{ Id: 'ou-leaf', Type: 'ORGANIZATIONAL_UNIT' }] }
          : ChildId === 'ou-leaf'
            ? { Parents: [{ Id: 'ou-mid', Type: 'ORGANIZATIONAL_UNIT' }] }
            : { Parents: [{ Id: 'r-root', Type: 'ROOT' }] },
      ),
    );
    mock.on(DescribeOrganizationalUnitCommand).callsFake(({ OrganizationalUnitId }: { OrganizationalUnitId: string }) =>
      track({ OrganizationalUnit: { Id: OrganizationalUnitId, Name: OrganizationalUnitId === 'ou-leaf' ? 'Payments' : 'Workloads' } }),
    );
    mock
      .on(ListTagsForResourceCommand)
      .callsFake(({ NextToken }: { NextToken?: string }) =>
        track(NextToken ? { Tags: [{ Key: 'b', Value: '2' }] } : { Tags: [{ Key: 'a', Value: '1' }], NextToken: 'page-2' }),
      );
    const targets = Array.from({ length: 12 }, (_, i) => ({ id: String(100000000000 + i), name: `acct-${i}`, arn: ORG_ARN(String(100000000000 + i)) }));
    const info = await describeAccounts(targets, () => new OrganizationsClient({ region: 'us-east-1' }), { fromOrganization: true });
    expect(info.get('100000000003')).toEqual({
      id: '100000000003',
      name: 'acct-3',
      email: null,
      status: null,
      ouPath: 'Root/Workloads/Payments',
      ouIds: ['r-root', 'ou-mid', 'ou-leaf'],
      orgId: 'o-exampleorg1',
      tags: { a: '1', b: '2' },
    });
    expect(mock.commandCalls(DescribeOrganizationalUnitCommand)).toHaveLength(2);
    expect(mock.commandCalls(ListTagsForResourceCommand)).toHaveLength(24);
    expect(peak).toBeLessThanOrEqual(METADATA_CONCURRENCY);
    mock.restore();
  });

  it('an error for one account leaves it with configured metadata and never throws', async () => {
    const mock = mockClient(OrganizationsClient);
    mock.on(ListParentsCommand).rejects(Object.assign(new Error('boom'), { name: 'ServiceException' }));
    const info = await describeAccounts([{ id: '111111111111', name: null }], () => new OrganizationsClient({ region: 'us-east-1' }), {
      fromOrganization: false,
      configured: { '111111111111': { name: 'configured', tags: { team: 'x' } } },
    });
    expect(info.get('111111111111')).toMatchObject({ name: 'configured', ouPath: null, tags: { team: 'x' } });
    mock.restore();
  });
});
