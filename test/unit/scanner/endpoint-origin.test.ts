// Where an endpoint came from, for the error of a call that cannot reach it.
import { afterEach, describe, expect, it } from 'vitest';
import { isNetworkFailure } from '../../../scanner/endpoint-errors.js';
import { configuredEndpointOrigin, serviceEndpointVariable } from '../../../scanner/sdk-settings.js';
import { isTimeoutError, resolveTimeouts, TimeoutConfigError } from '../../../scanner/timeouts.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('endpoint origin', () => {
  it('names the service variable, then AWS_ENDPOINT_URL, then the SDK default', async () => {
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_EC2;
    process.env.AWS_CONFIG_FILE = '/nonexistent/orgscan-config';
    expect(await configuredEndpointOrigin('EC2')).toEqual({ url: undefined, source: "the SDK's default endpoint for the region" });
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    expect(await configuredEndpointOrigin('EC2')).toEqual({ url: 'http://127.0.0.1:4566', source: 'AWS_ENDPOINT_URL' });
    process.env.AWS_ENDPOINT_URL_EC2 = 'http://127.0.0.1:5000';
    expect(await configuredEndpointOrigin('EC2')).toEqual({ url: 'http://127.0.0.1:5000', source: 'AWS_ENDPOINT_URL_EC2' });
    expect(serviceEndpointVariable('S3 Control')).toBe('AWS_ENDPOINT_URL_S3_CONTROL');
  });

  it('tells network failures and timeouts from AWS answers', () => {
    expect(isNetworkFailure(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(isNetworkFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isNetworkFailure(Object.assign(new Error('x'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }))).toBe(false);
    expect(isTimeoutError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }))).toBe(true);
  });

  it('reads timeouts from the environment and refuses nonsense', () => {
    expect(resolveTimeouts({}, {}).requestMs).toBe(30_000);
    expect(resolveTimeouts({}, { ORGSCAN_AWS_REQUEST_TIMEOUT_MS: '1500' }).requestMs).toBe(1500);
    expect(resolveTimeouts({ timeouts: { unitMs: 10 } }, { ORGSCAN_UNIT_DEADLINE_MS: '99' }).unitMs).toBe(10);
    expect(() => resolveTimeouts({}, { ORGSCAN_AWS_CONNECT_TIMEOUT_MS: 'soon' })).toThrow(TimeoutConfigError);
    expect(() => resolveTimeouts({}, { ORGSCAN_AWS_CONNECT_TIMEOUT_MS: 'soon' })).toThrow('ORGSCAN_AWS_CONNECT_TIMEOUT_MS must be a whole number above 0, got "soon"');
  });
});
