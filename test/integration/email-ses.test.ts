// The weekly email through SES v2 on moto: nodemailer's SES transport, a real (emulated) SendEmail,
// the message read back from moto's /moto-api/data.json and parsed as MIME.
import { CreateConfigurationSetCommand, CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport, MailSendError, sendWeeklyReport } from '../../server/weekly-report.js';
import type { Store } from '../../store/types.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { memoryStore, seedScan } from '../helpers/report-store.js';
import { previousSampleScan, sampleScan } from '../helpers/sample-findings.js';
import { diffFindings } from '../../reports/diff.js';

const current = sampleScan({ findings: 300 });
const previous = previousSampleScan(current);
const diff = diffFindings(current.findings, previous.findings);
const mail = {
  from: 'orgscan@example.com',
  to: ['security@example.com', 'finops@example.com'],
  subjectPrefix: '[orgscan]',
  configurationSet: 'orgscan-weekly',
  reportBaseUrl: 'https://orgscan.example.com',
};

let moto: MotoServer;
let store: Store;
let ses: SESv2Client;

/** Every raw message moto's SES backend holds, parsed. */
async function sentMessages(): Promise<{ source: string; destinations: unknown; parsed: ParsedMail }[]> {
  const res = await fetch(`${moto.endpoint}/moto-api/data.json`);
  const data = (await res.json()) as { ses?: Record<string, Record<string, unknown>> };
  const out = [];
  for (const table of Object.values(data.ses ?? {})) {
    for (const m of Object.values(table)) {
      const msg = m as { raw_data?: string; source?: string; destinations?: unknown };
      if (typeof msg.raw_data === 'string') out.push({ source: msg.source ?? '', destinations: msg.destinations, parsed: await simpleParser(msg.raw_data) });
    }
  }
  return out;
}

beforeAll(async () => {
  moto = await startMoto();
  store = await memoryStore();
  await seedScan(store, previous);
  await seedScan(store, current);
  ses = new SESv2Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
});

afterAll(async () => {
  ses?.destroy();
  await store?.close();
  await moto?.stop();
});

describe('weekly email through SES v2 (moto)', () => {
  it('fails with a clear error, and keeps the scans, when the sender is not verified', async () => {
    const transport = createMailTransport({ env: { AWS_REGION: 'us-east-1' }, sesClient: ses });
    const err = await sendWeeklyReport({ store, mail, transport }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailSendError);
    expect((err as Error).message).toMatch(/^sending the weekly report through SES v2 \(us-east-1\) failed: MessageRejected/);
    expect((err as Error).message).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    expect((await store.latestFinishedScan())?.id).toBe(current.scan.id);
    expect(await sentMessages()).toEqual([]);
  });

  it('sends the HTML + text email with the CSV attached', async () => {
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: mail.from }));
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSetName: mail.configurationSet }));
    const transport = createMailTransport({ env: { AWS_REGION: 'us-east-1' }, sesClient: ses });
    const result = await sendWeeklyReport({ store, mail, transport });
    expect(result.messageId).not.toBe('');

    const messages = await sentMessages();
    expect(messages).toHaveLength(1);
    const { parsed, source } = messages[0]!;
    expect(source).toBe(mail.from);
    expect(parsed.subject).toBe(result.email.subject);
    expect(parsed.subject).toContain(`${diff.newFailures.length} new, ${diff.resolved.length} fixed`);
    const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
    expect(to.map((a) => a.address)).toEqual(mail.to);
    expect(parsed.from?.value[0]?.address).toBe(mail.from);

    const failing = current.findings.filter((f) => f.status === 'FAIL').length;
    expect(parsed.text).toContain(`Failing now: ${failing}`);
    expect(parsed.text).toContain(`New this week: ${diff.newFailures.length}`);
    expect(parsed.text).toContain(`Fixed this week: ${diff.resolved.length}`);
    expect(parsed.html).toContain('Open the full report');
    expect(parsed.html).toContain('href="https://orgscan.example.com/scans/scan-2026-11-23/report"');
    expect(parsed.html).not.toMatch(/<script|<img/i);

    expect(parsed.attachments).toHaveLength(1);
    const csv = parsed.attachments[0]!;
    expect(csv.filename).toBe('orgscan-failing-scan-2026-11-23.csv');
    expect(csv.contentType).toBe('text/csv');
    const lines = csv.content.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('checkId,status,severity')).toBe(true);
    expect(lines).toHaveLength(failing + 1);
  });
});
