// Account name, OU path and owner in the CSV and OCSF exports.
import { describe, expect, it } from 'vitest';
import { csvHeader, findingToCsvRow } from '../../reports/csv.js';
import { findingToOcsf } from '../../reports/ocsf.js';
import { makeFinding } from '../helpers/sample-findings.js';

const owned = makeFinding({
  accountName: '=payments-prod',
  ouPath: 'Root/Workloads/Payments',
  accountTags: { env: 'prod' },
  owner: 'payments',
  orgId: 'o-abcdefghij',
  ouId: 'ou-ab12-cdefgh34',
});

describe('account metadata in exports', () => {
  it('CSV appends accountName, ouPath and owner (formula-guarded)', () => {
    expect(csvHeader().trimEnd().endsWith(',accountName,ouPath,owner')).toBe(true);
    expect(findingToCsvRow(owned).trimEnd().endsWith(",'=payments-prod,Root/Workloads/Payments,payments")).toBe(true);
    // Findings stored before the fields existed: empty cells.
    expect(findingToCsvRow(makeFinding()).trimEnd().endsWith(',,,')).toBe(true);
  });

  it('OCSF carries cloud.account.name and cloud.org (organization id, the account OU)', () => {
    const ocsf = findingToOcsf(owned, { id: 'scan-1', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z' }) as unknown as {
      cloud: { account: Record<string, unknown>; org?: Record<string, unknown> };
      unmapped: Record<string, unknown>;
    };
    expect(ocsf.cloud.account).toMatchObject({ uid: '111111111111', name: '=payments-prod', labels: ['env:prod'] });
    expect(ocsf.cloud.org).toEqual({ uid: 'o-abcdefghij', ou_uid: 'ou-ab12-cdefgh34', ou_name: 'Payments' });
    expect(ocsf.unmapped).toMatchObject({ ou_path: 'Root/Workloads/Payments', owner: 'payments' });
    const bare = findingToOcsf(makeFinding(), { id: 'scan-1', startedAt: '2026-01-01T00:00:00Z', finishedAt: null }) as unknown as { cloud: Record<string, unknown> };
    expect(bare.cloud.org).toBeUndefined();
  });
});
