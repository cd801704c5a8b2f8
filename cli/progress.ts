// A live progress bar on a TTY (stderr), silent otherwise or with --quiet.
import cliProgress from 'cli-progress';
import type { ScanProgress } from '../checks/types.js';

export interface ProgressReporter {
  update(progress: ScanProgress): void;
  stop(): void;
}

const SILENT: ProgressReporter = { update: () => undefined, stop: () => undefined };

export function createProgressReporter(options: { quiet: boolean; stream?: NodeJS.WriteStream }): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'scanning {bar} {value}/{total} units | accounts {accountsDone}/{accountsTotal} | API calls {apiCalls} | errors {errors} | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { accountsDone: p.accountsDone, accountsTotal: p.accountsTotal, apiCalls: p.apiCalls, errors: p.errors };
      if (!started) {
        bar.start(Math.max(p.unitsTotal, 1), p.unitsDone, payload);
        started = true;
      }
      bar.setTotal(Math.max(p.unitsTotal, 1));
      bar.update(p.unitsDone, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
