// `orgscan scan` as a user runs it: the built entrypoint, against an emulated organization
// over HTTP, configured only through the standard AWS environment variables.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { createEmulatedOrganization } from '../../emulator/moto/organization.js';
import { seedCoreScenario, type ExpectedResult } from '../../emulator/moto/seed-core.js';
import { WASTE_RDS_S3_VPCE_OPTIONS } from '../../emulator/moto/seed-waste-rds-s3-vpce.js';
import { ensureBuilt, runCli } from '../helpers/dist.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

describe('orgscan scan (built CLI) against an emulated organization', () => {
  let moto: MotoServer;
  let expected: ExpectedResult[];
  let dir: string;

  const orgscan = (args: string[]) =>
    runCli(args, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_MAX_ATTEMPTS: '1',
    });

  beforeAll(async () => {
    ensureBuilt();
    dir = await mkdtemp(join(tmpdir(), 'orgscan-cli-'));
    moto = await startMoto();
    const accounts = await createEmulatedOrganization(moto.endpoint, ['dev', 'prod']);
    expected = await seedCoreScenario(moto.endpoint, accounts, REGIONS);
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('writes the JSON contract and finds every planted problem with no false positive', async () => {
    const out = join(dir, 'scan.json');
    const checks = [...new Set(expected.map((e) => e.checkId))].join(',');
    // moto dates DB instances and endpoints "now": the waste checks judge them whatever their age.
    const config = join(dir, 'orgscan.config.json');
    await writeFile(config, JSON.stringify({ checkOptions: WASTE_RDS_S3_VPCE_OPTIONS }));
    const result = await orgscan(['scan', '--org', '--config', config, '--regions', REGIONS.join(','), '--checks', checks, '--format', 'json', '--output', out, '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { scan, findings } = JSON.parse(await readFile(out, 'utf8')) as {
      scan: Record<string, unknown>;
      findings: { checkId: string; status: string; accountId: string; region: string; resourceId: string; [k: string]: unknown }[];
    };
    for (const key of ['id', 'startedAt', 'finishedAt', 'accounts', 'regions', 'checks', 'apiCalls', 'errors']) expect(scan).toHaveProperty(key);
    for (const key of ['checkId', 'status', 'severity', 'accountId', 'region', 'resourceType', 'resourceId', 'resourceArn', 'message', 'evidence', 'remediation', 'estimatedMonthlyCostUsd']) {
      expect(findings[0]).toHaveProperty(key);
    }
    const key = (f: { checkId: string; accountId: string; region: string; resourceId: string }) => `${f.checkId} ${f.accountId} ${f.region} ${f.resourceId}`;
    const expectedFails = expected.filter((e) => e.status === 'FAIL').map(key).sort();
    // The management account holds only its default VPCs: scanned, nothing planted there fails.
    const actualFails = findings.filter((f) => f.status === 'FAIL').map(key).sort();
    expect(actualFails).toEqual(expectedFails);
    const byKey = new Map(findings.map((f) => [key(f), f.status]));
    for (const pass of expected.filter((e) => e.status === 'PASS')) expect(byKey.get(key(pass)), key(pass)).toBe('PASS');
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
  });

  it('prints a summary without --output, and --fail-on turns failures into exit code 1', async () => {
    const plain = await orgscan(['scan', '--org', '--regions', 'us-east-1', '--checks', 'ebs-volume-unattached']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/ebs-volume-unattached\s+\d+\s+\d+/);
    expect(plain.stdout).toContain('Top failing accounts');
    const gated = await orgscan(['scan', '--org', '--regions', 'us-east-1', '--checks', 'ebs-volume-unattached', '--fail-on', 'low', '--quiet']);
    expect(gated.code).toBe(1);
  });

  it('answers bad usage with exit code 2 and a specific message', async () => {
    const badAccount = await orgscan(['scan', '--accounts', '12345']);
    expect(badAccount.code).toBe(2);
    expect(badAccount.stderr).toContain('invalid account id "12345": an account id is 12 digits');
    const badCheck = await orgscan(['scan', '--org', '--checks', 'no-such-check']);
    expect(badCheck.code).toBe(2);
    expect(badCheck.stderr).toContain('unknown check id: no-such-check');
    const nothing = await orgscan(['scan']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to scan');
    const badFlag = await orgscan(['scan', '--org', '--fail-on', 'apocalyptic']);
    expect(badFlag.code).toBe(2);
  });
});
