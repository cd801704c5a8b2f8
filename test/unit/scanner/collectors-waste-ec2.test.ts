// The EC2 collectors the EC2/EBS waste checks read: every page followed, owner filters sent.
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeImagesCommand, DescribeInstancesCommand, DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { createEc2Collectors } from '../../../scanner/collectors/ec2.js';
import { createMemo } from '../../../scanner/collectors/memo.js';
import type { UnitClients } from '../../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../../emulator/moto/moto.js';

const ec2Mock = mockClient(EC2Client);

function clients(): UnitClients {
  const ec2 = new EC2Client({ region: 'eu-west-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' });
  const unused = () => {
    throw new Error('not used here');
  };
  return { accountId: '111111111111', region: 'eu-west-1', partition: 'aws', ec2: () => ec2, cloudwatch: unused, rds: unused, config: unused, s3: unused, s3control: unused, iam: unused, elbv2: unused, elb: unused, logs: unused, eks: unused };
}

afterEach(() => ec2Mock.reset());

describe('EC2 collectors of the waste checks', () => {
  it('flattens the instances of every reservation on every page', async () => {
    ec2Mock
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }] }], NextToken: 'a' })
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-3' }] }, {}] });
    const ec2 = createEc2Collectors(clients(), createMemo());
    const [a, b] = await Promise.all([ec2.instances(), ec2.instances()]);
    expect(a.map((i) => i.InstanceId)).toEqual(['i-1', 'i-2', 'i-3']);
    expect(b).toBe(a);
    const calls = ec2Mock.commandCalls(DescribeInstancesCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input.MaxResults).toBe(1000);
    expect(calls[1]!.args[0].input.NextToken).toBe('a');
  });

  it('reads only the snapshots the account owns, every page', async () => {
    ec2Mock
      .on(DescribeSnapshotsCommand)
      .resolvesOnce({ Snapshots: [{ SnapshotId: 'snap-1' }], NextToken: 'a' })
      .resolvesOnce({ Snapshots: [{ SnapshotId: 'snap-2' }], NextToken: 'b' })
      .resolvesOnce({ Snapshots: [] });
    const snapshots = await createEc2Collectors(clients(), createMemo()).snapshots();
    expect(snapshots.map((s) => s.SnapshotId)).toEqual(['snap-1', 'snap-2']);
    const calls = ec2Mock.commandCalls(DescribeSnapshotsCommand);
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => JSON.stringify(c.args[0].input.OwnerIds) === '["self"]')).toBe(true);
  });

  it('reads only the AMIs the account owns, every page', async () => {
    ec2Mock
      .on(DescribeImagesCommand)
      .resolvesOnce({ Images: [{ ImageId: 'ami-1' }], NextToken: 'a' })
      .resolvesOnce({ Images: [{ ImageId: 'ami-2' }] });
    const images = await createEc2Collectors(clients(), createMemo()).images();
    expect(images.map((i) => i.ImageId)).toEqual(['ami-1', 'ami-2']);
    const calls = ec2Mock.commandCalls(DescribeImagesCommand);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => JSON.stringify(c.args[0].input.Owners) === '["self"]' && c.args[0].input.MaxResults === 1000)).toBe(true);
  });
});
