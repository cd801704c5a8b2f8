// Browser sign-in: GET/POST /login, POST /logout, the session cookie in the auth hook, redirects of
// browsers without credentials, open-redirect defences, and that neither tokens nor cookies reach the log.
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { LOGIN_CSP } from '../../server/login-page.js';
import { nextOrDefault, safeNextPath } from '../../server/next-path.js';
import { createLogger, startService, type RunningService } from '../../server/service.js';
import { createSessionCodec, loadSessionSecret, SessionConfigError, SESSION_COOKIE } from '../../server/session.js';
import { seedScan } from '../helpers/report-store.js';
import { fullScopeKey } from '../../server/latest-scope.js';
import { sampleScan } from '../helpers/sample-findings.js';

const reader = createToken('reader');
const operator = createToken('operator');
const entries = parseTokenEntries(`${reader.entry},${operator.entry}`, 'test');
const SECRET = Buffer.from('0123456789abcdef0123456789abcdef-test-secret');
const sample = sampleScan({ findings: 120, accounts: 3, scanId: 'scan-login-1' });
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const baseRequest: ScanRequest = {
  org: false,
  accounts: sample.scan.accounts,
  regions: sample.scan.regions,
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

let clock = new Date('2026-11-23T09:00:00.000Z');
let service: RunningService;
const logLines: string[] = [];

const inject = (opts: InjectOptions) => service.app.inject(opts);

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? (h as string[]) : [String(h)];
}

async function signIn(token: string, extra: { next?: string; headers?: Record<string, string> } = {}) {
  const form = new URLSearchParams({ token, ...(extra.next === undefined ? {} : { next: extra.next }) });
  return inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: HTML, ...extra.headers },
    payload: form.toString(),
  });
}

/** The session cookie value a successful sign-in sets. */
async function sessionFor(token: string): Promise<string> {
  const res = await signIn(token);
  expect(res.statusCode).toBe(303);
  const cookie = setCookies(res).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  return cookie.slice(SESSION_COOKIE.length + 1).split(';')[0]!;
}

const withSession = (value: string, headers: Record<string, string> = {}) => ({ cookie: `${SESSION_COOKIE}=${value}`, ...headers });

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  service = await startService({
    baseRequest,
    retentionDays: 30,
    port: 0,
    tokens: entries,
    sessionSecret: SECRET,
    logger: createLogger('trace', sink),
    now: () => clock,
    rateLimit: { max: 10_000, timeWindowMs: 60_000 },
    runScan: async () => {
      throw new Error('no scans in this test');
    },
  });
  // A scan of the service's configured scope: the one GET /report shows.
  await seedScan(service.store, sample, fullScopeKey(baseRequest));
});

afterAll(async () => {
  await service?.close();
});

