import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFindings } from '../../reports/diff.js';
import { escapeHtml } from '../../reports/escape.js';
import { summarizeFindings } from '../../reports/summary.js';
import { buildWeeklyEmail, largestWaste } from '../../reports/weekly-email.js';
import { createMailTransport, describeSmtpUrl, MailSendError, NoScanError, sendWeeklyReport, type MailLogger } from '../../server/weekly-report.js';
import type { Store } from '../../store/types.js';
import { memoryStore, seedScan } from '../helpers/report-store.js';
import { EVIL_NAME, previousSampleScan, sampleScan } from '../helpers/sample-findings.js';

const current = sampleScan({ findings: 400 });
const previous = previousSampleScan(current);
const diff = diffFindings(current.findings, previous.findings);
const mail = { from: 'orgscan@example.com', to: ['security@example.com', 'finops@example.com'], subjectPrefix: '[orgscan]', reportBaseUrl: 'https://orgscan.example.com/' };

describe('buildWeeklyEmail', () => {
  const email = buildWeeklyEmail({ ...current, baseline: previous.scan, diff, subjectPrefix: '[orgscan]', reportBaseUrl: mail.reportBaseUrl });
  const failing = current.findings.filter((f) => f.status === 'FAIL');
  const s = summarizeFindings(current.findings);

  it('states the week in the subject', () => {
    expect(email.subject).toBe(
      `[orgscan] Weekly compliance report 2026-11-23: ${diff.newFailures.length} new, ${diff.resolved.length} fixed, ${failing.length} failing, ` +
        `${new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: s.wasteUsd >= 1000 ? 0 : 2 }).format(s.wasteUsd)}/month at stake`,
    );
    expect(email.facts).toMatchObject({ failing: failing.length, newFailures: diff.newFailures.length, resolved: diff.resolved.length, stillFailing: diff.stillFailing.length });
  });

  it('builds HTML for mail clients: inline styles, no scripts, no images, no external resources', () => {
    expect(email.html).not.toMatch(/<script|<img|<link|<style|url\(/i);
    expect(email.html).toContain(`<span style="display:block;font-size:22px;font-weight:bold;color:#111827;">${failing.length}</span>`);
    expect(email.html).toContain('New failures this week');
    expect(email.html).toContain('Fixed this week');
    expect(email.html).toContain('Top accounts');
    expect(email.html).toContain('Top checks');
    expect(email.html).toContain('href="https://orgscan.example.com/scans/scan-2026-11-23/report"');
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(hrefs)).toEqual(new Set(['https://orgscan.example.com/scans/scan-2026-11-23/report']));
  });

  it('escapes AWS-supplied names', () => {
    const evil = current.findings.find((f) => f.resourceId === EVIL_NAME)!;
    const withEvil = buildWeeklyEmail({ ...current, baseline: previous.scan, diff: { ...diff, newFailures: [evil] }, subjectPrefix: '[orgscan]' });
    expect(withEvil.html).not.toContain(EVIL_NAME);
    expect(withEvil.html).toContain(escapeHtml(EVIL_NAME));
    expect(withEvil.text).toContain(EVIL_NAME); // plain text is not HTML: shown as is
  });

  it('says the same in plain text', () => {
    expect(email.text).toContain(`Failing now: ${failing.length}`);
    expect(email.text).toContain(`New this week: ${diff.newFailures.length}`);
    expect(email.text).toContain(`Fixed this week: ${diff.resolved.length}`);
    expect(email.text).toContain('Full report: https://orgscan.example.com/scans/scan-2026-11-23/report');
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it('attaches the failing findings as CSV', () => {
    expect(email.attachments).toHaveLength(1);
    const [csv] = email.attachments;
    expect(csv!.filename).toBe('orgscan-failing-scan-2026-11-23.csv');
    expect(csv!.content.split('\r\n').filter(Boolean)).toHaveLength(failing.length + 1);
  });

  it('lists the ten largest waste items still failing, largest first, new ones marked', () => {
    const priced = failing.filter((f) => (f.estimatedMonthlyCostUsd ?? 0) > 0);
    expect(priced.length).toBeGreaterThan(10);
    const items = largestWaste(failing, diff);
    expect(items).toHaveLength(10);
    const costs = items.map((i) => i.finding.estimatedMonthlyCostUsd ?? 0);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(costs[0]).toBe(Math.max(...priced.map((f) => f.estimatedMonthlyCostUsd ?? 0)));
    expect(costs[9]).toBeGreaterThanOrEqual([...priced.map((f) => f.estimatedMonthlyCostUsd ?? 0)].sort((a, b) => b - a)[9]!);
    const newKeys = new Set(diff.newFailures.map((f) => `${f.checkId}/${f.accountId}/${f.region}/${f.resourceId}`));
    for (const i of items) expect(i.isNew).toBe(newKeys.has(`${i.finding.checkId}/${i.finding.accountId}/${i.finding.region}/${i.finding.resourceId}`));
    expect(email.html).toContain('Largest monthly waste (top 10)');
    expect(email.text).toContain('Largest monthly waste (top 10)');
    // A scan without a baseline calls nothing new.
    expect(largestWaste(failing, null).every((i) => !i.isNew)).toBe(true);
    expect(largestWaste(failing.filter((f) => !f.estimatedMonthlyCostUsd), diff)).toEqual([]);
  });

  it('handles the first scan of a scope (no baseline) and no report URL', () => {
    const first = buildWeeklyEmail({ ...current, baseline: null, diff: null, subjectPrefix: '' });
    expect(first.subject.startsWith('Weekly compliance report 2026-11-23: ')).toBe(true);
    expect(first.html).toContain('This is the first scan of this scope');
    expect(first.html).not.toContain('href=');
    expect(first.html).not.toContain('New failures this week');
  });
});

describe('mail transports', () => {
  it('describes an SMTP URL without its credentials', () => {
    expect(describeSmtpUrl('smtp://user:s3cret@mail.example.com:2525')).toBe('SMTP mail.example.com:2525');
    expect(describeSmtpUrl('smtps://user:s3cret@mail.example.com')).toBe('SMTP TLS mail.example.com:465');
    expect(() => describeSmtpUrl('http://user:s3cret@x')).toThrow(/must be an smtp:\/\/ or smtps:\/\/ URL/);
    try {
      describeSmtpUrl('nonsense s3cret');
    } catch (err) {
      expect((err as Error).message).not.toContain('s3cret');
    }
  });
  it('picks SMTP when ORGSCAN_SMTP_URL is set, SES otherwise', () => {
    expect(createMailTransport({ env: { ORGSCAN_SMTP_URL: 'smtp://a:b@127.0.0.1:2525' } }).description).toBe('SMTP 127.0.0.1:2525');
    expect(createMailTransport({ env: { AWS_REGION: 'eu-west-1' } }).description).toBe('SES v2 (eu-west-1)');
  });
});

describe('sendWeeklyReport', () => {
  let store: Store;
  const logs: { level: string; obj: object; msg: string }[] = [];
  const logger: MailLogger = { info: (obj, msg) => logs.push({ level: 'info', obj, msg }), error: (obj, msg) => logs.push({ level: 'error', obj, msg }) };

  beforeAll(async () => {
    store = await memoryStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('fails clearly when there is no scan yet', async () => {
    const transport = { description: 'test', transporter: nodemailer.createTransport({ jsonTransport: true }) };
    await expect(sendWeeklyReport({ store, mail, transport })).rejects.toBeInstanceOf(NoScanError);
  });

  it('sends the latest scan diffed against the scan a week before', async () => {
    await seedScan(store, previous);
    await seedScan(store, current);
    const transporter = nodemailer.createTransport({ jsonTransport: true });
    const sent: string[] = [];
    const send = transporter.sendMail.bind(transporter);
    transporter.sendMail = (async (m: Parameters<typeof send>[0]) => {
      const info = await send(m);
      sent.push((info as unknown as { message: string }).message);
      return info;
    }) as typeof transporter.sendMail;
    const result = await sendWeeklyReport({ store, mail: { ...mail, configurationSet: 'orgscan-mail' }, transport: { description: 'json', transporter }, logger });
    expect(result.scanId).toBe(current.scan.id);
    expect(result.baselineScanId).toBe(previous.scan.id);
    expect(result.email.facts.newFailures).toBe(diff.newFailures.length);
    expect(result.email.facts.resolved).toBe(diff.resolved.length);
    expect(result.email.subject).toContain('[orgscan] Weekly compliance report');
    expect(sent).toHaveLength(1);
    const message = JSON.parse(sent[0]!);
    expect(message.from).toEqual({ address: 'orgscan@example.com', name: '' });
    expect(message.to.map((t: { address: string }) => t.address)).toEqual(mail.to);
    expect(message.subject).toBe(result.email.subject);
    expect(message.ses).toEqual({ ConfigurationSetName: 'orgscan-mail' });
    expect(message.attachments[0].filename).toBe('orgscan-failing-scan-2026-11-23.csv');
    expect(logs.at(-1)).toMatchObject({ level: 'info', msg: 'weekly report sent', obj: { scanId: current.scan.id, recipients: 2 } });
  });

  it('logs and reports a send failure without touching the scans', async () => {
    const transporter = nodemailer.createTransport({ jsonTransport: true });
    transporter.sendMail = (() => Promise.reject(Object.assign(new Error('Invalid login: 535 Authentication failed'), { name: 'Error', code: 'EAUTH' }))) as typeof transporter.sendMail;
    const err = await sendWeeklyReport({ store, mail, transport: { description: 'SMTP mail.example.com:587', transporter }, logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailSendError);
    expect((err as Error).message).toBe('sending the weekly report through SMTP mail.example.com:587 failed: Error: Invalid login: 535 Authentication failed');
    expect(logs.at(-1)).toMatchObject({ level: 'error', msg: 'sending the weekly report failed' });
    expect((await store.latestFinishedScan())?.id).toBe(current.scan.id);
    expect(await store.countFindings(current.scan.id)).toBe(current.findings.length);
  });
});

describe('baselineBefore', () => {
  it('picks the newest scan of the scope at least a week older, else the oldest one', async () => {
    const { baselineBefore } = await import('../../reports/load.js');
    const s = await memoryStore();
    try {
      const day = (n: number) => new Date(Date.parse('2026-11-23T06:00:00.000Z') - n * 86_400_000).toISOString();
      for (const [id, ago, scope] of [['d14', 14, 'org:all'], ['d8', 8, 'org:all'], ['d6', 6, 'org:all'], ['other', 7.5, 'accounts:1'], ['d0', 0, 'org:all']] as const) {
        const sample = sampleScan({ findings: 5, scanId: id, startedAt: day(ago) });
        await seedScan(s, sample, scope);
      }
      const latest = (await s.getScan('d0'))!;
      expect((await baselineBefore(s, latest, 7))?.id).toBe('d8');
      expect((await baselineBefore(s, latest, 30))?.id).toBe('d14');
      expect(await baselineBefore(s, (await s.getScan('d14'))!, 7)).toBeNull();
    } finally {
      await s.close();
    }
  });
});
