// Throttling is retried with backoff through the real SDK retry strategy, and counted.
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../../checks/define.js';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { Readable } from 'node:stream';
import { runScan } from '../../../scanner/runner.js';
import { DEFAULT_CHECK_OPTIONS, type Check, type Finding } from '../../../checks/types.js';
import { FAKE_CREDENTIALS } from '../../../emulator/moto/moto.js';

const volumesXml = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeVolumesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>r1</requestId>
  <volumeSet><item><volumeId>vol-1</volumeId><size>8</size><status>available</status></item></volumeSet>
</DescribeVolumesResponse>`;

const throttledXml = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r2</RequestID></Response>`;

/**
 * An EC2 endpoint that throttles the first `throttleFirst` requests. Other services (the scan's account
 * metadata from Organizations) are refused, and not counted.
 */
function throttlingHandler(throttleFirst: number) {
  let seen = 0;
  return {
    requests: () => seen,
    handler: {
      async handle(request: HttpRequest) {
        if (!request.hostname.startsWith('ec2.')) {
          const denied = JSON.stringify({ __type: 'AccessDeniedException', message: 'not this test' });
          return { response: new HttpResponse({ statusCode: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Readable.from([Buffer.from(denied)]) }) };
        }
        seen += 1;
        const throttled = seen <= throttleFirst;
        return {
          response: new HttpResponse({
            statusCode: throttled ? 503 : 200,
            headers: { 'content-type': 'text/xml' },
            body: Readable.from([Buffer.from(throttled ? throttledXml : volumesXml)]),
          }),
        };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs() {
        return {};
      },
    },
  };
}

const volumes = defineCheck({
  id: 'vols',
  title: 'vols',
  service: 'ec2',
  scope: 'regional',
  severity: 'low',
  frameworks: [],
  reads: ['ec2.volumes'],
  remediation: { text: '', url: '' },
  async evaluate(ctx) {
    return (await ctx.ec2.volumes()).map((v) => ({ status: 'FAIL' as const, resourceType: 'AwsEc2Volume', resourceId: v.VolumeId!, message: 'x' }));
  },
}) as Check;

const request = {
  org: false,
  accounts: ['111111111111'],
  regions: ['us-east-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: { accounts: 1, units: 1, apiCalls: 1 },
  options: DEFAULT_CHECK_OPTIONS,
};

describe('throttling', () => {
  it('retries RequestLimitExceeded with backoff and records throttles and retries', async () => {
    const endpoint = throttlingHandler(2);
    const findings: Finding[] = [];
    const summary = await runScan(request, {
      registry: [volumes],
      aws: { baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, requestHandler: endpoint.handler, maxAttempts: 5 },
      hooks: { onFindings: (b) => void findings.push(...b) },
    });
    expect(findings.map((f) => `${f.status} ${f.resourceId}`)).toEqual(['FAIL vol-1']);
    expect(endpoint.requests()).toBe(3);
    // One DescribeVolumes after two throttled attempts; the other call is the account's metadata (refused here).
    expect(summary.apiCalls).toMatchObject({ total: 2, throttled: 2, retries: 2 });
    expect(summary.apiCalls.byOperation['EC2:DescribeVolumes']).toBe(1);
    expect(summary.progress.unitsFailed).toBe(0);
  });

  it('gives an ERROR finding with the throttling code when attempts run out', async () => {
    const endpoint = throttlingHandler(100);
    const findings: Finding[] = [];
    const summary = await runScan(request, {
      registry: [volumes],
      aws: { baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, requestHandler: endpoint.handler, maxAttempts: 2 },
      hooks: { onFindings: (b) => void findings.push(...b) },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'ERROR', errorCode: 'RequestLimitExceeded' });
    expect(summary.apiCalls.throttled).toBe(2);
  });
});
