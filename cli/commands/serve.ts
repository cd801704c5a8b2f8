import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../../scanner/validation.js';
import { resolveTimeouts } from '../../scanner/timeouts.js';
import { loadTokenEntries, TokenConfigError } from '../../server/auth.js';
import { scaleOutProblem } from '../../server/scale-out-problem.js';
import { teamMailer } from '../../server/team-mail.js';
import { parseTrustProxy, TrustProxyConfigError } from '../../server/trust-proxy.js';
import { loadConfig, requestFromFlags, scopeOptions, type ScopeFlags } from '../scope.js';

interface ServeFlags extends ScopeFlags {
  host: string;
  port: string;
  dataDir: string;
  logLevel: string;
  shutdownGrace: string;
  maxQueuedScans: string;
  shardAccounts: string;
  shardLease: string;
  shardAttempts: string;
  shardsInFlight: string;
  notifyDryRun?: string;
}

function count(flag: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${flag} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a port number from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

export function register(program: Command): void {
  scopeOptions(
    program
      .command('serve')
      .description('run the REST service: scans on request or from the SQS queue, findings and history in the store'),
  )
    .option('--host <address>', 'address to listen on (0.0.0.0 in a container)', '127.0.0.1')
    .option('--port <n>', 'port to listen on', '8080')
    .option('--data-dir <dir>', 'embedded database directory (when DATABASE_URL is not set)', './data')
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error']).default('info'))
    .option('--shutdown-grace <seconds>', 'on SIGTERM, how long running units may take to finish', '25')
    .option('--notify-dry-run <file>', 'write team notifications to this file (one JSON line each) instead of sending them')
    .option('--max-queued-scans <n>', 'scans that may wait for a free slot; more get 429 (POST /scans) or stay in SQS', '20')
    .addOption(
      new Option('--shard-accounts <n>', 'share each scan with every task of this PostgreSQL and queue, in shards of n accounts (0: each scan runs in one task)')
        .env('ORGSCAN_SHARD_ACCOUNTS')
        .default('0'),
    )
    .addOption(new Option('--shard-lease <seconds>', 'how long a task holds a shard without renewing it (a killed task\'s shards are retaken after it)').env('ORGSCAN_SHARD_LEASE').default('60'))
    .addOption(new Option('--shard-attempts <n>', 'attempts per shard before its accounts are recorded as errors').env('ORGSCAN_SHARD_ATTEMPTS').default('3'))
    .addOption(new Option('--shards-in-flight <n>', 'shards one task runs at once, under its limits on units and API calls').env('ORGSCAN_SHARDS_IN_FLIGHT').default('2'))
    .addHelpText(
      'after',
      '\nEnvironment:\n' +
        '  ORGSCAN_API_TOKENS        comma-separated role:sha256 entries (see `orgscan token create`)\n' +
        '  ORGSCAN_API_TOKENS_FILE   a file of such entries, one per line\n' +
        '  DATABASE_URL              PostgreSQL connection string (default: embedded store in --data-dir)\n' +
        '  ORGSCAN_QUEUE_URL         SQS queue to long-poll for {"type":"scan"} and {"type":"weekly-report"} messages\n' +
        '  ORGSCAN_SESSION_SECRET    key (at least 32 characters) that signs browser sessions; set it when several instances serve one URL\n' +
        '  ORGSCAN_TRUST_PROXY       load balancer addresses/CIDR blocks (e.g. 10.0.0.0/16) whose X-Forwarded-For names the client; default: ignored\n',
    )
    .action(async (flags: ServeFlags) => {
      const config = await loadConfig(flags);
      const baseRequest = requestFromFlags(flags, config);
      resolveTimeouts({}); // a malformed ORGSCAN_AWS_*_MS variable stops start-up (exit 2), not every scan
      const grace = Number(flags.shutdownGrace);
      if (!Number.isFinite(grace) || grace < 0 || grace > 3600) throw new UsageError('--shutdown-grace must be a number of seconds from 0 to 3600');
      let trustProxy;
      try {
        trustProxy = parseTrustProxy(process.env.ORGSCAN_TRUST_PROXY);
      } catch (err) {
        if (err instanceof TrustProxyConfigError) throw new UsageError(err.message);
        throw err;
      }
      const maxQueuedScans = count('--max-queued-scans', flags.maxQueuedScans, 1000);
      const shardAccounts = count('--shard-accounts', flags.shardAccounts, 10_000);
      const databaseUrl = process.env.DATABASE_URL || undefined;
      const queueUrl = process.env.ORGSCAN_QUEUE_URL || undefined;
      let scaleOut;
      if (shardAccounts > 0) {
        const problem = scaleOutProblem({ databaseUrl, queueUrl });
        if (problem) throw new UsageError(problem);
        const leaseSeconds = Number(flags.shardLease);
        if (!Number.isFinite(leaseSeconds) || leaseSeconds < 1 || leaseSeconds > 43_200) throw new UsageError('--shard-lease must be a number of seconds from 1 to 43200 (the SQS visibility limit)');
        const maxAttempts = count('--shard-attempts', flags.shardAttempts, 100);
        const shardsInFlight = count('--shards-in-flight', flags.shardsInFlight, 100);
        if (maxAttempts < 1 || shardsInFlight < 1) throw new UsageError('--shard-attempts and --shards-in-flight must be at least 1');
        scaleOut = { shardAccounts, leaseMs: leaseSeconds * 1000, maxAttempts, shardsInFlight };
      }
      let tokens;
      try {
        tokens = await loadTokenEntries();
      } catch (err) {
        if (err instanceof TokenConfigError) throw new UsageError(err.message);
        throw err;
      }
      if (tokens.length === 0) {
        throw new UsageError('no API tokens configured: set ORGSCAN_API_TOKENS to role:sha256 entries; create one with `orgscan token create --role operator`');
      }
      // {"type":"weekly-report"} queue messages send the weekly email when the config has mail settings.
      // The handler needs the running service's store; a message taken during start-up is retried.
      let running: { store: import('../../store/types.js').Store; logger: import('pino').Logger } | undefined;
      const mail = config.mail;
      const suppressionsFile = config.suppressionsFile && flags.config ? resolve(dirname(flags.config), config.suppressionsFile) : undefined;
      const weeklyReport = mail
        ? async () => {
            if (!running) throw new Error('the service is still starting; the weekly report message will be retried');
            const weekly = await import('../../server/weekly-report.js');
            try {
              const { suppressionSource } = await import('../../server/suppression-source.js');
              const source = suppressionSource(running.store, suppressionsFile, running.logger);
              const { fullScopeKey } = await import('../../server/latest-scope.js');
              await weekly.sendWeeklyReport({
                store: running.store,
                scopeKey: fullScopeKey(baseRequest),
                mail,
                transport: weekly.createMailTransport(),
                logger: running.logger,
                // The email lists the file's rules and the API's rules that expire soon, like the report.
                suppressionRules: async () => {
                  const { file, api } = await source.rules();
                  return [...file, ...api];
                },
              });
            } catch (err) {
              // Nothing to report yet is not worth a retry; a failed send is (SQS redelivers it).
              if (err instanceof weekly.NoScanError) running.logger.warn({ err: err.message }, 'weekly report skipped');
              else throw err;
            }
          }
        : undefined;
      // Loaded here: `orgscan --help`, `--version` and other commands do not pay for the service's AWS SDK clients.
      const { startService } = await import('../../server/service.js');
      const service = await startService({
        weeklyReport,
        baseRequest,
        retentionDays: config.retentionDays,
        suppressionsFile,
        host: flags.host,
        port: port(flags.port),
        databaseUrl,
        dataDir: resolve(flags.dataDir),
        tokens,
        queueUrl,
        scaleOut,
        logLevel: flags.logLevel,
        shutdownGraceMs: grace * 1000,
        trustProxy,
        maxQueuedScans,
        ownership: config.ownership,
        sendMail: mail ? teamMailer(mail) : undefined,
        notify: flags.notifyDryRun ? { env: process.env, dryRunFile: resolve(flags.notifyDryRun) } : undefined,
      });
      running = service;
      process.stdout.write(`orgscan listening on ${service.url} (store: ${service.store.kind}; API docs: ${service.url}/docs)\n`);
      const stop = (signal: string) => {
        service.logger.info({ signal }, 'signal received');
        service.close().then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`orgscan: shutdown failed: ${(err as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
