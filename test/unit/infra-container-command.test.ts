// The task's container command, run for real with a stand-in `node`: the config it writes, the
// DATABASE_URL it assembles from the injected secret fields, and the server command it execs.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { parse } from 'pg-connection-string';
import { serviceCommand } from '../../infra/container.js';
import { URL_UNSAFE_PASSWORD_CHARACTERS } from '../../infra/database.js';
import { buildTestApp } from './infra-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'orgscan-entry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A `node` that records its arguments and DATABASE_URL instead of starting the server. */
function stubNode(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'node'),
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\nprintf '%s' "$DATABASE_URL" > "${dir}/database-url"\n`,
  );
  chmodSync(join(bin, 'node'), 0o755);
  return bin;
}

/** Every character Secrets Manager may put in the generated password. */
const PASSWORD_ALPHABET = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))
  .filter((c) => !URL_UNSAFE_PASSWORD_CHARACTERS.includes(c))
  .join('');

function run(dir: string, env: Record<string, string>) {
  const [cmd, ...args] = serviceCommand();
  return spawnSync(cmd!, args, {
    encoding: 'utf8',
    env: { PATH: `${stubNode(dir)}:${process.env.PATH}`, ...env },
  });
}

describe('container command', () => {
  const config = { organization: true, roleName: 'OrgScanReadOnly', externalId: 'ext-1' };
  const env = (dir: string) => ({
    ORGSCAN_DATA_DIR: join(dir, 'data'),
    ORGSCAN_CONFIG_JSON: JSON.stringify(config),
    DB_HOST: 'orgscan-prod-db.abc123.eu-west-1.rds.amazonaws.com',
    DB_PORT: '5432',
    DB_NAME: 'orgscan',
    DB_USER: 'orgscan',
    DB_PASSWORD: PASSWORD_ALPHABET,
  });

  it('generated passwords need no escaping in a URL', () => {
    expect(PASSWORD_ALPHABET).toMatch(/^[A-Za-z0-9]+$/);
    expect(PASSWORD_ALPHABET).toHaveLength(62);
  });

  it('writes the config to the data volume, builds a verified-TLS DATABASE_URL and execs `serve`', () => {
    const dir = join(work, 'ok');
    mkdirSync(join(dir, 'data'), { recursive: true });
    const result = run(dir, env(dir));
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'data', 'orgscan.config.json'), 'utf8'))).toEqual(config);
    expect(readFileSync(join(dir, 'args'), 'utf8').trim().split('\n')).toEqual([
      'dist/cli/index.js',
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      '8080',
      '--data-dir',
      join(dir, 'data'),
      '--config',
      join(dir, 'data', 'orgscan.config.json'),
    ]);
    const url = parse(readFileSync(join(dir, 'database-url'), 'utf8'));
    expect(url).toMatchObject({
      user: 'orgscan',
      password: PASSWORD_ALPHABET,
      host: 'orgscan-prod-db.abc123.eu-west-1.rds.amazonaws.com',
      port: '5432',
      database: 'orgscan',
      sslmode: 'verify-full',
    });
    expect(url.ssl).toEqual({});
  });

  it('refuses to start without the database secret', () => {
    const dir = join(work, 'missing');
    mkdirSync(join(dir, 'data'), { recursive: true });
    const { DB_PASSWORD: _omitted, ...rest } = env(dir);
    const result = run(dir, rest);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/DB_PASSWORD/);
    expect(existsSync(join(dir, 'args'))).toBe(false);
  });

  it('gets every variable it reads from the task definition', () => {
    const script = serviceCommand()[2]!;
    const read = new Set([...script.matchAll(/\$([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!));
    const { stacks } = buildTestApp();
    const taskDef = Object.values(Template.fromStack(stacks.scanner).toJSON().Resources as Record<string, any>).find(
      (r) => r.Type === 'AWS::ECS::TaskDefinition',
    );
    const container = taskDef.Properties.ContainerDefinitions[0];
    const provided = new Set([...container.Environment, ...container.Secrets].map((v: { Name: string }) => v.Name));
    expect([...read].filter((name) => !provided.has(name))).toEqual([]);
    expect(read.size).toBeGreaterThanOrEqual(7);
  });
});
