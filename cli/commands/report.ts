// `orgscan report email`: the weekly email from the store. `orgscan report html`: an HTML report
// from a `orgscan scan --format json` file (optionally diffed against an earlier one).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Finding, ScanSummary } from '../../checks/types.js';
import { loadConfigFile, parseConfig } from '../../scanner/config.js';
import { loadSuppressionFile } from '../../scanner/suppressions.js';
import { UsageError } from '../../scanner/validation.js';
import { requestFromFlags } from '../scope.js';

interface EmailFlags {
  config?: string;
  dataDir: string;
  dryRun?: boolean;
}

interface HtmlFlags {
  scan: string;
  previous?: string;
  output?: string;
  suppressions?: string;
}

interface ScanFile {
  scan: ScanSummary;
  findings: Finding[];
}

async function readScanFile(path: string): Promise<ScanFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read scan file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`scan file ${path} is not JSON: ${(err as Error).message}`);
  }
  const d = data as Partial<ScanFile> | null;
  if (!d || typeof d !== 'object' || !d.scan || typeof d.scan.id !== 'string' || !Array.isArray(d.findings)) {
    throw new UsageError(`scan file ${path} is not an orgscan JSON export: expected {"scan": {...}, "findings": [...]} (orgscan scan --format json)`);
  }
  return d as ScanFile;
}

export function register(program: Command): void {
  const report = program.command('report').description('reports from stored scans: the weekly email, HTML from a JSON export');

  report
    .command('email')
    .description('send the weekly email: the latest succeeded scan, what changed in a week, the failing findings as CSV')
    .option('-c, --config <file>', 'configuration file (YAML or JSON) with the mail section')
    .option('--data-dir <dir>', 'embedded database directory (when DATABASE_URL is not set)', './data')
    .option('--dry-run', 'print the subject and the plain-text body instead of sending')
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        '  DATABASE_URL        PostgreSQL connection string (default: embedded store in --data-dir)\n' +
        '  ORGSCAN_SMTP_URL    send through SMTP (smtp://user:password@host:587) instead of SES v2\n' +
        '  AWS_REGION          SES v2 region (credentials from the usual AWS chain)\n',
    )
    .action(async (flags: EmailFlags) => {
      const config = flags.config ? await loadConfigFile(flags.config) : parseConfig({});
      if (!config.mail) {
        throw new UsageError(`no mail settings: add a "mail" section (from, to, reportBaseUrl) to ${flags.config ?? 'the configuration file passed with --config'}`);
      }
      const [{ openStore }, weekly, { pino }, { fullScopeKey }] = await Promise.all([
        import('../../store/open.js'),
        import('../../server/weekly-report.js'),
        import('pino'),
        import('../../server/latest-scope.js'),
      ]);
      // The email reports the latest scan of the configured full scope, never a narrowed one.
      let scopeKey: string;
      try {
        scopeKey = fullScopeKey(requestFromFlags({}, config));
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        throw new UsageError(
          `the weekly email reports the latest scan of the configured scope: set "organization: true" or "accounts" in ${flags.config ?? 'the configuration file passed with --config'}`,
        );
      }
      const logger = pino({ base: undefined }, pino.destination(2));
      const store = await openStore({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: flags.dataDir });
      // The email lists the rules expiring within 14 days: the config's suppression file plus the API's rules.
      const suppressionsFile = config.suppressionsFile && flags.config ? resolve(dirname(flags.config), config.suppressionsFile) : undefined;
      const suppressionRules = async () => [...(suppressionsFile ? await loadSuppressionFile(suppressionsFile) : []), ...(await weekly.storedSuppressionRules(store))];
      try {
        if (flags.dryRun) {
          const { email } = await weekly.buildWeeklyReport(store, config.mail, { scopeKey, suppressionRules, logger });
          process.stdout.write(`Subject: ${email.subject}\nTo: ${config.mail.to.join(', ')}\nAttachment: ${email.attachments[0]?.filename}\n\n${email.text}`);
          return;
        }
        const transport = weekly.createMailTransport();
        const result = await weekly.sendWeeklyReport({ store, scopeKey, mail: config.mail, transport, logger, suppressionRules });
        process.stdout.write(`weekly report for scan ${result.scanId} sent to ${result.recipients.length} recipient(s) through ${transport.description}\n`);
      } finally {
        await store.close();
      }
    });

  report
    .command('html')
    .description('write the standalone HTML report of a JSON export (orgscan scan --format json)')
    .requiredOption('--scan <file>', 'the JSON export of the scan')
    .option('--previous <file>', 'the JSON export of an earlier scan of the same scope, for "what changed"')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--suppressions <file>', 'suppression rules (YAML): the report lists those expiring within 14 days')
    .action(async (flags: HtmlFlags) => {
      const current = await readScanFile(flags.scan);
      const previous = flags.previous ? await readScanFile(flags.previous) : null;
      // An invalid file is a usage error here (the CLI is run by hand); the service logs and goes on.
      const rules = flags.suppressions ? await loadSuppressionFile(flags.suppressions) : null;
      const { diffFindings, expiringSuppressions, renderReportHtml } = await import('../../reports/index.js');
      const diff = previous ? diffFindings(current.findings, previous.findings, { currentScan: current.scan }) : null;
      const trend = [previous?.scan, current.scan]
        .filter((s): s is ScanFile['scan'] => Boolean(s))
        .map((s) => ({ scanId: s.id, startedAt: s.startedAt, finishedAt: s.finishedAt, failing: s.counts?.FAIL ?? 0 }));
      const expiring = rules ? expiringSuppressions(rules, new Date(), current.findings) : undefined;
      const html = renderReportHtml({ scan: current.scan, findings: current.findings, diff, trend, expiringSuppressions: expiring });
      if (flags.output) {
        await writeFile(flags.output, html);
        process.stderr.write(`wrote ${flags.output} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB, ${current.findings.length} findings)\n`);
      } else {
        process.stdout.write(html);
      }
    });
}
