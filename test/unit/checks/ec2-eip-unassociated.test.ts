import type { Address, Instance } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ec2EipUnassociated } from '../../../checks/ec2/ec2-eip-unassociated.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const RUNNING: Instance[] = [{ InstanceId: 'i-1', State: { Name: 'running', Code: 16 } }];
const run = (addresses: Address[], region = 'us-east-1', instances: Instance[] = RUNNING) =>
  runCheck(ec2EipUnassociated, fakeContext({ region, ec2: { addresses: async () => addresses, instances: async () => instances } }));

describe('ec2-eip-unassociated', () => {
  it('fails an Elastic IP with no association at $0.005 an hour for 730 hours', async () => {
    const [r] = await run([{ AllocationId: 'eipalloc-1', PublicIp: '203.0.113.7', Domain: 'vpc', PublicIpv4Pool: 'amazon', Tags: [{ Key: 'team', Value: 'web' }] }]);
    expect(r).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::EIP',
      resourceId: 'eipalloc-1',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:elastic-ip/eipalloc-1',
      estimatedMonthlyCostUsd: 3.65,
      costBasis: 'exact',
      tags: { team: 'web' },
      evidence: { publicIp: '203.0.113.7', associationId: null, publicIpv4HourlyUsd: 0.005, hoursPerMonth: 730, priceBasis: 'list' },
    });
    expect(r!.message).toBe('Elastic IP 203.0.113.7 (eipalloc-1) is not associated with anything and costs $3.65/month as an idle public IPv4 address.');
  });

  it('passes addresses associated with an instance or a network interface (a NAT gateway)', async () => {
    const results = await run([
      { AllocationId: 'eipalloc-i', PublicIp: '198.51.100.1', AssociationId: 'eipassoc-1', InstanceId: 'i-1', NetworkInterfaceId: 'eni-1' },
      { AllocationId: 'eipalloc-n', PublicIp: '198.51.100.2', AssociationId: 'eipassoc-2', NetworkInterfaceId: 'eni-nat' },
    ]);
    expect(results.map((r) => [r.resourceId, r.status, r.estimatedMonthlyCostUsd ?? null])).toEqual([
      ['eipalloc-i', 'PASS', null],
      ['eipalloc-n', 'PASS', null],
    ]);
    expect(results[0]!.message).toBe('Elastic IP 198.51.100.1 (eipalloc-i) is associated with i-1.');
  });

  it('costs the same in every commercial region (one public IPv4 price)', async () => {
    const [r] = await run([{ AllocationId: 'eipalloc-s', PublicIp: '203.0.113.9' }], 'sa-east-1');
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 3.65 });
  });

  it('fails a bring-your-own-IP address without charging the public IPv4 fee', async () => {
    const [r] = await run([{ AllocationId: 'eipalloc-b', PublicIp: '192.0.2.10', PublicIpv4Pool: 'ipv4pool-ec2-0123' }]);
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 0, evidence: { publicIpv4Pool: 'ipv4pool-ec2-0123', publicIpv4HourlyUsd: 0 } });
    expect(r!.message).toMatch(/your own address pool/);
  });

  it('reports nothing for a region without addresses, and lets a denied call surface as an error', async () => {
    expect(await run([])).toEqual([]);
    await expect(runCheck(ec2EipUnassociated, fakeContext({ ec2: { addresses: () => Promise.reject(awsError('UnauthorizedOperation')) } }))).rejects.toThrow('UnauthorizedOperation');
  });

  describe('addresses on stopped instances (billed $0.005 an hour since February 2024, in use or not)', () => {
    const stopped: Instance = { InstanceId: 'i-stop', State: { Name: 'stopped', Code: 80 }, StateTransitionReason: 'User initiated (2026-01-02 10:00:00 GMT)' };
    const onStopped: Address = { AllocationId: 'eipalloc-s', PublicIp: '198.51.100.9', AssociationId: 'eipassoc-s', InstanceId: 'i-stop', NetworkInterfaceId: 'eni-s', PublicIpv4Pool: 'amazon' };

    it('fails an Elastic IP associated with a stopped instance at $3.65/month, exact', async () => {
      const [r] = await run([onStopped], 'us-east-1', [stopped]);
      expect(r).toMatchObject({
        status: 'FAIL',
        estimatedMonthlyCostUsd: 3.65,
        costBasis: 'exact',
        evidence: { instanceId: 'i-stop', instanceState: 'stopped', publicIpv4HourlyUsd: 0.005, hoursPerMonth: 730, instanceStateTransitionReason: 'User initiated (2026-01-02 10:00:00 GMT)' },
      });
      expect(r!.message).toBe('Elastic IP 198.51.100.9 (eipalloc-s) is associated with i-stop, which is stopped, and costs $3.65/month as a public IPv4 address that serves nothing.');
    });

    it('passes a bring-your-own-IP address on a stopped instance (no public IPv4 fee), and addresses on running or unknown instances', async () => {
      const results = await run(
        [
          { ...onStopped, AllocationId: 'eipalloc-byoip', PublicIpv4Pool: 'ipv4pool-ec2-1' },
          { ...onStopped, AllocationId: 'eipalloc-run', InstanceId: 'i-1' },
          { ...onStopped, AllocationId: 'eipalloc-gone', InstanceId: 'i-not-listed' },
        ],
        'us-east-1',
        [stopped, ...RUNNING],
      );
      expect(results.map((r) => [r.resourceId, r.status, r.estimatedMonthlyCostUsd ?? null])).toEqual([
        ['eipalloc-byoip', 'PASS', null],
        ['eipalloc-run', 'PASS', null],
        ['eipalloc-gone', 'PASS', null],
      ]);
      expect(results[0]!.message).toContain('a stopped instance; it comes from your own address pool');
      expect(results[1]!.evidence).toMatchObject({ instanceState: 'running' });
    });

    it('does not read instances when no address is associated with one', async () => {
      const ctx = fakeContext({ ec2: { addresses: async () => [{ AllocationId: 'eipalloc-1', PublicIp: '203.0.113.7' }] } });
      const [r] = await runCheck(ec2EipUnassociated, ctx);
      expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 3.65 });
    });

    it('lets a denied DescribeInstances surface as an error', async () => {
      const ctx = fakeContext({ ec2: { addresses: async () => [onStopped], instances: () => Promise.reject(awsError('UnauthorizedOperation')) } });
      await expect(runCheck(ec2EipUnassociated, ctx)).rejects.toThrow('UnauthorizedOperation');
    });
  });
});
