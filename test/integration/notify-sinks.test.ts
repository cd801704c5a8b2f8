// Notification sinks against loopback HTTP receivers: Block Kit and Adaptive Card bodies checked against
// their documented structure, the webhook signature verified independently, 429 + Retry-After retried,
// secrets kept out of the delivery log.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Announcement, DeliveryRecord, Finding, ScanRecord } from '../../domain/index.js';
import { ownershipSchema } from '../../notify/config.js';
import { notifyAfterScan, type NotificationStore } from '../../notify/notifier.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { startHttpSink, type HttpSink } from '../helpers/http-sink.js';

// Block Kit, as documented at https://api.slack.com/reference/block-kit/blocks (the block types used here).
const plain = (max: number) => z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() }).strict();
const mrkdwn = z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(3000) }).strict();
const blockKitMessage = z
  .object({
    text: z.string().min(1),
    blocks: z
      .array(
        z.discriminatedUnion('type', [
          z.object({ type: z.literal('header'), text: plain(150) }).strict(),
          z.object({ type: z.literal('section'), text: mrkdwn }).strict(),
          z.object({ type: z.literal('context'), elements: z.array(mrkdwn).min(1).max(10) }).strict(),
          z
            .object({
              type: z.literal('actions'),
              elements: z.array(z.object({ type: z.literal('button'), text: plain(75), url: z.string().url().max(3000) }).strict()).min(1).max(25),
            })
            .strict(),
        ]),
      )
      .min(1)
      .max(50),
  })
  .strict();

// Teams Workflows: a message with one Adaptive Card attachment (learn.microsoft.com … connectors-using; adaptivecards.io schema).
const adaptiveCardMessage = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(
        z
          .object({
            contentType: z.literal('application/vnd.microsoft.card.adaptive'),
            contentUrl: z.null(),
            content: z
              .object({
                $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
                type: z.literal('AdaptiveCard'),
                version: z.string().regex(/^1\.[0-6]$/),
                body: z
                  .array(
                    z.discriminatedUnion('type', [
                      z
                        .object({
                          type: z.literal('TextBlock'),
                          text: z.string().min(1),
                          weight: z.enum(['Default', 'Lighter', 'Bolder']).optional(),
                          size: z.enum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge']).optional(),
                          spacing: z.enum(['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']).optional(),
                          isSubtle: z.boolean().optional(),
                          wrap: z.boolean().optional(),
                        })
                        .strict(),
                      z.object({ type: z.literal('FactSet'), facts: z.array(z.object({ title: z.string(), value: z.string() }).strict()).min(1) }).strict(),
                    ]),
                  )
                  .min(1),
                actions: z.array(z.object({ type: z.literal('Action.OpenUrl'), title: z.string().min(1), url: z.string().url() }).strict()).optional(),
              })
              .strict(),
          })
          .strict(),
      )
      .length(1),
  })
  .strict();

/** The receiver's side, written from the documentation only: hex HMAC-SHA256 of the raw body, constant-time compare. */
function verifySignature(rawBody: string, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(rawBody, 'utf8')).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** An in-memory notification store over one finished scan's findings. */
function memoryStore(scan: ScanRecord, findings: Finding[]): NotificationStore & { deliveries: DeliveryRecord[]; announcements: Announcement[] } {
  const announcements: Announcement[] = [];
  const deliveries: DeliveryRecord[] = [];
  return {
    announcements,
    deliveries,
    getScan: async (id) => (id === scan.id ? scan : null),
    async *iterateFindings(_id, filter) {
      for (const f of findings) if (!filter?.status || filter.status.includes(f.status)) yield f;
    },
    openAnnouncements: async () => announcements.filter((a) => a.resolvedAt === null),
    resolvedAnnouncements: async () => [],
    async applyAnnouncementChanges(c) {
      announcements.push(...c.opened);
    },
    async addDeliveries(r) {
      deliveries.push(...r);
    },
  };
}