describe('GET /login', () => {
  it('renders an accessible form with no external requests, under a strict CSP', async () => {
    const res = await inject({ method: 'GET', url: '/login?next=%2Fscans%2Fscan-login-1%2Freport%3Fdownload%3D1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(LOGIN_CSP);
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.body;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('<label for="token">API token</label>');
    expect(html).toMatch(/<input id="token" name="token" type="password" required[^>]*aria-describedby="token-help"/);
    expect(html).toContain('<input type="hidden" name="next" value="/scans/scan-login-1/report?download=1">');
    // One inline script (allowed by its hash) only moves a #token= fragment into the field.
    expect(html.match(/<script/g)).toHaveLength(1);
    const script = /<script>([^<]*)<\/script>/.exec(html)![1]!;
    expect(LOGIN_CSP).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(script).not.toContain('submit');
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });

  it('defaults next to the report and tells a signed-out browser so', async () => {
    const res = await inject({ method: 'GET', url: '/login?signed-out=1' });
    expect(res.body).toContain('<input type="hidden" name="next" value="/report">');
    expect(res.body).toContain('You have signed out.');
  });

  it('says a session has ended when the browser brings one that is no longer valid', async () => {
    const res = await inject({ method: 'GET', url: '/login', headers: withSession('v1.bogus') });
    expect(res.body).toContain('Your session has ended');
  });

  it('offers to sign out when the browser is already signed in', async () => {
    const res = await inject({ method: 'GET', url: '/login', headers: withSession(await sessionFor(reader.token)) });
    expect(res.body).toContain('signed in with the reader role');
    expect(res.body).toContain('<form method="post" action="/logout">');
  });
});

describe('POST /login', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie without the token and redirects to next', async () => {
    const res = await signIn(reader.token, { next: '/scans/scan-login-1/report?download=1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/scans/scan-login-1/report?download=1');
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0]!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.`));
    expect(cookie).toContain('; Max-Age=43200');
    expect(cookie).toContain('; Path=/');
    expect(cookie).toContain('; HttpOnly');
    expect(cookie).toContain('; SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    expect(cookie).not.toContain(reader.token);
    expect(cookie).not.toContain(reader.entry.split(':')[1]);
  });

  it('goes to /report without next, and marks the cookie Secure behind an HTTPS load balancer', async () => {
    const res = await signIn(operator.token, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.location).toBe('/report');
    expect(setCookies(res)[0]).toContain('; Secure');
  });

  it('answers a wrong token with the login page and 401, giving no hint which part was wrong', async () => {
    const wrong = await signIn(`${reader.token.slice(0, -4)}AAAA`, { next: '/scans/scan-login-1/report' });
    const malformed = await signIn('short', { next: '/scans/scan-login-1/report' });
    for (const res of [wrong, malformed]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(setCookies(res)).toEqual([]);
      expect(res.body).toContain('<p id="login-error" class="alert" role="alert">That token was not accepted.');
      expect(res.body).toContain('aria-invalid="true"');
      expect(res.body).toContain('value="/scans/scan-login-1/report"');
    }
    expect(wrong.body).toBe(malformed.body);
    expect(wrong.body).not.toContain(reader.token.slice(0, 12));
  });

  it('asks for a token when the field is empty', async () => {
    const res = await signIn('   ');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter an API token.');
  });

  it('ignores a sign-in form posted from another site', async () => {
    const res = await signIn(reader.token, { headers: { origin: 'https://evil.example', host: 'orgscan.internal' } });
    expect(res.statusCode).toBe(403);
    expect(setCookies(res)).toEqual([]);
    const crossSite = await signIn(reader.token, { headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    const logout = await inject({ method: 'POST', url: '/logout', headers: { 'sec-fetch-site': 'same-site' } });
    expect(logout.statusCode).toBe(403);
    const same = await signIn(reader.token, { headers: { origin: 'https://orgscan.internal', host: 'orgscan.internal' } });
    expect(same.statusCode).toBe(303);
    // An opaque origin (sandboxed frame, data: page) is refused whatever Sec-Fetch-Site says; our own
    // pages use the same-origin referrer policy, so their forms send the real origin.
    const opaque = await signIn(reader.token, { headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } });
    expect(opaque.statusCode).toBe(403);
    const ours = await signIn(reader.token, { headers: { origin: 'http://orgscan.internal', host: 'orgscan.internal', 'sec-fetch-site': 'same-origin' } });
    expect(ours.statusCode).toBe(303);
  });

  it.each([
    ['//evil.example/report'],
    ['https://evil.example/'],
    ['http:evil.example'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['/.//evil.example'],
    ['/a/../..//evil.example'],
    ['javascript:alert(1)'],
    ['/report\r\nSet-Cookie: x=1'],
    [' /report'],
    ['/login?next=//evil.example'],
  ])('never redirects off-site or into a loop for next=%j', async (next) => {
    const page = await inject({ method: 'GET', url: `/login?next=${encodeURIComponent(next)}` });
    expect(page.body).toContain('<input type="hidden" name="next" value="/report">');
    const res = await signIn(reader.token, { next });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/report');
  });
});

describe('the session cookie', () => {
  it('grants GET /report, HEAD /report and GET /scans/:id/findings with the reader role', async () => {
    const session = await sessionFor(reader.token);
    const report = await inject({ method: 'GET', url: '/report', headers: withSession(session, { accept: HTML }) });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Scan <code>scan-login-1</code>');
    expect(report.body).toContain('<form id="signout" class="signout" method="post" action="/logout">');
    expect(report.headers['content-security-policy']).toContain("form-action 'self'");
    expect((await inject({ method: 'HEAD', url: '/report', headers: withSession(session) })).statusCode).toBe(200);
    const findings = await inject({ method: 'GET', url: '/scans/scan-login-1/findings?limit=5', headers: withSession(session, { accept: 'application/json' }) });
    expect(findings.statusCode).toBe(200);
    expect(findings.json().items).toHaveLength(5);
  });

  it('does not start, cancel or change anything, even when opened with an operator token (CSRF)', async () => {
    const session = await sessionFor(operator.token);
    const cases = [
      { method: 'POST' as const, url: '/scans', payload: {} },
      { method: 'DELETE' as const, url: '/scans/scan-login-1' },
      { method: 'POST' as const, url: '/suppressions', payload: { checkId: 'ebs-volume-unattached', reason: 'x', expires: '2027-01-01' } },
    ];
    for (const c of cases) {
      const res = await inject({ ...c, headers: withSession(session, { accept: HTML }) });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(401);
      expect(res.json()).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: `${c.method} requests need "Authorization: Bearer <token>"; the browser session is accepted only for GET and HEAD`,
      });
    }
    const bearer = await inject({ method: 'DELETE', url: '/scans/scan-login-1', headers: { authorization: `Bearer ${operator.token}` } });
    expect(bearer.statusCode).not.toBe(401);
  });

  it('is refused once expired, tampered with, signed with another key, or when its token is no longer configured', async () => {
    const session = await sessionFor(reader.token);
    const [version, id, exp, sig] = session.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const otherKey = createSessionCodec({ secret: Buffer.alloc(32, 7), tokens: entries, now: () => clock }).issue(entries[0]!).value;
    const revoked = createSessionCodec({ secret: SECRET, tokens: entries, now: () => clock }).issue({ role: 'reader', hash: Buffer.alloc(32, 1) }).value;
    const promoted = createSessionCodec({ secret: SECRET, tokens: entries, now: () => clock }).issue({ role: 'operator', hash: entries[0]!.hash }).value;
    const bad = [
      `${version}.${id}.${exp}.${flip(sig)}`,
      `${version}.${id}.${Number(exp) + 3600}.${sig}`,
      `${version}.${flip(id)}.${exp}.${sig}`,
      otherKey,
      revoked,
      promoted,
      reader.token,
      '',
    ];
    for (const value of bad) {
      const res = await inject({ method: 'GET', url: '/scans/scan-login-1/findings', headers: withSession(value) });
      expect(res.statusCode, value).toBe(401);
    }
    expect((await inject({ method: 'GET', url: '/scans/scan-login-1/findings', headers: withSession(session) })).statusCode).toBe(200);
    const issued = clock;
    try {
      clock = new Date(issued.getTime() + 12 * 3_600_000 - 1000);
      expect((await inject({ method: 'GET', url: '/scans/scan-login-1/findings', headers: withSession(session) })).statusCode).toBe(200);
      clock = new Date(issued.getTime() + 12 * 3_600_000);
      expect((await inject({ method: 'GET', url: '/scans/scan-login-1/findings', headers: withSession(session) })).statusCode).toBe(401);
      const page = await inject({ method: 'GET', url: '/report', headers: withSession(session, { accept: HTML }) });
      expect(page.statusCode).toBe(303);
      expect(page.headers.location).toBe('/login?next=%2Freport');
    } finally {
      clock = issued;
    }
  });

  it('is cleared by POST /logout', async () => {
    const res = await inject({ method: 'POST', url: '/logout', headers: withSession(await sessionFor(reader.token)) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?signed-out=1');
    const cleared = setCookies(res)[0]!;
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(cleared).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(cleared).toContain('; Path=/');
  });

  it('leaves the bearer header in charge when both are sent', async () => {
    const session = await sessionFor(reader.token);
    const res = await inject({ method: 'GET', url: '/scans/scan-login-1/findings', headers: withSession(session, { authorization: 'Bearer not-a-valid-token-at-all' }) });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toBe('the bearer token is not valid');
  });
});

describe('requests without credentials', () => {
  it('sends a browser to the sign-in page and back', async () => {
    for (const url of ['/report', '/scans/scan-login-1/report?download=1', '/scans/scan-login-1/findings?format=csv']) {
      const res = await inject({ method: 'GET', url, headers: { accept: HTML } });
      expect(res.statusCode, url).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
      expect(nextOrDefault(decodeURIComponent(res.headers.location!.slice('/login?next='.length)))).toBe(url);
    }
  });

  it('answers API clients and scripts with the JSON 401', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const res = await inject({ method: 'GET', url: '/report', headers: accept ? { accept } : {} });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="orgscan"');
      expect(res.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'missing bearer token: send "Authorization: Bearer <token>"' });
    }
    const post = await inject({ method: 'POST', url: '/scans', headers: { accept: HTML }, payload: {} });
    expect(post.statusCode).toBe(401);
  });
});

describe('sign-in limits and logging', () => {
  it('rate-limits sign-in attempts per client address', async () => {
    const limited = await startService({
      baseRequest,
      retentionDays: 30,
      port: 0,
      tokens: entries,
      sessionSecret: SECRET,
      logger: createLogger('silent'),
      rateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    try {
      const post = () =>
        limited.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'token=wrong-token-0123456789' });
      for (let i = 0; i < 3; i++) expect((await post()).statusCode).toBe(401);
      const res = await post();
      expect(res.statusCode).toBe(429);
      expect(res.json().error).toBe('Too Many Requests');
    } finally {
      await limited.close();
    }
  });

  it('never writes a token or a session value to the log', async () => {
    const session = await sessionFor(operator.token);
    await inject({ method: 'GET', url: '/report', headers: withSession(session, { authorization: `Bearer ${reader.token}` }) });
    const log = logLines.join('');
    expect(log).toContain('browser sign-in');
    expect(log).toContain('"outcome":"rejected"');
    for (const secret of [reader.token, operator.token, session, session.split('.')[3]!]) expect(log).not.toContain(secret);
  });

  it('redacts cookie and authorization headers if a log line carries them', () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));
    logger.info({ req: { headers: { cookie: 'orgscan_session=abc', authorization: 'Bearer xyz' } }, res: { headers: { 'set-cookie': 'orgscan_session=def' } } }, 'x');
    expect(lines[0]).not.toMatch(/abc|xyz|def/);
    expect(lines[0]).toContain('<redacted>');
  });
});

describe('session codec and next paths', () => {
  it('accepts values from another instance with the same ORGSCAN_SESSION_SECRET', () => {
    const secret = loadSessionSecret({ ORGSCAN_SESSION_SECRET: 'x'.repeat(40) });
    const a = createSessionCodec({ secret, tokens: entries, now: () => clock });
    const b = createSessionCodec({ secret: loadSessionSecret({ ORGSCAN_SESSION_SECRET: 'x'.repeat(40) }), tokens: entries, now: () => clock });
    const issued = a.issue(entries[1]!);
    expect(b.verify(issued.value)).toEqual({ role: 'operator', expiresAt: issued.expiresAt, principal: entries[1]!.hash.toString('hex') });
    const random = createSessionCodec({ secret: loadSessionSecret({}), tokens: entries, now: () => clock });
    expect(random.verify(issued.value)).toBeNull();
  });

  it('refuses a short ORGSCAN_SESSION_SECRET without echoing it', () => {
    expect(() => loadSessionSecret({ ORGSCAN_SESSION_SECRET: 'hunter2-hunter2' })).toThrow(SessionConfigError);
    expect(() => loadSessionSecret({ ORGSCAN_SESSION_SECRET: 'hunter2-hunter2' })).toThrow(/at least 32 characters \(it has 15\)/);
    try {
      loadSessionSecret({ ORGSCAN_SESSION_SECRET: 'hunter2-hunter2' });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });

  it('keeps only same-origin paths', () => {
    expect(safeNextPath('/scans/abc/report?download=1#token=x')).toBe('/scans/abc/report?download=1');
    expect(safeNextPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeNextPath('/report?back=//evil.example')).toBe('/report?back=//evil.example');
    for (const bad of ['//evil', '/\\evil', '/./\\evil', '/.//evil', 'https://evil', 'evil', '', '/\tevil', `/${'a'.repeat(2050)}`, 42, undefined]) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
    expect(nextOrDefault('/logout')).toBe('/report');
  });
});
