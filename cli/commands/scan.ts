import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SEVERITIES, type Finding, type Severity } from '../../checks/types.js';
import { loadSuppressionFile, createSuppressor } from '../../scanner/suppressions.js';
import { credentialAdvice } from '../../scanner/credential-advice.js';
import { ownerRouter } from '../../scanner/ownership.js';
import { UsageError } from '../../scanner/validation.js';
import { resolveTimeouts } from '../../scanner/timeouts.js';
import { EXIT_CODES, scanExitCode } from '../exit-codes.js';
import { createProgressReporter } from '../progress.js';
import { loadConfig, requestFromFlags, scopeOptions, type ScopeFlags } from '../scope.js';
import { renderSummary } from '../summary.js';

const FORMATS = ['json', 'csv', 'html', 'ocsf'] as const;
type OutputFormat = (typeof FORMATS)[number];

interface ScanFlags extends ScopeFlags {
  format?: OutputFormat;
  output?: string;
  failOn?: Severity;
  allowPartial?: boolean;
  quiet?: boolean;
  suppressions?: string;
  useCallerCredentials?: boolean;
}

export function register(program: Command): void {
  scopeOptions(program.command('scan').description('scan accounts and print a summary, or write findings with --output'))
    .addOption(new Option('--format <format>', 'output format (default json with --output; without --output, to standard output)').choices(FORMATS))
    .option('-o, --output <file>', 'write the scan and its findings to a file (default format json)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a FAIL or ERROR finding (or an account error) at or above this severity exists').choices(SEVERITIES),
    )
    .option('--allow-partial', 'exit 0 (or 1 with --fail-on) even when some account, region or check could not be evaluated')
    .addHelpText(
      'after',
      '\nExit codes:\n' +
        '  0  the scan evaluated everything planned (or --allow-partial) and nothing reached --fail-on\n' +
        '  1  --fail-on: a FAIL or ERROR finding, or an account error, at or above the severity\n' +
        '  2  bad usage or configuration\n' +
        '  3  partial scan: an account, region or check could not be evaluated (see "Not evaluated")\n' +
        '  4  failed scan: nothing could be evaluated (no credentials, unreachable accounts, unknown regions)\n',
    )
    .option('--suppressions <file>', 'suppression rules (YAML); default: suppressionsFile of the config')
    .option('--use-caller-credentials', "scan with the caller's own credentials instead of assuming the role (single account)")
    .option('-q, --quiet', 'no progress bar')
    .action(async (flags: ScanFlags) => {
      const config = await loadConfig(flags);
      const request = requestFromFlags(flags, config);
      resolveTimeouts({}); // a malformed ORGSCAN_AWS_*_MS variable is a usage error (exit 2), before any call
      if (flags.useCallerCredentials && (request.org || (request.accounts?.length ?? 0) !== 1)) {
        throw new UsageError('--use-caller-credentials scans exactly one account: pass --accounts with the id of the account your credentials belong to');
      }
      const suppressionPath =
        flags.suppressions ?? (config.suppressionsFile && flags.config ? resolve(dirname(flags.config), config.suppressionsFile) : undefined);
      const rules = suppressionPath ? await loadSuppressionFile(suppressionPath) : [];
      const now = new Date();
      const suppress = rules.length > 0 ? createSuppressor(rules, now) : undefined;

      // Loaded here so that `orgscan --help` and usage errors do not pay for every AWS SDK client.
      const [{ runScan }, { formatScan, expiringSuppressions }, { notEvaluatedReasons, scanHeadline }] = await Promise.all([
        import('../../scanner/runner.js'),
        import('../../reports/index.js'),
        import('../../reports/outcome.js'),
      ]);
      const findings: Finding[] = [];
      const progress = createProgressReporter({ quiet: Boolean(flags.quiet) });
      let scan;
      try {
        scan = await runScan(request, {
          aws: { useBaseCredentials: Boolean(flags.useCallerCredentials) },
          hooks: {
            onFindings: (batch) => {
              findings.push(...batch);
            },
            onProgress: (p) => progress.update(p),
            suppress,
            route: ownerRouter(config.ownership),
          },
        });
      } catch (err) {
        if (err instanceof UsageError) throw err;
        // Nothing was evaluated: the organization could not be listed, credentials were missing …
        progress.stop();
        const advice = credentialAdvice(err);
        process.stderr.write(`orgscan: FAILED SCAN: nothing was evaluated: ${err instanceof Error ? err.message : String(err)}\n${advice ? `orgscan: ${advice}\n` : ''}`);
        process.exitCode = EXIT_CODES.failed;
        return;
      } finally {
        progress.stop();
      }

      if (flags.output) {
        const format = flags.format ?? 'json';
        // With a suppression file, the HTML report lists its rules that expire within 14 days.
        const expiring = suppressionPath ? expiringSuppressions(rules, now, findings) : undefined;
        await writeFile(flags.output, formatScan(format, { scan, findings, expiringSuppressions: expiring }));
        // An incomplete scan says so even with --quiet: the file alone must not pass for a clean bill.
        if (scan.status !== 'succeeded') process.stderr.write(`orgscan: ${scanHeadline(scan)}\n${notEvaluatedReasons(scan, findings).map((r) => `  ${r}\n`).join('')}`);
        if (!flags.quiet) {
          process.stderr.write(`wrote ${findings.length} findings (${format}) to ${flags.output}; ${scan.counts.FAIL} FAIL, ${scan.counts.ERROR} ERROR\n`);
        }
      } else if (flags.format) {
        // --format without --output: the findings to standard output (for a pipe); the verdict to standard error.
        process.stdout.write(formatScan(flags.format, { scan, findings }));
        if (scan.status !== 'succeeded') process.stderr.write(`orgscan: ${scanHeadline(scan)}\n${notEvaluatedReasons(scan, findings).map((r) => `  ${r}\n`).join('')}`);
      } else {
        process.stdout.write(renderSummary(scan, findings));
      }
      process.exitCode = scanExitCode(scan, findings, { failOn: flags.failOn, allowPartial: flags.allowPartial });
    });
}
