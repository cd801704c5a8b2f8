import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeNatGatewaysCommand, DescribeVolumesCommand, EC2Client, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { createEc2Collectors } from '../../../scanner/collectors/ec2.js';
import { createRdsCollectors } from '../../../scanner/collectors/rds.js';
import { createCloudWatchCollectors } from '../../../scanner/collectors/cloudwatch.js';
import { createMemo } from '../../../scanner/collectors/memo.js';
import type { UnitClients } from '../../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../../emulator/moto/moto.js';

const ec2Mock = mockClient(EC2Client);
const cwMock = mockClient(CloudWatchClient);
const rdsMock = mockClient(RDSClient);

function clients(): UnitClients {
  const cfg = { region: 'eu-west-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' };
  const ec2 = new EC2Client(cfg);
  const cw = new CloudWatchClient(cfg);
  const rds = new RDSClient(cfg);
  const unused = () => {
    throw new Error('not used here');
  };
  return { accountId: '111111111111', region: 'eu-west-1', partition: 'aws', ec2: () => ec2, cloudwatch: () => cw, rds: () => rds, config: unused, s3: unused, s3control: unused, iam: unused, elbv2: unused, elb: unused, logs: unused, eks: unused };
}

afterEach(() => {
  ec2Mock.reset();
  cwMock.reset();
  rdsMock.reset();
});

describe('EC2 collectors', () => {
  it('follows every page and fetches a list once however many callers read it', async () => {
    ec2Mock
      .on(DescribeVolumesCommand)
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-1' }], NextToken: 'a' })
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-2' }], NextToken: 'b' })
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-3' }] });
    const ec2 = createEc2Collectors(clients(), createMemo());
    const [a, b] = await Promise.all([ec2.volumes(), ec2.volumes()]);
    expect(a.map((v) => v.VolumeId)).toEqual(['vol-1', 'vol-2', 'vol-3']);
    expect(b).toBe(a);
    const calls = ec2Mock.commandCalls(DescribeVolumesCommand);
    expect(calls).toHaveLength(3);
    expect(calls[0]!.args[0].input.MaxResults).toBe(500);
  });

  it('shares a failure too, so a denied API is called once', async () => {
    const denied = Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' });
    ec2Mock.on(DescribeVolumesCommand).rejects(denied);
    const ec2 = createEc2Collectors(clients(), createMemo());
    await expect(ec2.volumes()).rejects.toThrow('denied');
    await expect(ec2.volumes()).rejects.toThrow('denied');
    expect(ec2Mock.commandCalls(DescribeVolumesCommand)).toHaveLength(1);
  });

  it('reads EBS encryption by default as a boolean', async () => {
    ec2Mock.on(GetEbsEncryptionByDefaultCommand).resolves({});
    expect(await createEc2Collectors(clients(), createMemo()).ebsEncryptionByDefault()).toBe(false);
  });
});

describe('RDS collectors', () => {
  it('follows Marker pagination', async () => {
    rdsMock
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'a' }], Marker: 'm1' })
      .resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'b' }] });
    const list = await createRdsCollectors(clients(), createMemo()).dbInstances();
    expect(list.map((i) => i.DBInstanceIdentifier)).toEqual(['a', 'b']);
    expect(rdsMock.commandCalls(DescribeDBInstancesCommand)[1]!.args[0].input.Marker).toBe('m1');
  });
});

describe('CloudWatch collectors', () => {
  it('pages DescribeAlarms and splits metric and composite alarms', async () => {
    cwMock
      .on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'm1' }], CompositeAlarms: [{ AlarmName: 'c1' }], NextToken: 't' })
      .resolvesOnce({ MetricAlarms: [{ AlarmName: 'm2' }] });
    const memo = createMemo();
    const cw = createCloudWatchCollectors(clients(), memo, createEc2Collectors(clients(), memo), new Date());
    const { metricAlarms, compositeAlarms } = await cw.alarms();
    expect(metricAlarms.map((a) => a.AlarmName)).toEqual(['m1', 'm2']);
    expect(compositeAlarms.map((a) => a.AlarmName)).toEqual(['c1']);
    expect(cwMock.commandCalls(DescribeAlarmsCommand)[0]!.args[0].input.AlarmTypes).toEqual(['MetricAlarm', 'CompositeAlarm']);
  });

  it('reads NAT traffic for available gateways only, 500 queries per call, summing every page', async () => {
    const natIds = Array.from({ length: 300 }, (_, i) => `nat-${i}`);
    ec2Mock.on(DescribeNatGatewaysCommand).resolves({
      NatGateways: [...natIds.map((id) => ({ NatGatewayId: id, State: 'available' as const })), { NatGatewayId: 'nat-deleted', State: 'deleted' as const }],
    });
    cwMock.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; NextToken?: string }) => {
      const results = input.MetricDataQueries.map((q) => ({ Id: q.Id, Values: [input.NextToken ? 1 : 10] }));
      return input.NextToken ? { MetricDataResults: results } : { MetricDataResults: results, NextToken: 'more' };
    });
    const now = new Date('2026-11-23T00:00:00Z');
    const memo = createMemo();
    const cw = createCloudWatchCollectors(clients(), memo, createEc2Collectors(clients(), memo), now);
    const traffic = await cw.natGatewayTraffic(14);
    expect(traffic.size).toBe(300);
    expect(traffic.has('nat-deleted')).toBe(false);
    expect(traffic.get('nat-299')).toEqual({ natGatewayId: 'nat-299', bytesOutToDestination: 11, bytesInFromSource: 11, days: 14 });
    const calls = cwMock.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    // 600 queries → two batches (500 + 100), each with two pages.
    expect(calls.map((c) => c.MetricDataQueries!.length)).toEqual([500, 500, 100, 100]);
    expect(calls[0]!.StartTime).toEqual(new Date('2026-11-09T00:00:00Z'));
    expect(calls[0]!.MetricDataQueries![0]!.MetricStat!.Metric!.Namespace).toBe('AWS/NATGateway');
  });

  it('makes no CloudWatch call when the unit has no available NAT gateway', async () => {
    ec2Mock.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    const memo = createMemo();
    const cw = createCloudWatchCollectors(clients(), memo, createEc2Collectors(clients(), memo), new Date());
    expect((await cw.natGatewayTraffic(14)).size).toBe(0);
    expect(cwMock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });
});
