// The email sink through the service's mailer (SMTP) to a loopback SMTP server; a refused login is a
// failed delivery whose reason holds no password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanRecord } from '../../domain/index.js';
import { ownershipSchema } from '../../notify/config.js';
import { notifyAfterScan, type NotificationStore } from '../../notify/notifier.js';
import { teamMailer } from '../../server/team-mail.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { startSmtpSink, SINK_PASSWORD, type SmtpSink } from '../helpers/smtp-sink.js';

const scan = { id: 'scan-mail', status: 'succeeded', accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'], errors: [] } as unknown as ScanRecord;

function store(findings: Finding[]): NotificationStore {
  return {
    getScan: async () => scan,
    async *iterateFindings() {
      yield* findings;
    },
    openAnnouncements: async () => [],
    resolvedAnnouncements: async () => [],
    applyAnnouncementChanges: async () => undefined,
    addDeliveries: async () => undefined,
  };
}

describe('email sink', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    await sink?.close();
  });

  const ownership = ownershipSchema.parse({
    reportBaseUrl: 'https://orgscan.example.com',
    teams: [{ name: 'payments', sinks: [{ type: 'email', to: ['payments-oncall@example.com'] }] }],
  });
  const mail = { from: 'orgscan@example.com', to: ['security@example.com'], subjectPrefix: '[orgscan]' };
  const findings = [makeFinding({ owner: 'payments', accountName: 'payments-prod' })];

  it("sends the team's message to the team's address through the mailer", async () => {
    const records = await notifyAfterScan({ store: store(findings), ownership, env: {}, sendMail: teamMailer(mail, { ORGSCAN_SMTP_URL: sink.url() }) }, scan.id);
    expect(records.map((r) => [r.sink, r.status])).toEqual([['email', 'delivered']]);
    const received = sink.received.at(-1)!;
    expect(received.rcpt).toEqual(['payments-oncall@example.com']);
    expect(received.parsed.subject).toBe('[orgscan] orgscan · payments: 1 new, 0 resolved');
    expect(received.parsed.text).toContain('payments-prod (111111111111) eu-west-1 vol-0123456789abcdef0');
    expect(received.parsed.text).toContain('https://orgscan.example.com/report?owner=payments');
  });

  it('records a refused login as a failed delivery without the credentials', async () => {
    const records = await notifyAfterScan(
      { store: store(findings), ownership, env: {}, sendMail: teamMailer(mail, { ORGSCAN_SMTP_URL: sink.url('wrong-password-xyz') }) },
      scan.id,
    );
    expect(records).toMatchObject([{ sink: 'email', status: 'failed', error: 'email delivery failed: EAUTH' }]);
    expect(JSON.stringify(records)).not.toContain('wrong-password-xyz');
    expect(JSON.stringify(records)).not.toContain(SINK_PASSWORD);
  });
});
