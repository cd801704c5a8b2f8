// The container image, read from the Dockerfile (there is no Docker engine here): what it is built
// from, what it ships, who it runs as and what it runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../infra/repo-root.js';

const root = findRepoRoot();
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(root, '.dockerignore'), 'utf8');

/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = (() => {
  const out: { name: string; lines: string[] }[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[2] ?? from[1]!, lines: [line] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
})();
const runtime = stages.at(-1)!;
const argDefault = (name: string) => new RegExp(`^ARG ${name}=(\\S+)`).exec(instructions.find((l) => l.startsWith(`ARG ${name}=`)) ?? '')?.[1];

describe('Dockerfile', () => {
  it('builds in two stages from an exactly pinned Node 24 slim image', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const image = argDefault('NODE_IMAGE');
    expect(image).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
    for (const s of stages) expect(s.lines[0]).toMatch(/^FROM \$\{NODE_IMAGE\} AS /);
    // The pinned major is the one the project runs on.
    const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node as string;
    expect(engines).toBe('>=24');
  });

  it('installs with the lockfile, builds in the build stage and ships production dependencies only', () => {
    const build = stages[0]!.lines.join('\n');
    expect(build).toMatch(/RUN npm ci\b/);
    expect(build).toMatch(/npm run build/);
    const rt = runtime.lines.join('\n');
    expect(rt).toMatch(/RUN npm ci --omit=dev\b/);
    expect(rt).not.toMatch(/npm run build|npm install/);
    expect(rt).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(rt).toMatch(/ENV NODE_ENV=production/);
  });

  it('runs as a non-root user with its writable data under /data', () => {
    const users = runtime.lines.filter((l) => l.startsWith('USER '));
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/USER (root|0)\b/);
    expect(runtime.lines).toContain('VOLUME ["/data"]');
    expect(runtime.lines.some((l) => /mkdir -p \/data && chown node:node \/data/.test(l))).toBe(true);
    // USER comes last among the set-up steps: nothing after it needs root.
    const userIndex = runtime.lines.findIndex((l) => l.startsWith('USER '));
    expect(runtime.lines.slice(userIndex + 1).filter((l) => l.startsWith('RUN '))).toEqual([]);
  });

  it('checks /healthz with node (no curl in slim images) and serves on all interfaces', () => {
    const health = runtime.lines.find((l) => l.startsWith('HEALTHCHECK'));
    expect(health).toMatch(/CMD \["node", "-e", ".*fetch\('http:\/\/127\.0\.0\.1:8080\/healthz'\)/);
    const cmd = runtime.lines.find((l) => l.startsWith('CMD '))!;
    expect(JSON.parse(cmd.slice(4))).toEqual(['node', 'dist/cli/index.js', 'serve', '--host', '0.0.0.0', '--data-dir', '/data']);
    expect(runtime.lines).toContain('EXPOSE 8080');
  });

  it('trusts the RDS certificate authorities so the database connection is verified', () => {
    expect(runtime.lines.some((l) => /^ADD .*https:\/\/truststore\.pki\.rds\.amazonaws\.com\/global\/global-bundle\.pem/.test(l))).toBe(true);
    expect(runtime.lines).toContain('ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/rds-global-bundle.pem');
  });

  it('sends a build context of sources only, and copies every source folder the build compiles', () => {
    const lines = dockerignore.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('*');
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    for (const dir of tsconfig.include) {
      expect(lines, `.dockerignore admits ${dir}/`).toContain(`!${dir}/`);
    }
    expect(stages[0]!.lines).toContain('COPY . .');
    expect(lines).toContain('**/*.test.ts');
    for (const secretish of ['.env', 'node_modules', 'dist', 'data', 'cdk.out', '.git']) {
      expect(lines.some((l) => l === `!${secretish}` || l === `!${secretish}/`), secretish).toBe(false);
    }
  });
});
