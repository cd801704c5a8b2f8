// Three consecutive scans of an emulated organization through the service: owners from OU routing rules,
// exactly one announcement per new finding and one per resolution, nothing when nothing changed; the
// delivery log, owner and OU filters, and the routing-rule API.
import { CreateOrganizationalUnitCommand, ListRootsCommand, MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateVolumeCommand, DeleteVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS } from '../../checks/types.js';
import { ownershipSchema } from '../../notify/config.js';
import type { ScanRequest } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { createEmulatedOrganization, MANAGEMENT_ACCOUNT } from '../../emulator/moto/organization.js';
import { startHttpSink, type HttpSink } from '../helpers/http-sink.js';

const REGION = 'us-east-1';
const operator = createToken('operator');
const paymentsReader = createToken('reader', { teams: ['payments'], ouPaths: [] });
const ouReader = createToken('reader', { teams: [], ouPaths: ['Root/Workloads'] });

interface HookMessage {
  team: string;
  scanId: string;
  counts: { new: number; resolved: number; cameBack: number };
  sections: { kind: string; groups: { checkId: string; items: { resourceId: string; accountName: string | null }[] }[] }[];
}

describe('notifications over three scans of a moto organization', () => {
  let moto: MotoServer;
  let sink: HttpSink;
  let service: RunningService;
  let payments: string;
  let search: string;
  let paymentsVolume: string;

  const api = async (method: string, path: string, body?: unknown, token = operator.token) => {
    const res = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : null, text };
  };
  const scan = async (body: unknown = {}) => {
    const started = await api('POST', '/scans', body);
    expect(started.status).toBe(202);
    for (;;) {
      const r = await api('GET', `/scans/${started.json.scan.id}`);
      if (!['queued', 'running'].includes(r.json.status)) {
        expect(r.json.status).toBe('succeeded');
        break;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    await service.manager.afterScanSettled();
    return started.json.scan.id as string;
  };
  const createVolume = async (account: string) =>
    (await seedClient(EC2Client, moto.endpoint, REGION, account).send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 10 }))).VolumeId!;
  const messages = () => sink.received.filter((r) => r.path === '/hook').map((r) => JSON.parse(r.body) as HookMessage);

  beforeAll(async () => {
    moto = await startMoto();
    sink = await startHttpSink();
    [payments, search] = (await createEmulatedOrganization(moto.endpoint, ['payments-prod', 'search-prod'])) as [string, string];
    const org = seedClient(OrganizationsClient, moto.endpoint, REGION, MANAGEMENT_ACCOUNT);
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const workloads = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    const payOu = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: workloads, Name: 'Payments' }))).OrganizationalUnit!.Id!;
    await org.send(new MoveAccountCommand({ AccountId: payments, SourceParentId: rootId, DestinationParentId: payOu }));
    paymentsVolume = await createVolume(payments);
    await createVolume(search);

    const baseRequest: ScanRequest = {
      org: true,
      accounts: [payments, search],
      regions: [REGION],
      checks: ['ebs-volume-unattached'],
      roleName: 'OrgScanReadOnly',
      concurrency: { accounts: 2, units: 4, apiCalls: 8 },
      options: DEFAULT_CHECK_OPTIONS,
    };
    const hook = { type: 'webhook' as const, urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' };
    service = await startService({
      baseRequest,
      retentionDays: 30,
      port: 0,
      tokens: parseTokenEntries(`${operator.entry},${paymentsReader.entry},${ouReader.entry}`, 'test'),
      aws: { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: REGION, maxAttempts: 1 },
      logger: pino({ level: 'silent' }),
      ownership: ownershipSchema.parse({
        teams: [
          { name: 'payments', sinks: [hook] },
          { name: 'search', sinks: [hook] },
        ],
        routes: [{ ouPath: 'Root/Workloads/Payments', team: 'payments' }],
        defaultTeam: 'search',
        reportBaseUrl: 'https://orgscan.example.com/',
      }),
      notify: { env: { HOOK_URL: `${sink.url}/hook`, HOOK_SECRET: 'secret' }, post: { sleep: async () => undefined } },
    });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    await sink?.close();
    await moto?.stop();
  });

  it('announces each new finding once, nothing for an unchanged scan, and each resolution once', async () => {
    const first = await scan();
    expect(messages().map((m) => [m.team, m.scanId, m.counts])).toEqual([
      ['payments', first, { new: 1, resolved: 0, cameBack: 0 }],
      ['search', first, { new: 1, resolved: 0, cameBack: 0 }],
    ]);
    expect(messages()[0]!.sections[0]!.groups[0]!.items).toMatchObject([{ resourceId: paymentsVolume, accountName: 'payments-prod' }]);
    const log = await api('GET', `/scans/${first}/notifications`);
    expect(log.json.items.map((d: { team: string; status: string; attempts: number }) => [d.team, d.status, d.attempts])).toEqual([
      ['payments', 'delivered', 1],
      ['search', 'delivered', 1],
    ]);

    const second = await scan();
    expect(messages()).toHaveLength(2);
    expect((await api('GET', `/scans/${second}/notifications`)).json.items).toEqual([]);

    await seedClient(EC2Client, moto.endpoint, REGION, payments).send(new DeleteVolumeCommand({ VolumeId: paymentsVolume }));
    const added = await createVolume(payments);
    const third = await scan();
    const last = messages().slice(2);
    expect(last.map((m) => [m.team, m.scanId, m.counts])).toEqual([['payments', third, { new: 1, resolved: 1, cameBack: 0 }]]);
    expect(last[0]!.sections.map((s) => [s.kind, s.groups[0]!.items[0]!.resourceId])).toEqual([
      ['new', added],
      ['resolved', paymentsVolume],
    ]);

    expect((await api('GET', '/metrics')).text).toContain('orgscan_notifications_total{sink="webhook",status="delivered"} 3');
    // Across the three scans: one announcement per new finding, one per resolution.
    const announced = messages().flatMap((m) => m.sections.flatMap((s) => s.groups.flatMap((g) => g.items.map((i) => `${s.kind}:${i.resourceId}`))));
    expect(new Set(announced).size).toBe(announced.length);
    expect(announced).toHaveLength(4);
  });

  it('filters findings by owner and OU path, and validates routing rules put through the API', async () => {
    const owned = await api('GET', `/findings?owner=payments&status=FAIL`);
    expect(owned.status).toBe(200);
    expect(owned.json.items.map((f: { accountId: string; owner: string; ouPath: string }) => [f.accountId, f.owner, f.ouPath])).toEqual([
      [payments, 'payments', 'Root/Workloads/Payments'],
    ]);
    expect((await api('GET', `/findings?ouPath=Root/Workloads&status=FAIL`)).json.items).toHaveLength(1);
    expect((await api('GET', `/findings?accountTag=nokey`)).status).toBe(400);

    const bad = await api('PUT', '/routes', { routes: [{ team: 'payments' }, { ouPath: 'Root', team: 'nobody' }, { severity: 'urgent', team: 'search' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toContain('routes.0: must match on at least one of');
    expect(bad.json.message).toContain('routes.2.severity');
    const unknownTeam = await api('PUT', '/routes', { routes: [{ ouPath: 'Root', team: 'nobody' }] });
    expect(unknownTeam.json.message).toContain('routes.0.team: unknown team "nobody"');

    const put = await api('PUT', '/routes', { routes: [{ accountName: 'search-prod', team: 'payments' }] });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ source: 'api', items: [{ accountName: 'search-prod', team: 'payments' }] });
    expect((await api('GET', '/teams')).json).toEqual({
      defaultTeam: 'search',
      items: [
        { name: 'payments', digest: false, sinks: [{ type: 'webhook', target: '$HOOK_URL' }] },
        { name: 'search', digest: false, sinks: [{ type: 'webhook', target: '$HOOK_URL' }] },
      ],
    });
    expect((await api('DELETE', '/routes')).status).toBe(204);
    expect((await api('GET', '/routes')).json).toMatchObject({ source: 'file', items: [{ ouPath: 'Root/Workloads/Payments', team: 'payments' }] });
  });

  it('scoped reader tokens see only their team (or OU); another team\'s scan data answers 404 on every route', async () => {
    const as = (path: string, token = paymentsReader.token) => api('GET', path, undefined, token);
    // A scan of the search account only: nothing of payments in it.
    const searchOnly = await scan({ accounts: [search] });
    const latest = (await api('GET', '/scans?limit=10')).json.items.find((s: { scope: { accounts?: string[] } }) => s.scope.accounts?.length === 2) as { id: string };

    const all = await as('/findings?limit=1000');
    expect(all.status).toBe(200);
    expect(all.json.items.length).toBeGreaterThan(0);
    expect(new Set(all.json.items.map((f: { owner: string; accountId: string }) => `${f.owner}/${f.accountId}`))).toEqual(new Set([`payments/${payments}`]));
    // Another team's ids as filters: nothing.
    expect((await as(`/findings?owner=search`)).json.items).toEqual([]);
    expect((await as(`/findings?accountId=${search}`)).json.items).toEqual([]);
    expect((await as(`/scans/${latest.id}/findings?accountId=${search}`)).json.items).toEqual([]);
    const csv = await as(`/scans/${latest.id}/findings?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(payments);
    expect(csv.text).not.toContain(search);

    // The scan record carries only the scope's counts.
    const own = await as(`/scans/${latest.id}`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ accounts: [], errors: [] });
    expect(own.json.counts.FAIL + own.json.counts.PASS).toBe(all.json.items.length);
    expect(JSON.stringify(own.json)).not.toContain(search);
    const listed = await as('/scans?limit=100');
    expect(listed.json.items.map((s: { id: string }) => s.id)).not.toContain(searchOnly);
    expect(JSON.stringify(listed.json)).not.toContain(search);

    // Every route with the other team's scan: 404.
    for (const path of [
      `/scans/${searchOnly}`,
      `/scans/${searchOnly}/findings`,
      `/scans/${searchOnly}/findings?format=csv`,
      `/scans/${searchOnly}/report`,
      `/scans/${searchOnly}/report?download=1`,
      `/scans/${searchOnly}/diff`,
      `/scans/${searchOnly}/notifications`,
      `/scans/${latest.id}/notifications`,
      `/scans/${latest.id}/diff`,
      '/report?owner=search',
      `/scans/${latest.id}/report?owner=search`,
      '/suppressions',
      '/routes',
      '/metrics',
      '/no-such-route',
    ]) {
      expect((await as(path)).status, path).toBe(404);
    }
    // The operator's view of the same scan is there.
    expect((await api('GET', `/scans/${searchOnly}`)).status).toBe(200);

    // The report (page and downloaded file) holds the team's findings only, and lists no other team's
    // expiring suppression rule (its account, resource and reason).
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const rule = await api('POST', '/suppressions', { checkId: 'ebs-volume-unattached', accountId: search, reason: 'search-team-private-reason', expires: soon });
    expect(rule.status).toBe(201);
    expect((await api('GET', '/report?download=1')).text).toContain('search-team-private-reason');
    const page = await as('/report?download=1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('payments-prod');
    expect(page.text).not.toContain(search);
    expect(page.text).not.toContain('search-team-private-reason');
    expect((await as('/report')).text).not.toContain('search-team-private-reason');
    await api('DELETE', `/suppressions/${rule.json.id}`);
    expect((await as('/teams')).json).toMatchObject({ defaultTeam: null, items: [{ name: 'payments' }] });

    // An OU-scoped token: payments is under Root/Workloads, search (at the root) is not.
    const byOu = await as('/findings?limit=1000', ouReader.token);
    expect(new Set(byOu.json.items.map((f: { accountId: string }) => f.accountId))).toEqual(new Set([payments]));
    expect((await as(`/scans/${searchOnly}`, ouReader.token)).status).toBe(404);
  });
});
