import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { createConfigCollectors } from '../../scanner/collectors/config.js';
import { createMemo } from '../../scanner/collectors/memo.js';
import type { UnitClients } from '../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';

const configMock = mockClient(ConfigServiceClient);

function clients(): UnitClients {
  const client = new ConfigServiceClient({ region: 'eu-west-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' });
  const unused = () => {
    throw new Error('not used here');
  };
  return { accountId: '111111111111', region: 'eu-west-1', partition: 'aws', config: () => client, ec2: unused, rds: unused, cloudwatch: unused, s3: unused, s3control: unused, iam: unused, elbv2: unused, elb: unused, logs: unused, eks: unused };
}

afterEach(() => configMock.reset());

describe('Config collectors', () => {
  it('returns recorders and statuses, each fetched once', async () => {
    configMock.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }] });
    configMock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
    const config = createConfigCollectors(clients(), createMemo());
    expect((await config.recorders()).map((r) => r.name)).toEqual(['default']);
    expect(await config.recorderStatuses()).toEqual([{ name: 'default', recording: true, lastStatus: 'Success' }]);
    await config.recorders();
    await config.recorderStatuses();
    expect(configMock.commandCalls(DescribeConfigurationRecordersCommand)).toHaveLength(1);
    expect(configMock.commandCalls(DescribeConfigurationRecorderStatusCommand)).toHaveLength(1);
  });

  it('returns empty lists for a region without AWS Config', async () => {
    configMock.on(DescribeConfigurationRecordersCommand).resolves({});
    configMock.on(DescribeConfigurationRecorderStatusCommand).resolves({});
    const config = createConfigCollectors(clients(), createMemo());
    expect(await config.recorders()).toEqual([]);
    expect(await config.recorderStatuses()).toEqual([]);
  });

  it('propagates access errors', async () => {
    configMock.on(DescribeConfigurationRecordersCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(createConfigCollectors(clients(), createMemo()).recorders()).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
