// `orgscan demo`: see orgscan work with no AWS account. Starts the service on the embedded store,
// scans a synthetic organization through the real engine and checks, and prints the report's URL.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option, type Command } from 'commander';
import { DEFAULT_REGIONS } from '../../emulator/synthetic/model/organization.js';
import { UsageError } from '../../scanner/validation.js';

interface DemoFlags {
  accounts: string;
  regions: string;
  seed: string;
  latencyMs: string;
  host: string;
  port: string;
  dataDir: string;
  exit?: boolean;
  logLevel: string;
}

function int(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description('try orgscan without AWS: serve a scan of a synthetic organization (no AWS account or credentials used)')
    .option('--accounts <n>', 'accounts in the synthetic organization', '12')
    .option('--regions <n>', `enabled regions per account (1-${DEFAULT_REGIONS.length})`, '3')
    .option('--seed <text>', 'seed of the synthetic organization (same seed, same findings)', 'orgscan-demo')
    .option('--latency-ms <ms>', 'simulated latency of each AWS call', '40')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port)', '8080')
    .option('--data-dir <dir>', 'embedded database directory of the demo', './orgscan-demo-data')
    .option('--exit', 'stop after the scan and the report file instead of serving')
    .addOption(new Option('--log-level <level>', 'service log level').choices(['trace', 'debug', 'info', 'warn', 'error']).default('warn'))
    .action(async (flags: DemoFlags) => {
      const options = {
        accounts: int('--accounts', flags.accounts, 1, 500),
        regions: int('--regions', flags.regions, 1, DEFAULT_REGIONS.length),
        seed: flags.seed,
        latencyMs: int('--latency-ms', flags.latencyMs, 0, 5000),
        host: flags.host,
        port: int('--port', flags.port, 0, 65535),
        dataDir: resolve(flags.dataDir),
        logLevel: flags.logLevel,
      };
      process.stdout.write(
        `orgscan demo: scanning a synthetic organization of ${options.accounts} accounts x ${options.regions} regions ` +
          '(simulated AWS in this process; no AWS account or credentials are used)\n',
      );
      // Loaded here: other commands do not pay for the service and the emulator.
      const { startDemo } = await import('../../demo/demo.js');
      const demo = await startDemo(options).catch((err: unknown) => {
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new UsageError(`port ${options.port} on ${options.host} is in use: pass --port 0 for any free port, or another --port`);
        }
        throw err;
      });
      const { counts, progress, apiCalls } = demo.scan;
      process.stdout.write(
        `scan ${demo.scan.id} finished: ${progress.unitsDone} units, ${apiCalls.total} API calls, ` +
          `${counts.FAIL} FAIL, ${counts.PASS} PASS, ${counts.ERROR} ERROR\n` +
          `report:        ${pathToFileURL(demo.reportFile).href}\n` +
          `notifications (dry run, written to ${demo.notificationsFile}):\n` +
          (demo.notifications.length === 0
            ? '               none: nothing changed for any team\n'
            : demo.notifications
                .map((n) => `               ${n.team} → ${n.sink}: ${n.newCount} new, ${n.resolvedCount} resolved, ${n.cameBackCount} failing again\n`)
                .join('')),
      );
      if (flags.exit) {
        // The service stops with this command: print no link to it.
        await demo.close();
        process.stdout.write(`(--exit: the service has stopped; run without --exit to browse the scan through it)\n`);
        return;
      }
      process.stdout.write(
        `service:       ${demo.reportUrl}\n` +
          `               (opens the sign-in page with this demo's token filled in: press Sign in; the API wants "Authorization: Bearer <token>"; token for this demo only: ${demo.token})\n` +
          `API docs:      ${demo.service.url}/docs\n`,
      );
      process.stdout.write('serving; press Ctrl-C to stop\n');
      await new Promise<void>((done) => {
        const stop = () => void demo.close().then(done, done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
