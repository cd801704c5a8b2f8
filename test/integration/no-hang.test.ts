// Every AWS call ends in bounded time: against an endpoint that accepts and never answers, the scan
// ends (no timed assertion: the vitest timeout is the only clock) and its ERRORs name the service,
// the operation, the endpoint and where the endpoint came from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding } from '../../checks/types.js';
import { runScan } from '../../scanner/runner.js';
import { ensureBuilt, runCli } from '../helpers/dist.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';
import { startSilentEndpoint, type SilentEndpoint } from '../helpers/silent-endpoint.js';

let silent: SilentEndpoint;
beforeAll(async () => {
  ensureBuilt();
  silent = await startSilentEndpoint();
});
afterAll(async () => {
  await silent?.close();
});

/** Short limits so the test is quick; the defaults (README, "Timeouts") bound it the same way. */
const fastTimeouts = {
  ORGSCAN_AWS_CONNECT_TIMEOUT_MS: '1000',
  ORGSCAN_AWS_REQUEST_TIMEOUT_MS: '1000',
  ORGSCAN_AWS_TIMEOUT_ATTEMPTS: '2',
};
const env = () => ({
  AWS_ENDPOINT_URL: silent.url,
  AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  ...fastTimeouts,
});

describe('a silent endpoint (accepts, never answers)', () => {
  it('orgscan scan --org ends, FAILED, naming Organizations, the endpoint and AWS_ENDPOINT_URL (exit 4)', async () => {
    const r = await runCli(['scan', '--org', '--quiet'], env());
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`orgscan: FAILED SCAN: nothing was evaluated: Organizations ListAccounts got no answer in time from ${silent.url}/ (endpoint from AWS_ENDPOINT_URL)`);
    expect(r.stderr).toContain('requestTimeout');
  }, 60_000);

  it('orgscan scan of one account ends with every check ERROR naming its service and endpoint (exit 4)', async () => {
    const r = await runCli(
      ['scan', '--accounts', '123456789012', '--use-caller-credentials', '--regions', 'us-east-1', '--checks', 'ebs-volume-unattached,iam-password-policy', '--quiet'],
      env(),
    );
    expect(r.code).toBe(4);
    expect(r.stdout.split('\n')[0]).toMatch(/^FAILED SCAN: nothing was evaluated/);
    expect(r.stdout).toMatch(new RegExp(`check ebs-volume-unattached \\(123456789012/us-east-1\\): ETIMEDOUT: .*EC2 DescribeVolumes got no answer in time from ${silent.url}/ \\(endpoint from AWS_ENDPOINT_URL\\)`));
    expect(r.stdout).toMatch(new RegExp(`check iam-password-policy \\(123456789012/global\\): ETIMEDOUT: .*IAM GetAccountPasswordPolicy got no answer in time from ${silent.url}/ \\(endpoint from AWS_ENDPOINT_URL\\)`));
  }, 60_000);

  it('assuming the member role gives up too: the account error names STS and the endpoint', async () => {
    const r = await runCli(['scan', '--accounts', '111111111111', '--regions', 'us-east-1', '--checks', 'ebs-volume-unattached', '--quiet'], env());
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(new RegExp(`account 111111111111: ETIMEDOUT: cannot assume role OrgScanReadOnly: STS AssumeRole got no answer in time from ${silent.url}/ \\(endpoint from AWS_ENDPOINT_URL\\)`));
  }, 60_000);

  it('the unit deadline ends a unit whose calls keep the socket busy, aborting its open requests', async () => {
    const findings: Finding[] = [];
    const summary = await runScan(
      { org: false, accounts: ['123456789012'], regions: ['us-east-1'], checks: ['ebs-volume-unattached'], roleName: 'OrgScanReadOnly', concurrency: { accounts: 1, units: 1, apiCalls: 2 }, options: DEFAULT_CHECK_OPTIONS },
      {
        // A request timeout far beyond the deadline: only the deadline can end this unit.
        aws: { endpoint: silent.url, baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, maxAttempts: 1, timeouts: { requestMs: 600_000, unitMs: 1_000 } },
        hooks: { onFindings: (b) => void findings.push(...b) },
      },
    );
    expect(summary.status).toBe('failed');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'ERROR', errorCode: 'UnitDeadlineExceeded' });
    expect(findings[0]!.message).toContain('the unit 123456789012/us-east-1 did not finish within its deadline of 1 s (ORGSCAN_UNIT_DEADLINE_MS)');
  }, 60_000);
});
