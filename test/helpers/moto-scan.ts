// One scan of moto accounts through the real engine and SDK clients, its findings collected: what the
// check integration tests assert on.
import { DEFAULT_CHECK_OPTIONS, type CheckOptionsInput, type Finding, type ScanSummary } from '../../checks/types.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';
import { runScan } from '../../scanner/runner.js';

export interface MotoScanRequest {
  accounts: string[];
  regions: string[];
  checks: string[];
  options?: CheckOptionsInput;
  /** The scan's clock (moto stamps times with the real one; age logic needs it moved). */
  now?: () => Date;
  concurrency?: { accounts: number; units: number; apiCalls: number };
}

export async function scanMoto(endpoint: string, request: MotoScanRequest): Promise<{ summary: ScanSummary; findings: Finding[] }> {
  const findings: Finding[] = [];
  const summary = await runScan(
    {
      org: false,
      accounts: request.accounts,
      regions: request.regions,
      checks: request.checks,
      roleName: 'OrgScanReadOnly',
      concurrency: request.concurrency ?? { accounts: 4, units: 8, apiCalls: 16 },
      options: request.options ?? DEFAULT_CHECK_OPTIONS,
    },
    {
      aws: { endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
      ...(request.now ? { now: request.now } : {}),
      hooks: { onFindings: (batch) => void findings.push(...batch) },
    },
  );
  return { summary, findings };
}
