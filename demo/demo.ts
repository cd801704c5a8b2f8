// `orgscan demo`: the service with its embedded store, scanning a small synthetic organization
// through the same engine. Every SDK client gets the synthetic AWS as its request handler and fake
// credentials, so nothing here can reach real AWS.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CHECK_OPTIONS } from '../checks/types.js';
import { createToken, parseTokenEntries } from '../server/auth.js';
import { startService, type RunningService } from '../server/service.js';
import { DEFAULT_CONCURRENCY } from '../scanner/types.js';
import type { ScanRecord } from '../store/types.js';
import type { DeliveryRecord } from '../domain/index.js';
import { ownershipSchema } from '../notify/config.js';

/**
 * Two teams of the synthetic organization: product owns the workload OUs, platform everything else
 * (security and sandbox accounts, the management account). One sink of each kind; the variables are unset,
 * and the demo writes what would be sent to a file.
 */
export const DEMO_OWNERSHIP = ownershipSchema.parse({
  teams: [
    {
      name: 'product',
      sinks: [
        { type: 'slack', webhookUrlEnv: 'PRODUCT_SLACK_WEBHOOK_URL' },
        { type: 'webhook', urlEnv: 'PRODUCT_WEBHOOK_URL', secretEnv: 'PRODUCT_WEBHOOK_SECRET' },
      ],
    },
    {
      name: 'platform',
      sinks: [
        { type: 'teams', webhookUrlEnv: 'PLATFORM_TEAMS_WEBHOOK_URL' },
        { type: 'email', to: ['platform@example.com'] },
      ],
    },
  ],
  routes: [
    { ouPath: 'Root/Workloads', team: 'product' },
    { accountTags: { env: 'sandbox' }, severity: ['high', 'critical'], team: 'platform' },
  ],
  defaultTeam: 'platform',
  reportBaseUrl: 'http://127.0.0.1:8080/',
  maxFindingsPerMessage: 15,
});
import { BENCH_CREDENTIALS, BENCH_ROLE } from '../emulator/identity.js';
import { SyntheticAws } from '../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../emulator/synthetic/model/organization.js';

export interface DemoOptions {
  accounts: number;
  regions: number;
  seed: string;
  latencyMs: number;
  host: string;
  /** 0: any free port. */
  port: number;
  dataDir: string;
  logLevel?: string | undefined;
}

export interface RunningDemo {
  service: RunningService;
  scan: ScanRecord;
  /** The report page; the token travels in the URL fragment, which browsers never send to the server. */
  reportUrl: string;
  /** A standalone copy of the report, findings embedded. */
  reportFile: string;
  /** An operator token for this demo service only (it lives as long as the process). */
  token: string;
  /** Where the team notifications of the scan would have gone (dry run: written to `notificationsFile`). */
  notifications: DeliveryRecord[];
  notificationsFile: string;
  close(): Promise<void>;
}

const FINISHED = new Set(['succeeded', 'partial', 'failed', 'interrupted', 'cancelled']);

async function waitForScan(service: RunningService, id: string, pollMs = 200): Promise<ScanRecord> {
  for (;;) {
    const scan = await service.store.getScan(id);
    if (!scan) throw new Error(`demo scan ${id} disappeared from the store`);
    if (FINISHED.has(scan.status)) return scan;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const org = new SyntheticOrganization({ seed: options.seed, accounts: options.accounts, regions: options.regions });
  const aws = new SyntheticAws(org, { latencyMs: options.latencyMs, roleNames: [BENCH_ROLE] });
  const { token, entry } = createToken('operator');
  await mkdir(options.dataDir, { recursive: true });
  const notificationsFile = join(options.dataDir, 'orgscan-demo-notifications.jsonl');
  await rm(notificationsFile, { force: true });
  const service = await startService({
    baseRequest: { org: true, roleName: BENCH_ROLE, concurrency: DEFAULT_CONCURRENCY, options: DEFAULT_CHECK_OPTIONS },
    retentionDays: 90,
    host: options.host,
    port: options.port,
    dataDir: options.dataDir,
    tokens: parseTokenEntries(entry, 'demo'),
    aws: { requestHandler: aws, baseCredentials: BENCH_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 8 },
    logLevel: options.logLevel ?? 'warn',
    ownership: DEMO_OWNERSHIP,
    // Nothing leaves the process: every message is written to the dry-run file instead.
    notify: { env: {}, dryRunFile: notificationsFile },
  });
  try {
    const submitted = await service.manager.submit({ scope: { org: true }, source: 'cli' });
    const scan = await waitForScan(service, submitted.scan.id);
    await service.manager.afterScanSettled();
    if (scan.status !== 'succeeded') throw new Error(`the demo scan ended ${scan.status}: ${scan.errors[0]?.message ?? 'no error recorded'}`);
    const response = await fetch(`${service.url}/scans/${encodeURIComponent(scan.id)}/report?download=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`the service answered HTTP ${response.status} for the demo report`);
    const reportFile = join(options.dataDir, 'orgscan-demo-report.html');
    await writeFile(reportFile, await response.text());
    return {
      service,
      scan,
      reportUrl: `${service.url}/scans/${encodeURIComponent(scan.id)}/report#token=${token}`,
      reportFile,
      token,
      notifications: await service.store.listDeliveries(scan.id),
      notificationsFile,
      close: () => service.close(),
    };
  } catch (err) {
    await service.close();
    throw err;
  }
}
