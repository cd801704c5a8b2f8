// After a scan: plan the announcements, record them, and deliver one message per team and sink.
// Never throws into the scan: every failure ends up in the delivery log and the logs, without secrets.
import { appendFile } from 'node:fs/promises';
import type { Announcement, DeliveryRecord, Finding, FindingStatus, ScanRecord } from '../domain/index.js';
import { coveredBy, identityKey, planAnnouncements, type TeamChanges } from './announce.js';
import type { OwnershipConfig, SinkConfig } from './config.js';
import { postWithRetry, type PostOptions } from './deliver.js';
import { buildTeamMessage, type TeamMessage } from './message.js';
import { emailContent } from './sinks/email.js';
import { slackBody } from './sinks/slack.js';
import { teamsBody } from './sinks/teams.js';
import { SIGNATURE_HEADER, signature, webhookBody } from './sinks/webhook.js';

type Identity = Pick<Announcement, 'checkId' | 'accountId' | 'region' | 'resourceId'>;

/** The store operations notifications need (store/types.ts Store satisfies it). */
export interface NotificationStore {
  getScan(id: string): Promise<ScanRecord | null>;
  iterateFindings(scanId: string, filter?: { status?: FindingStatus[] | undefined }): AsyncIterable<Finding>;
  openAnnouncements(): Promise<Announcement[]>;
  resolvedAnnouncements(identities: Identity[]): Promise<Announcement[]>;
  applyAnnouncementChanges(changes: { opened: Announcement[]; resolved: Identity[]; at: Date; scanId: string }): Promise<void>;
  addDeliveries(records: DeliveryRecord[]): Promise<void>;
}

export interface NotifierLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface NotifierDeps {
  store: NotificationStore;
  ownership: OwnershipConfig;
  /** Where sink secrets are read (process.env). */
  env: Record<string, string | undefined>;
  /** The mailer, for email sinks; without it they are skipped. */
  sendMail?: ((to: string[], subject: string, text: string) => Promise<void>) | undefined;
  /** Dry run: instead of sending, every message is appended as one JSON line to this file (what, to which sink). */
  dryRunFile?: string | undefined;
  post?: PostOptions | undefined;
  now?: (() => Date) | undefined;
  logger?: NotifierLogger | undefined;
  /** Called once per finished delivery (metrics). */
  onDelivery?: ((record: DeliveryRecord) => void) | undefined;
}

/** Scans whose findings may announce: complete or partial ones (partial ones only resolve what they evaluated). */
const NOTIFYING_STATUSES = new Set(['succeeded', 'partial']);

/** What a sink sends to (for the dry-run file and logs): the variable's name, never its value. */
function sinkTarget(sink: SinkConfig): string {
  switch (sink.type) {
    case 'slack':
    case 'teams':
      return `$${sink.webhookUrlEnv}`;
    case 'webhook':
      return `$${sink.urlEnv}`;
    case 'email':
      return sink.to.join(', ');
    case 'file':
      return sink.path;
  }
}

function bodyFor(sink: SinkConfig, m: TeamMessage): Record<string, unknown> {
  if (sink.type === 'slack') return slackBody(m);
  if (sink.type === 'teams') return teamsBody(m);
  if (sink.type === 'email') return emailContent(m);
  return webhookBody(m);
}

