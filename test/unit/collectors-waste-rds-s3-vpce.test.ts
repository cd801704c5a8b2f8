// The waste checks' collectors: batched GetMetricData (500 queries a call, NextToken followed, results combined
// across pages), the metric names and dimensions asked for, and GetBucketLifecycleConfiguration.
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeVpcEndpointsCommand, EC2Client, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketLifecycleConfigurationCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { createEc2Collectors } from '../../scanner/collectors/ec2.js';
import { createRdsCollectors } from '../../scanner/collectors/rds.js';
import { createS3Collectors } from '../../scanner/collectors/s3.js';
import { createWasteMetricCollectors } from '../../scanner/collectors/waste-metrics.js';
import { createMemo } from '../../scanner/collectors/memo.js';
import type { UnitClients } from '../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';

const ec2Mock = mockClient(EC2Client);
const cwMock = mockClient(CloudWatchClient);
const rdsMock = mockClient(RDSClient);
const s3Mock = mockClient(S3Client);

function clients(): UnitClients {
  const cfg = { region: 'eu-west-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' };
  const ec2 = new EC2Client(cfg);
  const cw = new CloudWatchClient(cfg);
  const rds = new RDSClient(cfg);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const unused = () => {
    throw new Error('not used here');
  };
  return { accountId: '111111111111', region: 'eu-west-1', partition: 'aws', ec2: () => ec2, cloudwatch: () => cw, rds: () => rds, s3: () => s3, config: unused, s3control: unused, iam: unused, elbv2: unused, elb: unused, logs: unused, eks: unused };
}

function collectors(now = new Date('2026-11-23T12:00:00Z')) {
  const memo = createMemo();
  const c = clients();
  return createWasteMetricCollectors(c, memo, createEc2Collectors(c, memo), createRdsCollectors(c, memo), now);
}

afterEach(() => {
  ec2Mock.reset();
  cwMock.reset();
  rdsMock.reset();
  s3Mock.reset();
});

const queriesOf = (call: number): MetricDataQuery[] => cwMock.commandCalls(GetMetricDataCommand)[call]!.args[0].input.MetricDataQueries ?? [];

describe('rdsConnections', () => {
  it('asks one DatabaseConnections Maximum per instance over one period covering the window', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'a' }, { DBInstanceIdentifier: 'b' }] });
    cwMock.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'q0', Values: [0] },
        { Id: 'q1', Values: [12] },
      ],
    });
    const now = new Date('2026-11-23T12:00:00Z');
    const windows = await collectors(now).rdsConnections(7);
    expect(windows.get('a')).toEqual({ value: 0, datapoints: 1, days: 7 });
    expect(windows.get('b')).toEqual({ value: 12, datapoints: 1, days: 7 });
    const input = cwMock.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(input.StartTime).toEqual(new Date(now.getTime() - 7 * 86_400_000));
    expect(input.EndTime).toEqual(now);
    expect(queriesOf(0)[0]).toEqual({
      Id: 'q0',
      MetricStat: {
        Metric: { Namespace: 'AWS/RDS', MetricName: 'DatabaseConnections', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: 'a' }] },
        Period: 7 * 86_400,
        Stat: 'Maximum',
      },
      ReturnData: true,
    });
  });

  it('batches 500 queries a call, follows NextToken within a batch and combines a query split over pages', async () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `db-${i}`);
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: ids.map((DBInstanceIdentifier) => ({ DBInstanceIdentifier })) });
    cwMock.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; NextToken?: string }) => {
      const batch = input.MetricDataQueries;
      if (batch[0]!.Id === 'q0' && !input.NextToken) {
        // First batch, first page: q0 has one datapoint now and another on the next page.
        return { MetricDataResults: [{ Id: 'q0', Values: [3] }, ...batch.slice(1, 250).map((q) => ({ Id: q.Id, Values: [0] }))], NextToken: 'p2' };
      }
      if (input.NextToken === 'p2') return { MetricDataResults: [{ Id: 'q0', Values: [9] }, ...batch.slice(250).map((q) => ({ Id: q.Id, Values: [0] }))] };
      return { MetricDataResults: batch.map((q) => ({ Id: q.Id, Values: [1] })) };
    });
    const windows = await collectors().rdsConnections(7);
    const calls = cwMock.commandCalls(GetMetricDataCommand);
    expect(calls.map((c) => c.args[0].input.MetricDataQueries?.length)).toEqual([500, 500, 500, 1]);
    expect(calls[1]!.args[0].input.NextToken).toBe('p2');
    expect(windows.get('db-0')).toEqual({ value: 9, datapoints: 2, days: 7 });
    expect(windows.get('db-499')?.value).toBe(0);
    expect(windows.get('db-500')?.value).toBe(1);
    expect(windows.get('db-1000')?.value).toBe(1);
  });

  it('makes no call for a unit without DB instances, and reads each window once', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    const c = collectors();
    expect((await c.rdsConnections(7)).size).toBe(0);
    await c.rdsConnections(7);
    expect(cwMock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
    expect(rdsMock.commandCalls(DescribeDBInstancesCommand)).toHaveLength(1);
  });

  it('reports no datapoint as value null', async () => {
    rdsMock.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'quiet' }] });
    cwMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'q0', Values: [] }] });
    expect((await collectors().rdsConnections(7)).get('quiet')).toEqual({ value: null, datapoints: 0, days: 7 });
  });
});

