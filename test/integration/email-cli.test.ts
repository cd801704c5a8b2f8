// `orgscan report email` and `orgscan report html` as the built CLI runs them: a PGlite data
// directory with two scans, the mail settings in a config file, SMTP to a loopback sink.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackFindings } from '../../reports/html/payload.js';
import { formatScan } from '../../reports/index.js';
import { openStore } from '../../store/open.js';
import { ensureBuilt, runCli } from '../helpers/dist.js';
import { seedScan } from '../helpers/report-store.js';
import { previousSampleScan, sampleScan } from '../helpers/sample-findings.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const current = sampleScan({ findings: 200 });
const previous = previousSampleScan(current);

let dir: string;
let sink: SmtpSink;

const orgscan = runCli;

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'orgscan-report-cli-'));
  const store = await openStore({ dataDir: join(dir, 'data') });
  await seedScan(store, previous);
  await seedScan(store, current);
  await store.close();
  await writeFile(
    join(dir, 'orgscan.config.yaml'),
    'organization: true\nmail:\n  from: orgscan@example.com\n  to: [security@example.com]\n  reportBaseUrl: https://orgscan.example.com\n',
  );
  await writeFile(join(dir, 'no-mail.yaml'), 'organization: true\n');
  await writeFile(join(dir, 'current.json'), formatScan('json', current));
  await writeFile(join(dir, 'previous.json'), formatScan('json', previous));
  sink = await startSmtpSink();
});

afterAll(async () => {
  await sink?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('orgscan report email', () => {
  const args = () => ['report', 'email', '--config', join(dir, 'orgscan.config.yaml'), '--data-dir', join(dir, 'data')];

  it('sends the weekly email and exits 0', async () => {
    const r = await orgscan(args(), { ORGSCAN_SMTP_URL: sink.url() });
    expect(r.stderr).toContain('"msg":"weekly report sent"');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`weekly report for scan ${current.scan.id} sent to 1 recipient(s) through SMTP 127.0.0.1:${sink.port}\n`);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]!.rcpt).toEqual(['security@example.com']);
    expect(sink.received[0]!.parsed.attachments[0]!.filename).toBe(`orgscan-failing-${current.scan.id}.csv`);
  });

  it('exits 1 with a one-line error when sending fails, never printing the password', async () => {
    const r = await orgscan(args(), { ORGSCAN_SMTP_URL: sink.url('wrong-password-xyz') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/orgscan: sending the weekly report through SMTP 127\.0\.0\.1:\d+ failed: .*Invalid login/);
    expect(r.stderr + r.stdout).not.toContain('wrong-password-xyz');
  });

  it('prints the email with --dry-run', async () => {
    const r = await orgscan([...args(), '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Subject: \[orgscan\] Weekly compliance report 2026-11-23: /);
    expect(r.stdout).toContain('To: security@example.com');
  });

  it('exits 2 without mail settings', async () => {
    const r = await orgscan(['report', 'email', '--config', join(dir, 'no-mail.yaml'), '--data-dir', join(dir, 'data')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('orgscan: no mail settings: add a "mail" section');
  });
});

describe('orgscan report html', () => {
  it('writes the standalone report of a JSON export, diffed against an earlier one', async () => {
    const out = join(dir, 'report.html');
    const r = await orgscan(['report', 'html', '--scan', join(dir, 'current.json'), '--previous', join(dir, 'previous.json'), '--output', out]);
    expect(r.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(unpackFindings(/id="orgscan-data">([^<]*)</.exec(html)![1]!)).toEqual(current.findings);
    expect(html).toContain('new since previous scan');
  });

  it('rejects a file that is not a JSON export', async () => {
    const r = await orgscan(['report', 'html', '--scan', join(dir, 'orgscan.config.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not JSON');
  });
});
