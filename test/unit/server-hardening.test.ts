// Hostile input and abuse: NUL bytes and non-finite numbers answer 400 (never 500) on every route,
// the rate limit follows the authenticated principal (not the spelling of its header), sign-in is
// limited per client address as seen through a trusted proxy only, and Origin: null cannot sign in or out.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService, type ServiceOptions } from '../../server/service.js';
import { parseTrustProxy, TrustProxyConfigError } from '../../server/trust-proxy.js';
import { fullScopeKey } from '../../server/latest-scope.js';
import { seedScan } from '../helpers/report-store.js';
import { sampleScan } from '../helpers/sample-findings.js';

const operator = createToken('operator');
const reader = createToken('reader');
const entries = parseTokenEntries(`${operator.entry},${reader.entry}`, 'test');
const sample = sampleScan({ findings: 20, accounts: 2, scanId: 'scan-hard-1' });
const SCAN = sample.scan.id;
const baseRequest: ScanRequest = {
  org: false,
  accounts: sample.scan.accounts,
  regions: sample.scan.regions,
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

const services: RunningService[] = [];
async function start(over: Partial<ServiceOptions> = {}): Promise<RunningService> {
  const service = await startService({
    baseRequest,
    retentionDays: 30,
    port: 0,
    tokens: entries,
    sessionSecret: Buffer.from('0123456789abcdef0123456789abcdef-hardening'),
    logger: pino({ level: 'silent' }),
    rateLimit: { max: 10_000, timeWindowMs: 60_000 },
    runScan: async () => {
      throw new Error('no scans in this test');
    },
    ...over,
  });
  services.push(service);
  return service;
}

afterAll(async () => {
  for (const s of services) await s.close();
});

describe('hostile input answers 400 with the error body', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start();
    await seedScan(service.store, sample, fullScopeKey(baseRequest));
  });

  const get = (url: string, token = operator.token) => service.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  const NUL = '%00';
  const findingFilters = ['checkId', 'region', 'resourceId', 'accountId', 'status', 'severity', 'cursor', 'format'];
  const urls = [
    ...findingFilters.flatMap((f) => [`/findings?${f}=a${NUL}b`, `/scans/${SCAN}/findings?${f}=a${NUL}b`]),
    `/findings?checkId=${NUL}`,
    `/scans/${SCAN}/findings?format=csv&region=eu${NUL}`,
    `/scans/a${NUL}b`,
    `/scans/a${NUL}b/findings`,
    `/scans/a${NUL}b/diff`,
    `/scans/${SCAN}/diff?against=a${NUL}b`,
    `/scans/a${NUL}b/report`,
    `/scans/${SCAN}/report?download=1${NUL}`,
    `/report?download=${NUL}`,
    `/scans?cursor=a${NUL}b`,
    `/scans?status=queued${NUL}`,
    ...['Infinity', '-Infinity', '1e400', 'NaN', '1.5', '0x10', '', '%20'].flatMap((v) => [`/scans?limit=${v}`, `/findings?limit=${v}`, `/scans/${SCAN}/findings?limit=${v}`]),
  ];

  it.each(urls)('GET %s', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  });

  it.each([
    ['DELETE', `/scans/a${NUL}b`],
    ['DELETE', `/suppressions/a${NUL}b`],
  ])('%s %s', async (method, url) => {
    const res = await service.app.inject({ method: method as 'DELETE', url, headers: { authorization: `Bearer ${operator.token}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  const rule = { id: 'r1', checkId: 'ebs-volume-unattached', accountId: sample.scan.accounts[0], region: 'eu-west-1', resourceId: 'vol-*', reason: 'kept', expires: '2099-01-01', owner: 'team-a' };
  it.each([...Object.keys(rule), 'tags'])('POST /suppressions with a NUL byte in %s', async (field) => {
    const body = field === 'tags' ? { ...rule, tags: { 'a\u0000': 'b' } } : { ...rule, [field]: `x\u0000y` };
    const res = await service.app.inject({ method: 'POST', url: '/suppressions', headers: { authorization: `Bearer ${operator.token}` }, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const tagValue = await service.app.inject({ method: 'POST', url: '/suppressions', headers: { authorization: `Bearer ${operator.token}` }, payload: { ...rule, tags: { a: 'b\u0000' } } });
    expect(tagValue.statusCode).toBe(400);
  });

  it.each(['accounts', 'regions', 'checks'])('POST /scans with a NUL byte in %s', async (field) => {
    const res = await service.app.inject({ method: 'POST', url: '/scans', headers: { authorization: `Bearer ${operator.token}` }, payload: { [field]: ['a\u0000'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });

  it('GET /login with a NUL byte in next falls back to the report', async () => {
    const res = await service.app.inject({ method: 'GET', url: `/login?next=%2Freport${NUL}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<input type="hidden" name="next" value="/report">');
  });

  it('POST /login with a NUL byte in the token or next', async () => {
    for (const payload of [`token=${NUL}`, `token=abcdefghijklmnop${NUL}`, `token=${reader.token}&next=%2Freport${NUL}`]) {
      const res = await service.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      expect(res.statusCode, payload).toBeLessThan(500);
    }
  });
});

describe('rate limit keyed on the authenticated principal', () => {
  it('counts one valid token however its header is spelled', async () => {
    const service = await start({ rateLimit: { max: 4, timeWindowMs: 60_000 } });
    const spellings = [`Bearer ${reader.token}`, `bearer ${reader.token}`, `Bearer  ${reader.token}`, `Bearer ${reader.token}  `, `BEARER\t${reader.token}`, `Bearer ${reader.token} `];
    const statuses: number[] = [];
    for (const authorization of spellings) statuses.push((await service.app.inject({ method: 'GET', url: '/scans', headers: { authorization } })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Another principal keeps its own budget.
    expect((await service.app.inject({ method: 'GET', url: '/scans', headers: { authorization: `Bearer ${operator.token}` } })).statusCode).toBe(200);
  });

  it('limits invalid and missing tokens per client address, so fresh random tokens do not escape it', async () => {
    const service = await start({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await service.app.inject({ method: 'GET', url: '/scans', headers: { authorization: `Bearer ${createToken('reader').token}` }, remoteAddress: '10.0.0.7' });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await service.app.inject({ method: 'GET', url: '/scans', remoteAddress: '10.0.0.7' })).statusCode).toBe(429);
    // The valid token from the same address has its own bucket; another address has its own.
    expect((await service.app.inject({ method: 'GET', url: '/scans', headers: { authorization: `Bearer ${reader.token}` }, remoteAddress: '10.0.0.7' })).statusCode).toBe(200);
    expect((await service.app.inject({ method: 'GET', url: '/scans', remoteAddress: '10.0.0.8' })).statusCode).toBe(401);
  });
});

describe('sessions share their token\'s bucket', () => {
  it('counts every session opened with one token, and the token itself, in one bucket', async () => {
    let clock = Date.parse('2026-12-07T10:00:00Z');
    // Each call moves the clock, so every sign-in issues a different cookie value.
    const service = await start({ rateLimit: { max: 5, timeWindowMs: 60_000 }, now: () => new Date((clock += 2_000)) });
    const cookies: string[] = [];
    for (const address of ['10.0.1.1', '10.0.1.2', '10.0.1.3']) {
      const res = await service.app.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: address,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://orgscan.internal', host: 'orgscan.internal', 'sec-fetch-site': 'same-origin' },
        payload: `token=${reader.token}`,
      });
      expect(res.statusCode).toBe(303);
      const set = res.headers['set-cookie'];
      cookies.push(String(Array.isArray(set) ? set[0] : set).split(';')[0]!);
    }
    expect(new Set(cookies).size).toBe(3);
    const statuses: number[] = [];
    for (const cookie of cookies) statuses.push((await service.app.inject({ method: 'GET', url: '/scans', headers: { cookie } })).statusCode);
    statuses.push((await service.app.inject({ method: 'GET', url: '/scans', headers: { authorization: `Bearer ${reader.token}` } })).statusCode);
    statuses.push((await service.app.inject({ method: 'GET', url: '/scans', headers: { cookie: cookies[0]! } })).statusCode);
    statuses.push((await service.app.inject({ method: 'GET', url: '/scans', headers: { cookie: cookies[2]! } })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('sign-in limited per client address', () => {
  const login = (service: RunningService, headers: Record<string, string>) =>
    service.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '10.0.0.2', // the load balancer
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: 'token=wrong-token-0123456789',
    });

  it('believes X-Forwarded-For from a configured proxy: each client has its own budget', async () => {
    const service = await start({ rateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy: parseTrustProxy('10.0.0.0/24') });
    const a = [];
    for (let i = 0; i < 3; i++) a.push((await login(service, { 'x-forwarded-for': '203.0.113.9' })).statusCode);
    expect(a).toEqual([401, 401, 429]);
    // Another client behind the same load balancer is not locked out by the first.
    expect((await login(service, { 'x-forwarded-for': '198.51.100.4' })).statusCode).toBe(401);
    // A client cannot pick a fresh address: only the address the trusted proxy appended counts.
    expect((await login(service, { 'x-forwarded-for': '192.0.2.1, 203.0.113.9' })).statusCode).toBe(429);
  });

  it('ignores X-Forwarded-For by default, so a client cannot invent addresses', async () => {
    const service = await start({ rateLimit: { max: 2, timeWindowMs: 60_000 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(service, { 'x-forwarded-for': `192.0.2.${i}` })).statusCode);
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('trusts only listed proxy addresses when given a CIDR list', async () => {
    const service = await start({ rateLimit: { max: 1, timeWindowMs: 60_000 }, trustProxy: parseTrustProxy('10.0.0.0/24, 10.1.0.5') });
    expect((await login(service, { 'x-forwarded-for': '203.0.113.1' })).statusCode).toBe(401);
    expect((await login(service, { 'x-forwarded-for': '203.0.113.2' })).statusCode).toBe(401);
    expect((await login(service, { 'x-forwarded-for': '203.0.113.2' })).statusCode).toBe(429);
    const untrusted = () =>
      service.app.inject({ method: 'POST', url: '/login', remoteAddress: '10.9.9.9', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.3' }, payload: 'token=x' });
    expect((await untrusted()).statusCode).toBe(401);
    expect((await untrusted()).statusCode).toBe(429);
  });

  it('parses ORGSCAN_TRUST_PROXY as a list of addresses and CIDR blocks', () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('')).toBeUndefined();
    expect(parseTrustProxy('10.0.0.0/16,fd00::/8 , 192.168.1.1')).toEqual(['10.0.0.0/16', 'fd00::/8', '192.168.1.1']);
    // fastify 5 trusts nobody for a bare hop count (it cannot tell the proxy from a direct client), so it is refused, not ignored.
    for (const bad of ['1', '2', 'true', '-1', '1.5', '10.0.0.0/33', 'proxy.example', '10.0.0.0/8,,', '*']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(TrustProxyConfigError);
    }
  });
});

describe('Origin: null', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await start();
  });
  const post = (url: string, headers: Record<string, string>) =>
    service.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: `token=${reader.token}` });

  it('cannot sign in or out, even when the browser calls the request same-origin', async () => {
    for (const url of ['/login', '/logout']) {
      const variants: Record<string, string>[] = [{ origin: 'null' }, { origin: 'null', 'sec-fetch-site': 'same-origin' }, { origin: 'null', 'sec-fetch-site': 'none' }];
      for (const headers of variants) {
        const res = await post(url, headers);
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.headers['set-cookie'], url).toBeUndefined();
      }
    }
  });

  it('still signs in with the real origin, which the sign-in page makes the browser send', async () => {
    const page = await service.app.inject({ method: 'GET', url: '/login' });
    expect(page.headers['referrer-policy']).toBe('same-origin');
    expect(page.body).toContain('<meta name="referrer" content="same-origin">');
    const res = await post('/login', { origin: 'http://orgscan.internal', host: 'orgscan.internal', 'sec-fetch-site': 'same-origin' });
    expect(res.statusCode).toBe(303);
    expect((await post('/logout', { origin: 'http://orgscan.internal', host: 'orgscan.internal', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(303);
  });
});
