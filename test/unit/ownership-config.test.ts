// The ownership section of the configuration file: teams, sinks and routes validated at start-up,
// errors naming file, line, column and field; routing order (first match wins).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../scanner/config.js';
import { ownerRouter } from '../../scanner/ownership.js';
import { makeFinding } from '../helpers/sample-findings.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgscan-ownership-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const write = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};

describe('ownership configuration', () => {
  it('loads teams, sinks and ordered routes, and routes the first match', async () => {
    const path = await write(
      'ok.yaml',
      [
        'organization: true',
        'ownership:',
        '  defaultTeam: platform',
        '  teams:',
        '    - name: payments',
        '      sinks: [{ type: slack, webhookUrlEnv: PAYMENTS_SLACK_URL }]',
        '    - name: platform',
        '  routes:',
        '    - { checkId: iam-root-access-key, team: platform }',
        '    - { ouPath: Root/Workloads/Payments, team: payments }',
        '    - { service: ec2, severity: [high, critical], team: payments }',
        'accountMetadata:',
        "  '111111111111': { name: payments-prod, ouPath: Root/Workloads/Payments }",
      ].join('\n'),
    );
    const config = await loadConfigFile(path);
    const route = ownerRouter(config.ownership)!;
    const inPayments = { ouPath: 'Root/Workloads/Payments' };
    expect(route(makeFinding({ ...inPayments, checkId: 'iam-root-access-key' }))).toBe('platform');
    expect(route(makeFinding({ ...inPayments }))).toBe('payments');
    expect(route(makeFinding({ checkId: 'ec2-security-group-admin-ports-open', severity: 'high' }))).toBe('payments');
    expect(route(makeFinding({ ouPath: 'Root/Sandbox' }))).toBe('platform');
    expect(ownerRouter(undefined)).toBeUndefined();
  });

  it('names file, line, column and field of each bad entry', async () => {
    const path = await write(
      'bad.yaml',
      [
        'ownership:',
        '  teams:',
        '    - name: payments',
        '      sinks:',
        '        - type: slack',
        '          webhookUrl: https://hooks.slack.com/services/T/B/secret',
        '  routes:',
        '    - team: payments',
        '    - { ouPath: Root, team: nobody }',
        '  defaultTeam: ghosts',
      ].join('\n'),
    );
    const message = await loadConfigFile(path).then(
      () => 'loaded',
      (err: Error) => err.message,
    );
    expect(message).toContain(`${path}:5:11: ownership.teams.0.sinks.0.webhookUrlEnv:`);
    expect(message).toContain(`${path}:8:7: ownership.routes.0: must match on at least one of`);
    expect(message).toContain(`${path}:6:11: ownership.teams.0.sinks.0: Unrecognized key: "webhookUrl"`);
    // The secret pasted in the wrong field is never echoed.
    expect(message).not.toContain('secret');
  });

  it('names routes and the default team that refer to undefined teams', async () => {
    const path = await write(
      'teams.yaml',
      ['ownership:', '  teams:', '    - name: payments', '  routes:', '    - { ouPath: Root, team: nobody }', '  defaultTeam: ghosts'].join('\n'),
    );
    const message = await loadConfigFile(path).then(
      () => 'loaded',
      (err: Error) => err.message,
    );
    expect(message).toContain(`${path}:5:29: ownership.routes.0.team: unknown team "nobody"`);
    expect(message).toContain(`${path}:6:16: ownership.defaultTeam: unknown team "ghosts"`);
  });
});
