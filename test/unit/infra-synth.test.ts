// `cdk synth` offline: the compiled app through the real CDK CLI with every network route closed,
// and the container image asset it stages (ARM64, sources only).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from '../../infra/repo-root.js';
import { BASE_CONTEXT, buildTestApp } from './infra-fixtures.js';

const root = findRepoRoot();
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

describe('container image asset', () => {
  it('is built for linux/arm64 from a context without dependencies, outputs or tests', () => {
    const { app, stacks } = buildTestApp({}, { assetImage: true });
    const assembly = app.synth();
    cleanup.push(assembly.directory);
    const manifest = JSON.parse(readFileSync(join(assembly.directory, `${stacks.scanner.artifactId}.assets.json`), 'utf8'));
    const images = Object.values(manifest.dockerImages as Record<string, { source: { directory: string; platform?: string } }>);
    expect(images).toHaveLength(1);
    expect(images[0]!.source.platform).toBe('linux/arm64');
    const staged = filesUnder(join(assembly.directory, images[0]!.source.directory));
    expect(staged).toContain('Dockerfile');
    expect(staged).toContain('package-lock.json');
    expect(staged.some((f) => f.startsWith('scanner/'))).toBe(true);
    expect(staged.some((f) => f.startsWith('checks/'))).toBe(true);
    for (const f of staged) {
      expect(f, f).not.toMatch(/^(node_modules|dist|cdk\.out|\.git|data|test-artifacts)\//);
      expect(f, f).not.toMatch(/\.test\.ts$|^\.env/);
    }
  });
});

describe('cdk synth (CLI, offline)', () => {
  it('synthesizes the scanner stack, the member role and its StackSet without touching the network', () => {
    const app = join(root, 'dist', 'infra', 'app.js');
    expect(existsSync(app), `${app} is missing: run \`npm run build\` before the tests`).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'orgscan-cdk-synth-'));
    cleanup.push(out);
    const context = { ...BASE_CONTEXT, memberOrganizationalUnitIds: '["ou-ab12-cdef3456"]' };
    const args = [
      join(root, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
      'synth',
      '--app',
      `node ${app}`,
      '--output',
      out,
      '--quiet',
      '--no-notices',
      '--no-version-reporting',
      ...Object.entries(context).flatMap(([k, v]) => ['--context', `${k}=${v}`]),
    ];
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      timeout: 180_000,
      env: {
        ...process.env,
        // Any attempt to reach AWS or the internet fails fast instead of leaving the machine.
        HTTPS_PROXY: 'http://127.0.0.1:9',
        HTTP_PROXY: 'http://127.0.0.1:9',
        NO_PROXY: '',
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
        AWS_EC2_METADATA_DISABLED: 'true',
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DEFAULT_REGION: 'eu-west-1',
      },
    });
    expect(result.status, `cdk synth failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
    const files = readdirSync(out);
    for (const stack of ['OrgScan-test', 'OrgScan-test-MemberRole', 'OrgScan-test-MemberRoleStackSet']) {
      expect(files).toContain(`${stack}.template.json`);
    }
    const scanner = JSON.parse(readFileSync(join(out, 'OrgScan-test.template.json'), 'utf8'));
    const types = new Set(Object.values(scanner.Resources as Record<string, { Type: string }>).map((r) => r.Type));
    for (const t of ['AWS::ECS::Service', 'AWS::RDS::DBInstance', 'AWS::Scheduler::Schedule', 'AWS::SQS::Queue']) expect(types).toContain(t);
    // Nothing but the three stacks: the embedded member-role app must not write into the CLI's output.
    expect(files.filter((f) => f.endsWith('.template.json')).sort()).toEqual([
      'OrgScan-test-MemberRole.template.json',
      'OrgScan-test-MemberRoleStackSet.template.json',
      'OrgScan-test.template.json',
    ]);
  });

  it('fails with the names of missing settings', () => {
    const out = mkdtempSync(join(tmpdir(), 'orgscan-cdk-bad-'));
    cleanup.push(out);
    const result = spawnSync(process.execPath, [join(root, 'dist', 'infra', 'app.js')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: '{}', CDK_OUTDIR: out },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/context owner: .*\n.*context organizationId:/s);
  });
});
