// The report's summary with account names, OU paths and owners: by team, by OU, names beside account ids.
import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../reports/html/page.js';
import { summarizeFindings } from '../../reports/summary.js';
import { makeFinding, sampleScan } from '../helpers/sample-findings.js';

const base = sampleScan().scan;
const makeScan = (o: Partial<typeof base> = {}) => ({ ...base, errors: [], ...o });

const findings = [
  makeFinding({ resourceId: 'a', accountId: '111111111111', accountName: 'payments-prod', ouPath: 'Root/Workloads/Payments', owner: 'payments', estimatedMonthlyCostUsd: 10 }),
  makeFinding({ resourceId: 'b', accountId: '111111111111', accountName: 'payments-prod', ouPath: 'Root/Workloads/Payments', owner: 'payments', estimatedMonthlyCostUsd: 5 }),
  makeFinding({ resourceId: 'c', accountId: '222222222222', accountName: '<search>', ouPath: 'Root/Workloads/Search', owner: 'unowned', estimatedMonthlyCostUsd: null }),
  makeFinding({ resourceId: 'd', accountId: '222222222222', status: 'PASS', owner: 'unowned' }),
];

describe('report summary by owner and OU', () => {
  it('counts failing findings and waste by team and by OU, and knows account names', () => {
    const s = summarizeFindings(findings);
    expect(s.failingByTeam.map((g) => [g.key, g.count, g.costUsd])).toEqual([
      ['payments', 2, 15],
      ['unowned', 1, 0],
    ]);
    expect(s.failingByOu.map((g) => [g.key, g.count])).toEqual([
      ['Root/Workloads/Payments', 2],
      ['Root/Workloads/Search', 1],
    ]);
    expect(s.accountNames).toEqual({ '111111111111': 'payments-prod', '222222222222': '<search>' });
  });

  it('renders the by-team and by-OU tables and names beside ids (escaped); none without owners', () => {
    const page = renderReportHtml({ scan: makeScan({ accounts: ['111111111111', '222222222222'] }), findings });
    expect(page).toContain('Failing findings and waste by team');
    expect(page).toContain('Root/Workloads/Payments');
    expect(page).toContain('payments-prod<br><code>111111111111</code>');
    expect(page).toContain('&lt;search&gt; (222222222222)');
    expect(page).not.toContain('<search>');
    const plain = renderReportHtml({ scan: makeScan(), findings: [makeFinding()] });
    expect(plain).not.toContain('waste by team');
  });

  it("a team's service page makes its findings table ask the API for that team only", () => {
    const page = renderReportHtml({ scan: makeScan(), findings }, { mode: 'service', owner: 'payments' });
    expect(page).toContain('"fixedFilters":{"owner":"payments"}');
    expect(renderReportHtml({ scan: makeScan(), findings }, { mode: 'service' })).not.toContain('"fixedFilters":');
  });
});