async function deliverOne(
  deps: NotifierDeps,
  sink: SinkConfig,
  m: TeamMessage,
): Promise<Pick<DeliveryRecord, 'status' | 'attempts' | 'httpStatus' | 'error'>> {
  if (deps.dryRunFile) {
    const line = JSON.stringify({ team: m.team, scanId: m.scanId, sink: sink.type, to: sinkTarget(sink), body: bodyFor(sink, m) });
    await appendFile(deps.dryRunFile, `${line}\n`);
    return { status: 'skipped', attempts: 0, httpStatus: null, error: 'dry run: written to the dry-run file' };
  }
  switch (sink.type) {
    case 'file':
      await appendFile(sink.path, `${JSON.stringify({ team: m.team, scanId: m.scanId, message: m })}\n`);
      return { status: 'delivered', attempts: 1, httpStatus: null, error: null };
    case 'email': {
      if (!deps.sendMail) return { status: 'skipped', attempts: 0, httpStatus: null, error: 'no mail settings in the configuration' };
      const { subject, text } = emailContent(m);
      await deps.sendMail(sink.to, subject, text);
      return { status: 'delivered', attempts: 1, httpStatus: null, error: null };
    }
    default: {
      const urlEnv = sink.type === 'webhook' ? sink.urlEnv : sink.webhookUrlEnv;
      const url = deps.env[urlEnv];
      if (!url) return { status: 'skipped', attempts: 0, httpStatus: null, error: `environment variable ${urlEnv} is not set` };
      const body = JSON.stringify(bodyFor(sink, m));
      const headers: Record<string, string> = {};
      if (sink.type === 'webhook') {
        const secret = deps.env[sink.secretEnv];
        if (!secret) return { status: 'skipped', attempts: 0, httpStatus: null, error: `environment variable ${sink.secretEnv} is not set` };
        headers[SIGNATURE_HEADER] = signature(body, secret);
      }
      const result = await postWithRetry(url, body, headers, deps.post);
      return { status: result.ok ? 'delivered' : 'failed', attempts: result.attempts, httpStatus: result.httpStatus, error: result.error };
    }
  }
}

/** Plans, records and delivers a finished scan's notifications; returns the delivery log entries written. */
export async function notifyAfterScan(deps: NotifierDeps, scanId: string): Promise<DeliveryRecord[]> {
  const now = deps.now ?? (() => new Date());
  const scan = await deps.store.getScan(scanId);
  if (!scan || !NOTIFYING_STATUSES.has(scan.status)) return [];
  const failing: Finding[] = [];
  const errored: Finding[] = [];
  for await (const f of deps.store.iterateFindings(scanId, { status: ['FAIL', 'ERROR'] })) (f.status === 'FAIL' ? failing : errored).push(f);
  const open = await deps.store.openAnnouncements();
  const openKeys = new Set(open.map(identityKey));
  const candidates = failing.filter((f) => !openKeys.has(identityKey(f)));
  const resolvedBefore = new Set((await deps.store.resolvedAnnouncements(candidates)).map(identityKey));
  const at = now();
  const plan = planAnnouncements({ scanId, at, failing, open, resolvedBefore, covered: coveredBy(scan, errored) });
  // Recorded before sending: a crash mid-delivery never announces the same finding twice.
  await deps.store.applyAnnouncementChanges({ opened: plan.opened, resolved: plan.resolved, at, scanId });

  const records: DeliveryRecord[] = [];
  for (const team of deps.ownership.teams) {
    const changes: TeamChanges = plan.teams.get(team.name) ?? { team: team.name, new: [], cameBack: [], resolved: [] };
    const changed = changes.new.length + changes.cameBack.length + changes.resolved.length > 0;
    if (!changed && !team.digest) continue;
    const message = buildTeamMessage(changes, { scanId, reportBaseUrl: deps.ownership.reportBaseUrl, maxItems: deps.ownership.maxFindingsPerMessage });
    for (const [sinkIndex, sink] of team.sinks.entries()) {
      let outcome: Pick<DeliveryRecord, 'status' | 'attempts' | 'httpStatus' | 'error'>;
      try {
        outcome = await deliverOne(deps, sink, message);
      } catch (err) {
        // Mailer and file errors: their code only (a mailer message may quote addresses or hosts).
        const code = (err as { code?: string }).code;
        outcome = { status: 'failed', attempts: 1, httpStatus: null, error: `${sink.type} delivery failed${code ? `: ${code}` : ''}` };
      }
      const record: DeliveryRecord = {
        scanId,
        team: team.name,
        sink: sink.type,
        sinkIndex,
        ...outcome,
        newCount: changes.new.length,
        resolvedCount: changes.resolved.length,
        cameBackCount: changes.cameBack.length,
        at: now().toISOString(),
      };
      records.push(record);
      deps.onDelivery?.(record);
      const log = record.status === 'failed' ? deps.logger?.warn : deps.logger?.info;
      log?.call(deps.logger, { scanId, team: team.name, sink: sink.type, sinkIndex, status: record.status, attempts: record.attempts, error: record.error }, 'notification');
    }
  }
  await deps.store.addDeliveries(records);
  return records;
}
