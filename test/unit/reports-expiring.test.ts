// Suppression rules expiring within 14 days: which rules are listed, the report's section
// (server-rendered, escaped), formatScan, the weekly email, and `orgscan report html --suppressions`.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerReport } from '../../cli/commands/report.js';
import { expiringSuppressions, expiringUnavailable } from '../../reports/expiring.js';
import { renderReportHtml } from '../../reports/html/page.js';
import { formatScan } from '../../reports/index.js';
import { buildWeeklyReport } from '../../server/weekly-report.js';
import { buildWeeklyEmail } from '../../reports/weekly-email.js';
import { SuppressionFileError, type SuppressionRule } from '../../scanner/suppressions.js';
import { memoryStore, seedScan } from '../helpers/report-store.js';
import { makeFinding, sampleScan } from '../helpers/sample-findings.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const EVIL = '<script>window.__pwned=1</script>';

/** YYYY-MM-DD `days` after `from` (UTC). */
function dayOffset(days: number, from = NOW): string {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + days)).toISOString().slice(0, 10);
}

const rule = (id: string, days: number, extra: Partial<SuppressionRule> = {}): SuppressionRule => ({
  id,
  checkId: 'ebs-volume-unattached',
  reason: `reason of ${id}`,
  expires: dayOffset(days),
  ...extra,
});

const RULES: SuppressionRule[] = [
  rule('in-15-days', 15),
  rule('expired-yesterday', -1),
  // Stops matching at the end of day +14, more than 14×24 h from NOW: outside the window.
  rule('in-14-days', 14),
  rule('in-13-days', 13),
  rule('today', 0, { owner: 'platform-team' }),
  rule('in-5-days', 5, {
    checkId: undefined,
    accountId: '111111111111',
    region: 'eu-west-1',
    resourceId: 'vol-*',
    tags: { Environment: 'dev', Team: '"><img src=x onerror=alert(2)>' },
    reason: `${EVIL} kept for the migration`,
    owner: 'ops <ops@example.com>',
  }),
];

const findings = [
  makeFinding({ resourceId: 'vol-1', status: 'MUTED', mutedBy: { ruleId: 'in-5-days', reason: 'x', expires: dayOffset(5) } }),
  makeFinding({ resourceId: 'vol-2', status: 'MUTED', mutedBy: { ruleId: 'in-5-days', reason: 'x', expires: dayOffset(5) } }),
  makeFinding({ resourceId: 'vol-3', status: 'MUTED', mutedBy: { ruleId: 'in-15-days', reason: 'x', expires: dayOffset(15) } }),
  makeFinding({ resourceId: 'vol-4', status: 'FAIL' }),
];

/** The HTML a reader without JavaScript sees. */
const staticPart = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, '');

/** The expiring-rules part of the summary, from its heading to the end of its table or note. */
function section(html: string): string {
  const start = html.indexOf('<h3 id="h-expiring">');
  if (start < 0) return '';
  const end = html.indexOf('</table>', start);
  const note = html.indexOf('</p>', start);
  const stop = [end, note].filter((i) => i > 0).sort((a, b) => a - b)[0]!;
  return html.slice(start, stop);
}

describe('expiringSuppressions', () => {
  const x = expiringSuppressions(RULES, NOW, findings);

  it('lists the active rules ending within 14 days, soonest first, and leaves out expired and later rules', () => {
    expect(x.withinDays).toBe(14);
    expect(x.rules.map((r) => r.id)).toEqual(['today', 'in-5-days', 'in-13-days']);
    expect(x.unavailable).toBeUndefined();
  });

  it('counts calendar days left and the findings each rule muted in the scan', () => {
    expect(x.rules.map((r) => [r.id, r.daysLeft, r.muted])).toEqual([
      ['today', 0, 0],
      ['in-5-days', 5, 2],
      ['in-13-days', 13, 0],
    ]);
  });

  it('is empty when no rule expires soon', () => {
    expect(expiringSuppressions([rule('later', 60), rule('gone', -3)], NOW, findings).rules).toEqual([]);
  });
});

