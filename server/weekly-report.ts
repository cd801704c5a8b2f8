// Sends the weekly email: the latest succeeded scan, diffed against the scan of about a week
// before, through SES v2 or SMTP (nodemailer). It only reads the store, so a failed send never
// touches a scan; the error is logged and returned to the caller (the CLI exits non-zero).
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Finding } from '../domain/index.js';
import type { OrgScanConfig } from '../scanner/config.js';
import type { SuppressionRule } from '../scanner/suppressions.js';
import { storedSuppressionRules } from './suppression-source.js';
import type { Store } from '../store/types.js';
import { expiringSuppressions, expiringUnavailable } from '../reports/expiring.js';
import { baselineBefore, diffAgainst } from '../reports/load.js';
import type { ExpiringSuppressions } from '../reports/types.js';
import { buildWeeklyEmail, type WeeklyEmail } from '../reports/weekly-email.js';

export type MailConfig = NonNullable<OrgScanConfig['mail']>;

/** What a pino logger offers; anything with these two methods works. */
export interface MailLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WeeklyReportDeps {
  store: Store;
  /** The configured full scope: the email reports its latest scan, never a narrowed one's. */
  scopeKey?: string | undefined;
  mail: MailConfig;
  transport: MailTransport;
  logger?: MailLogger | undefined;
  /** Days back to the baseline scan; default 7. */
  days?: number | undefined;
  /**
   * The suppression rules in force (file and API); the email lists those expiring within 14 days.
   * Default: the rules managed through the API (stored), without a suppression file.
   */
  suppressionRules?: (() => Promise<SuppressionRule[]>) | undefined;
  now?: (() => Date) | undefined;
}

export interface WeeklyBuildOptions {
  /** The configured full scope (see WeeklyReportDeps); without it, the store's own notion of latest. */
  scopeKey?: string | undefined;
  days?: number | undefined;
  suppressionRules?: (() => Promise<SuppressionRule[]>) | undefined;
  now?: (() => Date) | undefined;
  logger?: MailLogger | undefined;
}

export interface MailTransport {
  /** "SES v2 (eu-west-1)" or "SMTP mail.example.com:587": never credentials. */
  description: string;
  transporter: Transporter;
}

export class NoScanError extends Error {
  constructor() {
    super('no finished scan of the configured scope in the store yet: nothing to report (wait for the scheduled scan, or start one with POST /scans)');
    this.name = 'NoScanError';
  }
}

export class MailSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailSendError';
  }
}

/** Host and port of an SMTP URL, without user or password. */
export function describeSmtpUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error('bad protocol');
    return `SMTP ${u.protocol === 'smtps:' ? 'TLS ' : ''}${u.hostname}:${u.port || (u.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    throw new MailSendError('ORGSCAN_SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587');
  }
}

export interface TransportOptions {
  env?: NodeJS.ProcessEnv;
  /** An SES v2 client (tests pass one with a loopback endpoint and fake credentials). */
  sesClient?: SESv2Client;
}

/** SMTP when ORGSCAN_SMTP_URL is set, otherwise SES v2 (region and endpoint from the AWS_* environment). */
export function createMailTransport(options: TransportOptions = {}): MailTransport {
  const env = options.env ?? process.env;
  const smtpUrl = env.ORGSCAN_SMTP_URL;
  if (smtpUrl) {
    const description = describeSmtpUrl(smtpUrl);
    return { description, transporter: nodemailer.createTransport(smtpUrl) };
  }
  const sesClient = options.sesClient ?? new SESv2Client({ maxAttempts: 3 });
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'default region';
  return {
    description: `SES v2 (${region})`,
    transporter: nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } }),
  };
}

export interface WeeklyReportResult {
  scanId: string;
  baselineScanId: string | null;
  messageId: string;
  recipients: string[];
  email: WeeklyEmail;
}

export { storedSuppressionRules } from './suppression-source.js';

/** Rules that cannot be read leave the list out of the email (and say so) rather than stop the email. */
async function expiringFor(store: Store, findings: Finding[], options: WeeklyBuildOptions): Promise<ExpiringSuppressions> {
  try {
    const rules = await (options.suppressionRules ?? (() => storedSuppressionRules(store, options.logger && { warn: (obj, msg) => options.logger!.error(obj, msg) })))();
    return expiringSuppressions(rules, (options.now ?? (() => new Date()))(), findings);
  } catch (err) {
    options.logger?.error({ err: err instanceof Error ? err.message : String(err) }, 'suppression rules could not be read; the weekly email omits the expiring rules');
    return expiringUnavailable();
  }
}

/** Builds the email from the store; throws NoScanError when the scope has no finished (succeeded or partial) scan. */
export async function buildWeeklyReport(store: Store, mail: MailConfig, opts: WeeklyBuildOptions = {}) {
  const scan = await store.latestFinishedScan(opts.scopeKey);
  if (!scan) throw new NoScanError();
  const findings: Finding[] = [];
  for await (const f of store.iterateFindings(scan.id)) findings.push(f);
  const baseline = await baselineBefore(store, scan, opts.days ?? 7);
  const diff = await diffAgainst(store, scan, findings, baseline);
  const expiring = await expiringFor(store, findings, opts);
  const email = buildWeeklyEmail({
    scan,
    findings,
    baseline,
    diff,
    subjectPrefix: mail.subjectPrefix,
    reportBaseUrl: mail.reportBaseUrl,
    expiringSuppressions: expiring,
  });
  return { scan, baseline, email };
}

export async function sendWeeklyReport(deps: WeeklyReportDeps): Promise<WeeklyReportResult> {
  const { store, mail, transport, logger } = deps;
  const { scan, baseline, email } = await buildWeeklyReport(store, mail, {
    scopeKey: deps.scopeKey,
    days: deps.days,
    suppressionRules: deps.suppressionRules,
    now: deps.now,
    logger,
  });
  try {
    const info = (await transport.transporter.sendMail({
      from: mail.from,
      to: mail.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments,
      ...(mail.configurationSet ? { ses: { ConfigurationSetName: mail.configurationSet } } : {}),
    })) as { messageId?: string };
    const result = { scanId: scan.id, baselineScanId: baseline?.id ?? null, messageId: info.messageId ?? '', recipients: mail.to, email };
    logger?.info({ scanId: scan.id, baselineScanId: result.baselineScanId, transport: transport.description, recipients: mail.to.length, ...email.facts }, 'weekly report sent');
    return result;
  } catch (err) {
    // The SDK's and nodemailer's messages name the failure (MessageRejected, EAUTH …) without credentials.
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    logger?.error({ scanId: scan.id, transport: transport.description, err: reason }, 'sending the weekly report failed');
    throw new MailSendError(`sending the weekly report through ${transport.description} failed: ${reason}`);
  }
}