describe('vpcEndpointTraffic', () => {
  const endpoint = (id: string, extra: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
    VpcEndpointId: id,
    VpcEndpointType: 'Interface',
    VpcId: 'vpc-1',
    ServiceName: 'com.amazonaws.eu-west-1.ssm',
    State: 'available' as VpcEndpoint['State'],
    ...extra,
  });

  it('sums BytesProcessed of billed interface endpoints only, with the endpoint-wide dimension set', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint('vpce-if'),
        endpoint('vpce-pending', { State: 'pendingAcceptance' as VpcEndpoint['State'] }),
        endpoint('vpce-gw', { VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.eu-west-1.s3' }),
        endpoint('vpce-gwlb', { VpcEndpointType: 'GatewayLoadBalancer' }),
        endpoint('vpce-gone', { State: 'deleted' as VpcEndpoint['State'] }),
        endpoint('vpce-rejected', { State: 'rejected' as VpcEndpoint['State'] }),
      ],
    });
    cwMock.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'q0', Values: [100, 23] }, { Id: 'q1', Values: [] }] });
    const windows = await collectors().vpcEndpointTraffic(30);
    expect([...windows.keys()]).toEqual(['vpce-if', 'vpce-pending']);
    expect(windows.get('vpce-if')).toEqual({ value: 123, datapoints: 2, days: 30 });
    expect(windows.get('vpce-pending')).toEqual({ value: null, datapoints: 0, days: 30 });
    expect(queriesOf(0)[0]!.MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/PrivateLinkEndpoints',
        MetricName: 'BytesProcessed',
        Dimensions: [
          { Name: 'Endpoint Type', Value: 'Interface' },
          { Name: 'Service Name', Value: 'com.amazonaws.eu-west-1.ssm' },
          { Name: 'VPC Endpoint Id', Value: 'vpce-if' },
          { Name: 'VPC Id', Value: 'vpc-1' },
        ],
      },
      Period: 30 * 86_400,
      Stat: 'Sum',
    });
  });
});

describe('bucketLifecycle', () => {
  it('returns the rules, null for NoSuchLifecycleConfiguration, and rethrows anything else', async () => {
    s3Mock
      .on(GetBucketLifecycleConfigurationCommand, { Bucket: 'with' })
      .resolves({ Rules: [{ ID: 'r', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] })
      .on(GetBucketLifecycleConfigurationCommand, { Bucket: 'without' })
      .rejects(Object.assign(new Error('none'), { name: 'NoSuchLifecycleConfiguration' }))
      .on(GetBucketLifecycleConfigurationCommand, { Bucket: 'denied' })
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    // Region lookups come from ListBuckets' BucketRegion: give every bucket one.
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: ['with', 'without', 'denied'].map((Name) => ({ Name, BucketRegion: 'eu-west-1' })) });
    const s3 = createS3Collectors(clients(), createMemo());
    expect(await s3.bucketLifecycle('with')).toEqual([{ ID: 'r', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }]);
    expect(await s3.bucketLifecycle('without')).toBeNull();
    await expect(s3.bucketLifecycle('denied')).rejects.toThrow('denied');
  });
});
