// Tests of the built entrypoint (what the Docker image runs) need dist/: build it once if absent.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runFile = promisify(execFile);

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'index.js');
/** The report's browser script, bundled by the second half of `npm run build`. */
const CLIENT_BUNDLE = join(ROOT, 'dist', 'reports', 'html', 'browser.bundle.js');

export function ensureBuilt(): string {
  if (!existsSync(CLI)) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  if (!existsSync(CLIENT_BUNDLE)) {
    execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'build-client.js')], { cwd: ROOT, stdio: 'inherit' });
  }
  return CLI;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with exactly `env` (plus PATH) and returns its exit code and output. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const cli = ensureBuilt();
  try {
    const { stdout, stderr } = await runFile(process.execPath, [cli, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
