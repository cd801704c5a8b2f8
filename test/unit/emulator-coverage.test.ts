// The synthetic AWS (benchmark, demo) answers every operation of the collector catalog, and serves
// them with the real SDK: a collector added without its emulator answer fails here, named.
import { EC2Client, DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../checks/catalog.js';
import { SyntheticAws } from '../../emulator/synthetic/handler.js';
import { syntheticOperation } from '../../emulator/synthetic/coverage.js';
import { SyntheticOrganization } from '../../emulator/synthetic/model/organization.js';
import { BENCH_CREDENTIALS } from '../../emulator/identity.js';

describe('the synthetic AWS covers the collector catalog', () => {
  const org = new SyntheticOrganization({ seed: 'coverage', accounts: 20, regions: 2, problemRate: 0.3, now: new Date('2026-11-23T00:00:00Z') });
  const aws = new SyntheticAws(org, { latencyMs: 0, throttling: false });

  it.each(Object.entries(COLLECTORS).flatMap(([name, spec]) => spec.operations.map((o) => [name, o.sdk] as const)))(
    '%s: answers %s',
    (_name, sdk) => {
      expect(aws.answers(syntheticOperation(sdk)), `the synthetic AWS does not implement ${syntheticOperation(sdk)}`).toBe(true);
    },
  );

  it('knows nothing it was not taught', () => {
    expect(aws.answers('ec2:DescribeNothing')).toBe(false);
    expect(() => syntheticOperation('Lambda:ListFunctions')).toThrow(/no service for SDK client Lambda/);
  });

  it('answers DescribeAddresses through the real SDK: NAT gateway addresses associated, planted ones not', async () => {
    const ec2 = new EC2Client({ region: 'us-east-1', credentials: BENCH_CREDENTIALS, requestHandler: aws, maxAttempts: 1 });
    const unit = org.regionalUnit(org.managementAccountId, 'us-east-1');
    const out = await ec2.send(new DescribeAddressesCommand({}));
    expect(out.Addresses?.map((a) => a.AllocationId)).toEqual(unit.addresses.map((a) => a.allocationId));
    for (const [i, a] of (out.Addresses ?? []).entries()) {
      const planted = unit.addresses[i]!;
      expect(a.PublicIp).toBe(planted.publicIp);
      expect(a.NetworkInterfaceId ?? null).toBe(planted.eniId);
      expect(Boolean(a.AssociationId)).toBe(planted.eniId !== null);
    }
    const all = Array.from({ length: org.accountCount }, (_, i) => org.accountId(i)).flatMap((a) => org.regions.map((r) => org.regionalUnit(a, r)));
    expect(all.some((u) => u.addresses.some((x) => x.eniId === null))).toBe(true);
    expect(all.some((u) => u.addresses.some((x) => x.eniId !== null))).toBe(true);
  });
});
