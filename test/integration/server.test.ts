// The real service over HTTP, scanning a moto organization with the real engine: start a scan,
// poll it to completion, page through findings with filters, diff after a second scan in which
// one problem was fixed and one added, and the 401/403/400 answers.
import { CreateVolumeCommand, DeleteVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding } from '../../checks/types.js';
import type { ScanRequest } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { createEmulatedOrganization, MANAGEMENT_ACCOUNT } from '../../emulator/moto/organization.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';

const MANAGEMENT = MANAGEMENT_ACCOUNT;
const REGIONS = ['us-east-1', 'eu-west-1'];
const CHECK_IDS = ['ebs-volume-unattached', 'ebs-encryption-by-default'];
const operator = createToken('operator');
const reader = createToken('reader');

// One run on PostgreSQL when CI provides it, else on the embedded store.
const pgUrl = testDatabaseUrl('server integration suite (falls back to PGlite)');

describe('orgscan serve against a moto organization', () => {
  let moto: MotoServer;
  let service: RunningService;
  let schema: TestSchema | undefined;
  let members: [string, string];
  const volumes: Record<string, string[]> = {};

  const api = async (method: string, path: string, opts: { token?: string | null; body?: unknown } = {}) => {
    const token = opts.token === undefined ? operator.token : opts.token;
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${service.url}${path}`, { method, headers, body: opts.body === undefined ? null : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text.startsWith('{') ? JSON.parse(text) : null };
  };

  const pollUntilEnded = async (id: string) => {
    const seen = new Set<string>();
    for (;;) {
      const r = await api('GET', `/scans/${id}`, { token: reader.token });
      expect(r.status).toBe(200);
      seen.add(r.json.status);
      if (!['queued', 'running'].includes(r.json.status)) return { scan: r.json, seen };
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  const allPages = async (path: string) => {
    const items: Finding[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const r = await api('GET', `${path}${cursor ? `${sep}cursor=${cursor}` : ''}`, { token: reader.token });
      expect(r.status).toBe(200);
      items.push(...r.json.items);
      cursor = r.json.nextCursor;
      pages += 1;
    } while (cursor);
    return { items, pages };
  };

  beforeAll(async () => {
    moto = await startMoto();
    const [dev, prod] = await createEmulatedOrganization(moto.endpoint, ['dev', 'prod']);
    members = [dev!, prod!];
    for (const account of members) {
      for (const region of REGIONS) {
        const ec2 = seedClient(EC2Client, moto.endpoint, region, account);
        const ids: string[] = [];
        for (const size of [10, 20]) ids.push((await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: size }))).VolumeId!);
        volumes[`${account}/${region}`] = ids;
      }
    }

    const baseRequest: ScanRequest = {
      org: true,
      regions: REGIONS,
      checks: CHECK_IDS,
      roleName: 'OrgScanReadOnly',
      externalId: 'orgscan-test',
      concurrency: { accounts: 2, units: 4, apiCalls: 8 },
      options: DEFAULT_CHECK_OPTIONS,
    };
    schema = pgUrl ? createTestSchema(pgUrl, 'server_it') : undefined;
    service = await startService({
      baseRequest,
      retentionDays: 30,
      port: 0,
      databaseUrl: pgUrl ?? undefined,
      schema: schema?.schema,
      tokens: parseTokenEntries(`${operator.entry},${reader.entry}`, 'test'),
      aws: { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
      logger: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await service?.close();
    await schema?.drop();
    await moto?.stop();
  });

  it('refuses bad tokens, roles and input', async () => {
    expect((await api('GET', '/scans', { token: null })).status).toBe(401);
    expect((await api('GET', '/scans', { token: 'not-a-real-token-at-all' })).status).toBe(401);
    expect((await api('POST', '/scans', { token: reader.token, body: {} })).status).toBe(403);
    const outside = await api('POST', '/scans', { body: { accounts: ['999999999999'] } });
    expect(outside).toMatchObject({ status: 400, json: { statusCode: 400, error: 'Bad Request', message: expect.stringContaining("not among the organization's active accounts") } });
    const region = await api('POST', '/scans', { body: { regions: ['ap-south-1'] } });
    expect(region).toMatchObject({ status: 400, json: { message: expect.stringContaining('not among the configured regions') } });
    const role = await api('POST', '/scans', { body: { roleName: 'Admin' } });
    expect(role).toMatchObject({ status: 400, json: { message: 'body: unknown field "roleName"' } });
    expect((await api('GET', '/findings')).status).toBe(404); // nothing finished yet
  });

  it('scans, pages findings with filters, and diffs a second scan after one fix and one new problem', async () => {
    const start = await api('POST', '/scans', { body: {} });
    expect(start.status).toBe(202);
    const id1 = start.json.scan.id as string;
    expect(start.headers.get('location')).toBe(`/scans/${id1}`);
    const { scan: s1 } = await pollUntilEnded(id1);
    expect(s1).toMatchObject({ status: 'succeeded', errors: [] });
    expect(new Set(s1.accounts)).toEqual(new Set([MANAGEMENT, ...members]));
    expect(s1.progress.unitsDone).toBe(s1.progress.unitsTotal);
    expect(s1.progress.unitsTotal).toBe(3 * REGIONS.length);
    expect(s1.apiCalls.total).toBeGreaterThan(0);

    // 8 unattached volumes FAIL; one encryption-by-default finding per account and region.
    const { items: all, pages } = await allPages(`/scans/${id1}/findings?limit=5`);
    expect(pages).toBe(Math.ceil(all.length / 5));
    expect(all.filter((f) => f.checkId === 'ebs-volume-unattached' && f.status === 'FAIL')).toHaveLength(8);
    expect(all.filter((f) => f.checkId === 'ebs-encryption-by-default')).toHaveLength(3 * REGIONS.length);
    expect(new Set(all.map((f) => `${f.checkId}/${f.accountId}/${f.region}/${f.resourceId}`)).size).toBe(all.length);

    const [dev, prod] = members;
    const filtered = await allPages(`/scans/${id1}/findings?checkId=ebs-volume-unattached&accountId=${dev}&region=eu-west-1&status=FAIL&limit=1`);
    expect(filtered.items.map((f) => f.resourceId).sort()).toEqual([...volumes[`${dev}/eu-west-1`]!].sort());
    const one = await api('GET', `/findings?resourceId=${volumes[`${prod}/us-east-1`]![0]}`, { token: reader.token });
    expect(one.json).toMatchObject({ scanId: id1, items: [{ accountId: prod, region: 'us-east-1', status: 'FAIL', firstSeenAt: s1.startedAt }] });

    // Fix one problem (delete a volume), add one (a new unattached volume), scan again.
    const fixed = volumes[`${dev}/us-east-1`]![0]!;
    await seedClient(EC2Client, moto.endpoint, 'us-east-1', dev).send(new DeleteVolumeCommand({ VolumeId: fixed }));
    const added = (await seedClient(EC2Client, moto.endpoint, 'eu-west-1', prod).send(new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a', Size: 30 }))).VolumeId!;

    const second = await api('POST', '/scans', { body: {} });
    const { scan: s2 } = await pollUntilEnded(second.json.scan.id);
    expect(s2.status).toBe('succeeded');

    const diff = await api('GET', `/scans/${s2.id}/diff`, { token: reader.token });
    expect(diff.status).toBe(200);
    expect(diff.json.againstScanId).toBe(id1);
    expect(diff.json.newFailures.map((f: Finding) => f.resourceId)).toEqual([added]);
    expect(diff.json.resolved.map((f: Finding) => f.resourceId)).toEqual([fixed]);
    const stillUnattached = diff.json.stillFailing.filter((f: Finding) => f.checkId === 'ebs-volume-unattached');
    expect(stillUnattached).toHaveLength(7);
    expect(stillUnattached.every((f: Finding) => f.firstSeenAt === s1.startedAt)).toBe(true);

    const latest = await api('GET', `/findings?checkId=ebs-volume-unattached&status=FAIL&limit=1000`, { token: reader.token });
    expect(latest.json.scanId).toBe(s2.id);
    expect(latest.json.items).toHaveLength(8);
    const newest = latest.json.items.find((f: Finding) => f.resourceId === added);
    expect(newest.firstSeenAt).toBe(s2.startedAt);

    const csv = await api('GET', `/findings?format=csv&checkId=ebs-volume-unattached`, { token: reader.token });
    expect(csv.text.trim().split('\r\n')).toHaveLength(1 + 8);

    const scans = await api('GET', '/scans', { token: reader.token });
    expect(scans.json.items.map((s: { id: string }) => s.id)).toEqual([s2.id, id1]);
  });

  it('narrows a scan to one account and region of the organization', async () => {
    const [dev] = members;
    const r = await api('POST', '/scans', { body: { accounts: [dev], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'] } });
    expect(r.status).toBe(202);
    const { scan } = await pollUntilEnded(r.json.scan.id);
    expect(scan).toMatchObject({ status: 'succeeded', accounts: [dev], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'] });
    const { items } = await allPages(`/scans/${scan.id}/findings`);
    expect(items).toHaveLength(2);
    expect(items.every((f) => f.accountId === dev && f.region === 'eu-west-1')).toBe(true);
    // A different scope: its diff baseline is not the full-organization scan.
    expect((await api('GET', `/scans/${scan.id}/diff`, { token: reader.token })).json.againstScanId).toBeNull();
  });
});
