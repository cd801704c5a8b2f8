// The weekly email through SMTP (ORGSCAN_SMTP_URL) to a local sink: smtp-server on loopback with
// authentication, the received MIME parsed with mailparser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFindings } from '../../reports/diff.js';
import { createMailTransport, MailSendError, sendWeeklyReport, type MailLogger } from '../../server/weekly-report.js';
import type { Store } from '../../store/types.js';
import { memoryStore, seedScan } from '../helpers/report-store.js';
import { previousSampleScan, sampleScan } from '../helpers/sample-findings.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const current = sampleScan({ findings: 300 });
const previous = previousSampleScan(current);
const diff = diffFindings(current.findings, previous.findings);
const mail = { from: 'orgscan@example.com', to: ['security@example.com', 'ciso@example.com'], subjectPrefix: '[orgscan]', reportBaseUrl: 'https://orgscan.example.com/base/' };

let sink: SmtpSink;
let store: Store;

beforeAll(async () => {
  sink = await startSmtpSink();
  store = await memoryStore();
  await seedScan(store, previous);
  await seedScan(store, current);
});

afterAll(async () => {
  await sink?.close();
  await store?.close();
});

describe('weekly email through SMTP', () => {
  it('delivers subject, recipients, counts and the CSV attachment', async () => {
    const transport = createMailTransport({ env: { ORGSCAN_SMTP_URL: sink.url() } });
    expect(transport.description).toBe(`SMTP 127.0.0.1:${sink.port}`);
    const result = await sendWeeklyReport({ store, mail, transport });
    expect(sink.received).toHaveLength(1);
    const { from, rcpt, parsed } = sink.received[0]!;
    expect(from).toBe(mail.from);
    expect(rcpt).toEqual(mail.to);
    expect(parsed.subject).toBe(result.email.subject);
    expect(parsed.subject).toMatch(/^\[orgscan\] Weekly compliance report 2026-11-23: /);

    const failing = current.findings.filter((f) => f.status === 'FAIL').length;
    expect(parsed.text).toContain(`Failing now: ${failing}`);
    expect(parsed.text).toContain(`New this week: ${diff.newFailures.length}`);
    expect(parsed.text).toContain(`Fixed this week: ${diff.resolved.length}`);
    expect(parsed.text).toContain('Full report: https://orgscan.example.com/base/scans/scan-2026-11-23/report');
    expect(parsed.html).toContain(`>${failing}</span><span style="display:block;font-size:12px;color:#4b5563;">failing now</span>`);
    expect(parsed.html).not.toMatch(/<script|<img/i);

    expect(parsed.attachments).toHaveLength(1);
    const csv = parsed.attachments[0]!;
    expect(csv.filename).toBe('orgscan-failing-scan-2026-11-23.csv');
    expect(csv.content.toString('utf8').split('\r\n').filter(Boolean)).toHaveLength(failing + 1);
  });

  it('reports a rejected login without the password, and loses nothing', async () => {
    const logs: string[] = [];
    const logger: MailLogger = { info: () => undefined, error: (obj, msg) => logs.push(`${msg} ${JSON.stringify(obj)}`) };
    const transport = createMailTransport({ env: { ORGSCAN_SMTP_URL: sink.url('wrong-password-xyz') } });
    const err = await sendWeeklyReport({ store, mail, transport, logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailSendError);
    expect((err as Error).message).toMatch(new RegExp(`^sending the weekly report through SMTP 127\\.0\\.0\\.1:${sink.port} failed: .*Invalid login`));
    expect((err as Error).message).not.toContain('wrong-password-xyz');
    expect(logs.join('\n')).not.toContain('wrong-password-xyz');
    expect(logs).toHaveLength(1);
    expect(await store.countFindings(current.scan.id)).toBe(current.findings.length);
  });
});