describe('the report section "Suppressions expiring within 14 days"', () => {
  const { scan, findings: sample } = sampleScan({ findings: 40, accounts: 2 });

  it('renders id, what the rule matches, reason, owner, expiry, days left and muted count without JavaScript', () => {
    const html = staticPart(renderReportHtml({ scan, findings: sample, expiringSuppressions: expiringSuppressions(RULES, NOW, findings) }));
    const s = section(html);
    expect(s).toContain('Suppressions expiring within 14 days');
    const rows = s.split('<tr>').slice(2); // after the header row
    expect(rows.map((r) => /<code>([^<]+)<\/code><\/th>/.exec(r)?.[1])).toEqual(['today', 'in-5-days', 'in-13-days']);
    expect(rows[0]).toContain('platform-team');
    expect(rows[0]).toContain('>today<');
    expect(rows[1]).toContain('account <code>111111111111</code>');
    expect(rows[1]).toContain('region <code>eu-west-1</code>');
    expect(rows[1]).toContain('resource <code>vol-*</code>');
    expect(rows[1]).toContain('tag <code>Environment=dev</code>');
    expect(rows[1]).toContain(`<td>${dayOffset(5)}</td><td class="num">5 days</td><td class="num">2</td>`);
    expect(rows[2]).toContain('check <code>ebs-volume-unattached</code>');
    expect(rows[2]).toContain('13 days');
    expect(s).not.toContain('expired-yesterday');
    expect(s).not.toContain('in-14-days');
    expect(s).not.toContain('in-15-days');
  });

  it('escapes every value: a reason containing <script> renders as text', () => {
    const html = renderReportHtml({ scan, findings: sample, expiringSuppressions: expiringSuppressions(RULES, NOW, findings) });
    const s = section(html);
    expect(s).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt; kept for the migration');
    expect(s).toContain('Team=&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(s).toContain('ops &lt;ops@example.com&gt;');
    expect(s).not.toMatch(/<script|<img/);
  });

  it('says "none" in one line when no rule expires soon, and renders nothing when no rules were offered', () => {
    const none = section(renderReportHtml({ scan, findings: sample, expiringSuppressions: expiringSuppressions([rule('later', 60)], NOW) }));
    expect(none).toContain('None: no suppression rule expires within 14 days.');
    expect(none).not.toContain('<table');
    expect(renderReportHtml({ scan, findings: sample })).not.toContain('h-expiring');
  });

  it('says in one line when the rules could not be read', () => {
    const s = section(renderReportHtml({ scan, findings: sample, expiringSuppressions: expiringUnavailable() }));
    expect(s).toMatch(/Not available: the suppression rules could not be read/);
    expect(s).not.toContain('<table');
  });

  it('is passed through formatScan for html', () => {
    const html = formatScan('html', { scan, findings: sample, expiringSuppressions: expiringSuppressions(RULES, NOW, findings) });
    expect(section(html)).toContain('in-5-days');
  });
});

describe('the weekly email lists expiring rules', () => {
  const { scan, findings: sample } = sampleScan({ findings: 40, accounts: 2 });
  const build = (expiring?: ReturnType<typeof expiringSuppressions>) =>
    buildWeeklyEmail({ scan, findings: sample, baseline: null, diff: null, subjectPrefix: '', expiringSuppressions: expiring });

  it('in the plain-text and HTML parts: id, reason, owner, expiry', () => {
    const email = build(expiringSuppressions(RULES, NOW, findings));
    expect(email.text).toContain('Suppressions expiring within 14 days (3)');
    expect(email.text).toContain(`  - today: reason of today (owner platform-team), expires ${dayOffset(0)}`);
    expect(email.text).toContain(`  - in-5-days: ${EVIL} kept for the migration (owner ops <ops@example.com>), expires ${dayOffset(5)}`);
    expect(email.text).toContain(`  - in-13-days: reason of in-13-days, expires ${dayOffset(13)}`);
    expect(email.text).not.toContain('in-14-days');
    expect(email.html).toContain('Suppressions expiring within 14 days (3)');
    expect(email.html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt; kept for the migration');
    expect(email.html).toContain('ops &lt;ops@example.com&gt;');
    expect(email.html).not.toContain('<script');
  });

  it('leaves the list out when no rule expires soon', () => {
    const email = build(expiringSuppressions([rule('later', 60)], NOW));
    expect(email.text).not.toContain('Suppressions expiring');
    expect(email.html).not.toContain('Suppressions expiring');
    expect(build().text).not.toContain('Suppressions expiring');
  });

  it('says so when the rules could not be read', () => {
    const email = build(expiringUnavailable());
    expect(email.text).toMatch(/Suppressions expiring within 14 days\n {2}Not available: the suppression rules could not be read/);
  });
});

describe('buildWeeklyReport reads the rules in force', () => {
  const mail = { from: 'orgscan@example.com', to: ['security@example.com'], subjectPrefix: '' };
  const logged: string[] = [];
  const logger = { info: () => undefined, error: (_o: object, msg: string) => void logged.push(msg) };

  it('defaults to the rules managed through the API, and takes a loader for file + API rules', async () => {
    const store = await memoryStore();
    try {
      await seedScan(store, sampleScan({ findings: 20, accounts: 2 }));
      await store.addSuppression({ id: 'api-rule', checkId: 'ebs-volume-unattached', reason: 'stored rule', expires: dayOffset(2) }, 'api-rule', NOW);
      const stored = await buildWeeklyReport(store, mail, { now: () => NOW });
      expect(stored.email.text).toContain(`  - api-rule: stored rule, expires ${dayOffset(2)}`);
      const loaded = await buildWeeklyReport(store, mail, { now: () => NOW, suppressionRules: async () => [rule('from-file', 1)] });
      expect(loaded.email.text).toContain('  - from-file: reason of from-file');
      expect(loaded.email.text).not.toContain('api-rule');
      const broken = await buildWeeklyReport(store, mail, {
        now: () => NOW,
        logger,
        suppressionRules: async () => {
          throw new Error('rules.yaml:3:1: bad');
        },
      });
      expect(broken.email.text).toContain('Not available: the suppression rules could not be read');
      expect(logged).toEqual(['suppression rules could not be read; the weekly email omits the expiring rules']);
    } finally {
      await store.close();
    }
  });
});

describe('orgscan report html --suppressions', () => {
  let dir: string;
  const today = new Date();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orgscan-expiring-'));
    const { scan, findings: sample } = sampleScan({ findings: 30, accounts: 2 });
    await writeFile(join(dir, 'scan.json'), JSON.stringify({ scan, findings: sample }));
    await writeFile(
      join(dir, 'rules.yaml'),
      [
        'suppressions:',
        '  - id: dev-single-az',
        '    checkId: rds-instance-single-az',
        '    tags: { Environment: dev }',
        '    reason: "dev databases <b>need</b> no standby"',
        `    expires: "${dayOffset(3, today)}"`,
        '    owner: data-team',
        '  - id: long-lived',
        '    region: eu-west-1',
        '    reason: later',
        `    expires: "${dayOffset(40, today)}"`,
        '',
      ].join('\n'),
    );
    await writeFile(join(dir, 'bad.yaml'), 'suppressions:\n  - id: x\n    reason: r\n    expires: 2026-13-40\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const program = new Command('orgscan').exitOverride();
    registerReport(program);
    const stderr = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      await program.parseAsync(['report', 'html', ...args], { from: 'user' });
    } finally {
      process.stderr.write = stderr;
    }
  };

  it('lists the file rules that expire within 14 days', async () => {
    const out = join(dir, 'with-rules.html');
    await run(['--scan', join(dir, 'scan.json'), '--suppressions', join(dir, 'rules.yaml'), '--output', out]);
    const s = section(staticPart(await readFile(out, 'utf8')));
    expect(s).toContain('<code>dev-single-az</code>');
    expect(s).toContain('tag <code>Environment=dev</code>');
    expect(s).toContain('dev databases &lt;b&gt;need&lt;/b&gt; no standby');
    expect(s).toContain('data-team');
    expect(s).toContain('3 days');
    expect(s).not.toContain('long-lived');
  });

  it('has no section without --suppressions, and rejects an invalid file with its line', async () => {
    const out = join(dir, 'without.html');
    await run(['--scan', join(dir, 'scan.json'), '--output', out]);
    expect(await readFile(out, 'utf8')).not.toContain('h-expiring');
    const err = await run(['--scan', join(dir, 'scan.json'), '--suppressions', join(dir, 'bad.yaml'), '--output', out]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuppressionFileError);
    expect((err as SuppressionFileError).line).toBe(4); // the bad `expires:`
  });
});