const SCAN: ScanRecord = {
  id: 'scan-1',
  status: 'succeeded',
  source: 'api',
  scope: { org: true },
  scopeKey: 'org',
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:05:00.000Z',
  accounts: ['111111111111'],
  regions: ['eu-west-1'],
  checks: ['ebs-volume-unattached'],
  progress: { unitsTotal: 1, unitsDone: 1, accountsTotal: 1, accountsDone: 1, apiCalls: 1, errors: 0, findings: 30 },
  apiCalls: { total: 1, throttled: 0, retries: 0, byOperation: {} },
  errors: [],
  counts: { PASS: 0, FAIL: 30, ERROR: 0, MUTED: 0 },
  coverage: null,
  failureReason: null,
  idempotencyKey: null,
  requeuedFrom: null,
};

const FINDINGS = Array.from({ length: 30 }, (_, i) =>
  makeFinding({ resourceId: `vol-${String(i).padStart(3, '0')}<&>`, owner: 'payments', accountName: 'payments-prod', severity: i % 2 ? 'high' : 'low', checkId: i % 2 ? 'ebs-volume-unattached' : 'ebs-snapshot-old' }),
);

const SLACK_URL_SECRET = '/services/T000/B000/slack-secret-path';
const TEAMS_URL_SECRET = '/workflows/teams-secret-sig';
const HOOK_SECRET = 'shared-signing-secret-0123456789';

