// The image's own steps without a Docker engine: stage the build context exactly as the CDK asset
// does (.dockerignore applied), run the build stage's RUN against it, start the runtime CMD and
// probe it with the HEALTHCHECK command. Only `npm ci` is replaced (by the installed node_modules).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCKED_API_TOKENS } from '../../infra/container.js';
import { findRepoRoot } from '../../infra/repo-root.js';
import { freePort } from '../../emulator/moto/moto.js';
import { buildTestApp } from './infra-fixtures.js';

const root = findRepoRoot();
const lines = readFileSync(join(root, 'Dockerfile'), 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim());
const exec = (prefix: string, from = 0) => lines.slice(from).find((l) => l.startsWith(prefix))!;

let server: ChildProcess | undefined;
const cleanup: string[] = [];
afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  cleanup.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('container image steps', () => {
  it('builds dist from the staged context and serves /healthz as the image would', { timeout: 300_000 }, async () => {
    const { app, stacks } = buildTestApp({}, { assetImage: true });
    const assembly = app.synth();
    cleanup.push(assembly.directory);
    const manifest = JSON.parse(readFileSync(join(assembly.directory, `${stacks.scanner.artifactId}.assets.json`), 'utf8'));
    const context = join(assembly.directory, (Object.values(manifest.dockerImages)[0] as { source: { directory: string } }).source.directory);
    expect(existsSync(join(context, 'node_modules'))).toBe(false);
    symlinkSync(join(root, 'node_modules'), join(context, 'node_modules'), 'dir');

    // The build stage's RUN after `COPY . .`: compile, carry non-TypeScript files, drop the CDK app.
    const buildRun = exec('RUN ', lines.indexOf('COPY . .')).slice(4);
    const build = spawnSync('sh', ['-c', buildRun], { cwd: context, encoding: 'utf8', timeout: 240_000 });
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
    expect(existsSync(join(context, 'dist', 'cli', 'index.js'))).toBe(true);
    expect(existsSync(join(context, 'dist', 'infra'))).toBe(false);
    // The report's browser script: bundled by the build, and what the compiled page module embeds.
    const bundle = join(context, 'dist', 'reports', 'html', 'browser.bundle.js');
    expect(existsSync(bundle)).toBe(true);
    const embedded = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const { clientScript } = await import('./dist/reports/html/client.js'); process.stdout.write(clientScript());"],
      { cwd: context, encoding: 'utf8' },
    );
    expect(embedded.status, embedded.stderr).toBe(0);
    expect(embedded.stdout).toBe(readFileSync(bundle, 'utf8'));

    // The runtime CMD, with the data volume and port of this test.
    const dataDir = mkdtempSync(join(tmpdir(), 'orgscan-image-data-'));
    cleanup.push(dataDir);
    const port = await freePort();
    const [cmd, ...args] = JSON.parse(exec('CMD ').slice(4)) as string[];
    expect(cmd).toBe('node');
    // The scope comes from a config file or flags at deploy time (ECS passes --config); here, one account.
    const extra = ['--port', String(port), '--accounts', '111111111111'];
    server = spawn(process.execPath, [...args.map((a) => (a === '/data' ? dataDir : a)), ...extra], {
      cwd: context,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', ORGSCAN_API_TOKENS: LOCKED_API_TOKENS, AWS_REGION: 'us-east-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (output += d.toString()));

    // HEALTHCHECK's own command, retried like Docker would until the service is up (or exits).
    const health = JSON.parse(exec('HEALTHCHECK').replace(/^HEALTHCHECK .*?CMD /, '')) as string[];
    const probe = health.map((a) => a.replace('8080', String(port)));
    let healthy = false;
    for (let attempt = 0; attempt < 120 && !healthy && server.exitCode === null; attempt++) {
      healthy = spawnSync(process.execPath, probe.slice(1), { encoding: 'utf8' }).status === 0;
      if (!healthy) await new Promise((r) => setTimeout(r, 500));
    }
    expect(healthy, `service did not become healthy:\n${output}`).toBe(true);
    // The placeholder token entry starts the service with its API closed.
    expect((await fetch(`http://127.0.0.1:${port}/scans`)).status).toBe(401);
  });
});
