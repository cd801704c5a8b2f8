// `orgscan scan --format html --suppressions FILE` (in-process, against moto): the report lists
// the file's rules that expire within 14 days, with the findings each muted in this scan.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerScan } from '../../cli/commands/scan.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function dayOffset(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().slice(0, 10);
}

describe('orgscan scan --format html with a suppression file', () => {
  let moto: MotoServer;
  let dir: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    moto = await startMoto();
    dir = await mkdtemp(join(tmpdir(), 'orgscan-scan-expiring-'));
    const ec2 = seedClient(EC2Client, moto.endpoint, REGION, ACCOUNT);
    for (const name of ['muted-a', 'muted-b', 'open']) {
      await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8, TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: name }, { Key: 'Team', Value: name === 'open' ? 'web' : 'data' }] }] }));
    }
    await writeFile(
      join(dir, 'rules.yaml'),
      [
        'suppressions:',
        '  - id: data-volumes',
        '    checkId: ebs-volume-unattached',
        '    tags: { Team: data }',
        '    reason: "restore drill <until> the migration"',
        `    expires: "${dayOffset(4)}"`,
        '    owner: data-team',
        '  - id: later-rule',
        '    region: eu-west-1',
        '    reason: later',
        `    expires: "${dayOffset(60)}"`,
        '',
      ].join('\n'),
    );
    // The SDK reads the standard variables; fake credentials, loopback only.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
      AWS_MAX_ATTEMPTS: '1',
    });
  });

  afterAll(async () => {
    process.env = savedEnv;
    await moto?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the rule expiring in 4 days with the two volumes it muted, and not the later rule', async () => {
    const out = join(dir, 'report.html');
    const program = new Command('orgscan').exitOverride();
    registerScan(program);
    await program.parseAsync(
      ['scan', '--accounts', ACCOUNT, '--regions', REGION, '--checks', 'ebs-volume-unattached', '--use-caller-credentials',
        '--suppressions', join(dir, 'rules.yaml'), '--format', 'html', '--output', out, '--quiet'],
      { from: 'user' },
    );
    const html = (await readFile(out, 'utf8')).replace(/<script[\s\S]*?<\/script>/g, '');
    const start = html.indexOf('<h3 id="h-expiring">Suppressions expiring within 14 days</h3>');
    expect(start).toBeGreaterThan(0);
    const section = html.slice(start, html.indexOf('</table>', start));
    expect(section).toContain('<code>data-volumes</code>');
    expect(section).toContain('tag <code>Team=data</code>');
    expect(section).toContain('restore drill &lt;until&gt; the migration');
    expect(section).toContain(`<td>${dayOffset(4)}</td><td class="num">4 days</td><td class="num">2</td>`);
    expect(section).not.toContain('later-rule');
  });
});