describe('notification sinks (loopback receivers)', () => {
  let sink: HttpSink;
  let dir: string;
  const sleeps: number[] = [];

  beforeAll(async () => {
    sink = await startHttpSink();
    dir = await mkdtemp(join(tmpdir(), 'orgscan-notify-'));
  });
  afterAll(async () => {
    await sink.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    sink.received.length = 0;
    sink.script.length = 0;
    sleeps.length = 0;
  });

  const ownership = ownershipSchema.parse({
    reportBaseUrl: 'https://orgscan.example.com',
    maxFindingsPerMessage: 10,
    teams: [
      {
        name: 'payments',
        sinks: [
          { type: 'slack', webhookUrlEnv: 'PAYMENTS_SLACK_URL' },
          { type: 'teams', webhookUrlEnv: 'PAYMENTS_TEAMS_URL' },
          { type: 'webhook', urlEnv: 'PAYMENTS_HOOK_URL', secretEnv: 'PAYMENTS_HOOK_SECRET' },
        ],
      },
      { name: 'search', sinks: [{ type: 'slack', webhookUrlEnv: 'SEARCH_SLACK_URL' }] },
    ],
    routes: [{ accountName: 'payments-prod', team: 'payments' }],
  });
  const env = () => ({
    PAYMENTS_SLACK_URL: `${sink.url}${SLACK_URL_SECRET}`,
    PAYMENTS_TEAMS_URL: `${sink.url}${TEAMS_URL_SECRET}`,
    PAYMENTS_HOOK_URL: `${sink.url}/hook`,
    PAYMENTS_HOOK_SECRET: HOOK_SECRET,
  });
  const post = { sleep: async (ms: number) => void sleeps.push(ms) };

  it('sends one Block Kit, one Adaptive Card and one signed JSON message to the team with changes, none to the team without', async () => {
    const store = memoryStore(SCAN, FINDINGS);
    const records = await notifyAfterScan({ store, ownership, env: env(), post }, SCAN.id);
    expect(sink.received.map((r) => r.path)).toEqual([SLACK_URL_SECRET, TEAMS_URL_SECRET, '/hook']);

    const slack = blockKitMessage.parse(JSON.parse(sink.received[0]!.body));
    expect(slack.text).toBe('orgscan · payments: 30 new, 0 resolved');
    const slackText = JSON.stringify(slack.blocks);
    // Capped at 10 items with the rest counted, mrkdwn control characters escaped, the team report linked.
    expect(slackText).toContain('20 more not listed');
    expect(slackText).toContain('&lt;&amp;&gt;');
    expect(slackText).not.toMatch(/vol-\d{3}<&>/);
    expect(slackText).toContain('https://orgscan.example.com/report?owner=payments');

    const card = adaptiveCardMessage.parse(JSON.parse(sink.received[1]!.body));
    expect(card.attachments[0]!.content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the team report', url: 'https://orgscan.example.com/report?owner=payments' }]);

    const hook = sink.received[2]!;
    expect(verifySignature(hook.body, hook.headers['x-orgscan-signature'] as string, HOOK_SECRET)).toBe(true);
    expect(verifySignature(hook.body, hook.headers['x-orgscan-signature'] as string, 'another-secret')).toBe(false);
    const json = JSON.parse(hook.body) as { type: string; team: string; counts: Record<string, number>; sections: { groups: { checkId: string }[] }[] };
    expect(json).toMatchObject({ type: 'orgscan.team-notification', team: 'payments', counts: { new: 30, resolved: 0, cameBack: 0 } });
    // Grouped by check, the higher severity first.
    expect(json.sections[0]!.groups.map((g) => g.checkId)).toEqual(['ebs-volume-unattached', 'ebs-snapshot-old']);

    expect(records.map((r) => [r.team, r.sink, r.status, r.attempts])).toEqual([
      ['payments', 'slack', 'delivered', 1],
      ['payments', 'teams', 'delivered', 1],
      ['payments', 'webhook', 'delivered', 1],
    ]);
    expect(store.announcements).toHaveLength(30);

    // Announced once: the same scan's findings again send nothing.
    sink.received.length = 0;
    expect(await notifyAfterScan({ store, ownership, env: env(), post }, SCAN.id)).toEqual([]);
    expect(sink.received).toEqual([]);
  });

  it('retries 429 honouring Retry-After and 5xx with backoff; secrets stay out of the delivery log', async () => {
    sink.script.push({ status: 429, headers: { 'retry-after': '3' } }, { status: 503 }, { status: 200 });
    const store = memoryStore(SCAN, FINDINGS.slice(0, 1));
    const one = ownershipSchema.parse({ teams: [{ name: 'payments', sinks: [{ type: 'slack', webhookUrlEnv: 'PAYMENTS_SLACK_URL' }] }] });
    const records = await notifyAfterScan({ store, ownership: one, env: env(), post }, SCAN.id);
    expect(sink.received).toHaveLength(3);
    expect(sleeps[0]).toBe(3000);
    expect(sleeps).toHaveLength(2);
    expect(records).toMatchObject([{ status: 'delivered', attempts: 3, httpStatus: 200 }]);
  });

  it('gives up after its attempts and logs a failure that names neither the URL nor the secret', async () => {
    sink.script.push(...Array.from({ length: 4 }, () => ({ status: 500 })));
    const logged: unknown[] = [];
    const logger = { info: (o: unknown) => void logged.push(o), warn: (o: unknown) => void logged.push(o) };
    const store = memoryStore(SCAN, FINDINGS.slice(0, 1));
    const records = await notifyAfterScan({ store, ownership, env: env(), post, logger }, SCAN.id);
    expect(records.find((r) => r.sink === 'slack')).toMatchObject({ status: 'failed', attempts: 4, httpStatus: 500, error: 'HTTP 500 after 4 attempts' });
    const everything = JSON.stringify([records, store.deliveries, logged]);
    for (const secret of [SLACK_URL_SECRET, TEAMS_URL_SECRET, HOOK_SECRET, sink.url]) expect(everything).not.toContain(secret);
  });

  it('skips a sink whose secret is not set, and a dry run writes every message to the file instead', async () => {
    const store = memoryStore(SCAN, FINDINGS.slice(0, 2));
    const skipped = await notifyAfterScan({ store, ownership, env: {}, post }, SCAN.id);
    expect(skipped.map((r) => [r.status, r.error])).toEqual([
      ['skipped', 'environment variable PAYMENTS_SLACK_URL is not set'],
      ['skipped', 'environment variable PAYMENTS_TEAMS_URL is not set'],
      ['skipped', 'environment variable PAYMENTS_HOOK_URL is not set'],
    ]);
    const file = join(dir, 'dry-run.jsonl');
    const dry = await notifyAfterScan({ store: memoryStore(SCAN, FINDINGS.slice(0, 2)), ownership, env: env(), post, dryRunFile: file }, SCAN.id);
    expect(dry.every((r) => r.status === 'skipped')).toBe(true);
    expect(sink.received).toEqual([]);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { team: string; sink: string; to: string });
    expect(lines.map((l) => [l.team, l.sink, l.to])).toEqual([
      ['payments', 'slack', '$PAYMENTS_SLACK_URL'],
      ['payments', 'teams', '$PAYMENTS_TEAMS_URL'],
      ['payments', 'webhook', '$PAYMENTS_HOOK_URL'],
    ]);
  });
});
