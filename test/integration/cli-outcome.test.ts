// `orgscan scan` never exits 0 on a scan that could not look (the three cases of issue 11), and its
// summary starts with the outcome and says why each account or check was not evaluated.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../helpers/dist.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';

let home: string;
beforeAll(async () => {
  ensureBuilt();
  home = await mkdtemp(join(tmpdir(), 'orgscan-outcome-home-'));
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

/** An environment with no AWS credentials anywhere: no variables, no files, no instance metadata. */
const noCredentials = () => ({
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'missing-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'missing-credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  // Nothing may leave loopback even if a provider tried.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  AWS_MAX_ATTEMPTS: '1',
});

describe('orgscan scan exit codes when the scan could not look', () => {
  it('no credentials, --accounts 111111111111 --fail-on low: FAILED first, the reason, exit 4', async () => {
    const r = await runCli(['scan', '--accounts', '111111111111', '--fail-on', 'low', '--quiet'], noCredentials());
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^FAILED SCAN: nothing was evaluated \(no check could be evaluated: 0 of 1 account evaluated\)/);
    expect(r.stdout).toContain('Not evaluated, and why:');
    expect(r.stdout).toMatch(/account 111111111111: CredentialsProviderError: no AWS credentials to assume role OrgScanReadOnly with: Could not load credentials/);
    // What to do: the chain the SDK tried, AWS_PROFILE and aws sso login.
    expect(r.stdout).toMatch(/the SDK looked in environment variables .*AWS_PROFILE.*instance metadata/);
    expect(r.stdout).toContain('aws sso login --profile <profile>');
    expect(r.code).toBe(4);
    // --allow-partial does not let a failed scan pass.
    expect((await runCli(['scan', '--accounts', '111111111111', '--allow-partial', '--quiet'], noCredentials())).code).toBe(4);
  });

  it('with --output, an incomplete scan still says so on stderr (even --quiet) and the file carries status and coverage', async () => {
    const out = join(home, 'scan.json');
    const r = await runCli(['scan', '--accounts', '111111111111', '--output', out, '--quiet'], noCredentials());
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n')[0]).toMatch(/^orgscan: FAILED SCAN: nothing was evaluated/);
    expect(r.stderr).toContain('account 111111111111: CredentialsProviderError');
    const { scan } = JSON.parse(await readFile(out, 'utf8')) as { scan: { status: string; coverage: unknown } };
    expect(scan.status).toBe('failed');
    expect(scan.coverage).toMatchObject({ accounts: { planned: 1, evaluated: 0 } });
  });

  it('--use-caller-credentials without credentials: says so, and never "cannot assume role"', async () => {
    const r = await runCli(['scan', '--accounts', '111111111111', '--use-caller-credentials', '--quiet'], noCredentials());
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/account 111111111111: CredentialsProviderError: no AWS credentials: Could not load credentials/);
    expect(r.stdout).toContain('AWS_PROFILE');
    expect(`${r.stdout}${r.stderr}`).not.toContain('assume role');
  });

  it('--checks with no id is a usage error; --format without --output writes to standard output', async () => {
    const empty = await runCli(['scan', '--accounts', '111111111111', '--checks', ',', '--quiet'], noCredentials());
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--checks names no check id');
    const json = await runCli(['scan', '--accounts', '111111111111', '--format', 'json', '--quiet'], noCredentials());
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ scan: { status: 'failed' } });
    expect(json.stderr).toMatch(/^orgscan: FAILED SCAN/);
  });

  it('--regions us-east-9: refused before scanning, exit 2, naming the region', async () => {
    const r = await runCli(['scan', '--accounts', '111111111111', '--regions', 'us-east-9', '--quiet'], noCredentials());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown region "us-east-9": not a region of any AWS partition');
    expect(r.stdout).toBe('');
  });

  it('with --org and no credentials: the organization cannot be listed, exit 4', async () => {
    const r = await runCli(['scan', '--org', '--quiet'], noCredentials());
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^orgscan: FAILED SCAN: nothing was evaluated: .*credentials/i);
  });
});

describe('against moto', () => {
  let moto: MotoServer;
  const env = () => ({
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const own = ['scan', '--accounts', '123456789012', '--use-caller-credentials', '--regions', 'us-east-1', '--quiet'];

  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('root-user checks the emulator cannot answer: PARTIAL first, the reason printed, exit 3 (0 with --allow-partial)', async () => {
    const r = await runCli([...own, '--checks', 'iam-root-mfa,ebs-volume-unattached'], env());
    expect(r.stdout.split('\n')[0]).toMatch(/^PARTIAL SCAN: not everything was evaluated; 1 of 1 account, 1 of 2 units/);
    expect(r.stdout).toContain(
      'check iam-root-mfa (123456789012/global): RootUserMissingFromCredentialReport: The IAM credential report of account 123456789012 has no <root_account> row, so the root user cannot be evaluated.',
    );
    expect(r.code).toBe(3);
    const allowed = await runCli([...own, '--checks', 'iam-root-mfa,ebs-volume-unattached', '--allow-partial'], env());
    expect(allowed.code).toBe(0);
    // --fail-on counts the ERROR at or above the severity even with --allow-partial.
    const gated = await runCli([...own, '--checks', 'iam-root-mfa,ebs-volume-unattached', '--allow-partial', '--fail-on', 'low'], env());
    expect(gated.code).toBe(1);
  });

  it('every check ERROR (IAM authorization on, credentials unknown to it): FAILED first, exit 4', async () => {
    // From here on the emulator checks every request's credentials: the fake key is unknown to it.
    const auth = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(auth.ok).toBe(true);
    const r = await runCli([...own, '--fail-on', 'low'], env());
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^FAILED SCAN: nothing was evaluated \(no check could be evaluated: 0 of 1 account evaluated\)/);
    const checkLines = lines.filter((l) => l.startsWith('  check '));
    expect(checkLines.length).toBeGreaterThanOrEqual(15);
    expect(r.code).toBe(4);
  });
});
