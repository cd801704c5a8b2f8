// The per-scan client configuration: cached SigV4 signing keys give the SDK's exact signatures,
// endpoints configured outside code are read once and still honoured, and the SDK logger is gone.
import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AwsClientFactory } from '../../../scanner/aws-clients.js';
import { CachedKeySignatureV4, signingKeyStats } from '../../../scanner/signing.js';
import { configuredEndpointUrl } from '../../../scanner/sdk-settings.js';

const identity = () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token' });

function request(path: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'ec2.eu-west-1.amazonaws.com',
    path,
    headers: { host: 'ec2.eu-west-1.amazonaws.com', 'content-type': 'application/x-www-form-urlencoded' },
    body: 'Action=DescribeVolumes&Version=2016-11-15',
  });
}

describe('CachedKeySignatureV4', () => {
  it('signs exactly like the SDK signer, deriving each scope key once per credentials object', async () => {
    const creds = identity();
    const init = { credentials: creds, region: 'eu-west-1', service: 'ec2', sha256: Sha256 };
    const signingDate = new Date('2026-11-23T12:00:00Z');
    const before = signingKeyStats.derived;
    const cached = new CachedKeySignatureV4(init);
    for (const path of ['/', '/a', '/b']) {
      const expected = await new SignatureV4(init).sign(request(path), { signingDate });
      const actual = await cached.sign(request(path), { signingDate });
      expect(actual.headers.authorization).toBe(expected.headers.authorization);
      expect(actual.headers.authorization).toContain('Credential=AKIDEXAMPLE/20261123/eu-west-1/ec2/aws4_request');
    }
    // A signer built per request (as the SDK does) shares the cache through the credentials object.
    await new CachedKeySignatureV4(init).sign(request('/c'), { signingDate });
    expect(signingKeyStats.derived - before).toBe(1);

    // Another region, another date, or other credentials: another key.
    await cached.sign(request('/'), { signingDate, signingRegion: 'us-east-1' });
    await cached.sign(request('/'), { signingDate: new Date('2026-11-24T00:00:01Z') });
    const other = { ...init, credentials: { ...creds, secretAccessKey: 'other' } };
    const otherSigned = await new CachedKeySignatureV4(other).sign(request('/'), { signingDate });
    expect(otherSigned.headers.authorization).toBe((await new SignatureV4(other).sign(request('/'), { signingDate })).headers.authorization);
    expect(signingKeyStats.derived - before).toBe(4);
  });
});

describe('endpoints configured outside code', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_S3_CONTROL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('reads the service-specific variable before the general one, and honours the ignore switch', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1111';
    process.env.AWS_ENDPOINT_URL_EC2 = 'http://127.0.0.1:2222';
    process.env.AWS_ENDPOINT_URL_S3_CONTROL = 'http://127.0.0.1:3333';
    expect(await configuredEndpointUrl('EC2')).toBe('http://127.0.0.1:2222');
    expect(await configuredEndpointUrl('S3 Control')).toBe('http://127.0.0.1:3333');
    expect(await configuredEndpointUrl('IAM')).toBe('http://127.0.0.1:1111');
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    expect(await configuredEndpointUrl('EC2')).toBeUndefined();
  });

  it('sends a prepared factory client to the configured endpoint, signed with the cached-key signer and without the SDK logger', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1111';
    process.env.AWS_ENDPOINT_URL_EC2 = 'http://127.0.0.1:2222';
    const seen: HttpRequest[] = [];
    const requestHandler = {
      async handle(req: HttpRequest) {
        seen.push(req);
        const body = '<DescribeVolumesResponse><requestId>r</requestId><volumeSet/></DescribeVolumesResponse>';
        return { response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(body)]) }) };
      },
      updateHttpClientConfig() {},
      httpHandlerConfigs: () => ({}),
    };
    const factory = new AwsClientFactory({ requestHandler, maxAttempts: 1 }, { applyToStack() {} }, 4);
    await factory.prepare();
    const ec2 = factory.create(EC2Client, 'eu-west-1', identity());
    await ec2.send(new DescribeVolumesCommand({}));
    expect(seen[0]!.hostname).toBe('127.0.0.1');
    expect(seen[0]!.port).toBe(2222);
    expect(seen[0]!.headers.authorization).toContain('/eu-west-1/ec2/aws4_request');
    expect((ec2.config as { signerConstructor?: unknown }).signerConstructor).toBe(CachedKeySignatureV4);
    expect(ec2.middlewareStack.identify().some((m) => m.startsWith('loggerMiddleware'))).toBe(false);
    // The S3 Control client keeps its loopback-safe endpoint provider for the general variable.
    const control = factory.s3control('eu-west-1', identity());
    const url = (control.config.endpointProvider as (p: object) => { url: URL })({}).url;
    expect(url.href).toBe('http://127.0.0.1:1111/');
  });
});
