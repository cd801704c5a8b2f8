// Team messages: grouping, the cap, and Slack's block limits with many checks; announcement planning.
import { describe, expect, it } from 'vitest';
import type { Announcement } from '../../domain/index.js';
import { coveredBy, identityKey, planAnnouncements } from '../../notify/announce.js';
import { buildTeamMessage, teamReportUrl } from '../../notify/message.js';
import { retryAfterMs } from '../../notify/deliver.js';
import { slackBody } from '../../notify/sinks/slack.js';
import { makeFinding } from '../helpers/sample-findings.js';

describe('team messages', () => {
  it('caps items across sections and keeps Slack within 50 blocks and 3000-character sections', () => {
    const many = Array.from({ length: 80 }, (_, i) => makeFinding({ checkId: `check-${i}`, resourceId: `r-${'x'.repeat(400)}-${i}` }));
    const message = buildTeamMessage({ team: 'payments', new: many, cameBack: [], resolved: [] }, { scanId: 's', maxItems: 20, reportBaseUrl: 'https://o.example.com/base' });
    expect(message.counts).toEqual({ new: 80, cameBack: 0, resolved: 0 });
    expect(message.omitted).toBe(60);
    expect(message.reportUrl).toBe('https://o.example.com/base/report?owner=payments');
    const body = slackBody(message) as { blocks: { type: string; text?: { text: string } }[] };
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(body.blocks.at(-1)!.type).toBe('actions');
    for (const b of body.blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(b.type === 'header' ? 150 : 3000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
    expect(teamReportUrl(undefined, 'x')).toBeNull();
  });
});

describe('announcement planning', () => {
  const open = (resourceId: string, team = 'payments'): Announcement => ({
    checkId: 'ebs-volume-unattached',
    accountId: '111111111111',
    region: 'eu-west-1',
    resourceId,
    team,
    severity: 'low',
    message: 'm',
    accountName: null,
    announcedAt: '2026-01-01T00:00:00.000Z',
    scanId: 'old',
    resolvedAt: null,
    resolvedScanId: null,
  });
  const scan = { accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'], errors: [] };

  it('opens new and came-back findings, resolves announced ones that stopped failing, keeps still-failing ones quiet', () => {
    const plan = planAnnouncements({
      scanId: 'now',
      at: new Date('2026-01-02T00:00:00Z'),
      failing: [makeFinding({ resourceId: 'still', owner: 'payments' }), makeFinding({ resourceId: 'fresh', owner: 'payments' }), makeFinding({ resourceId: 'again' })],
      open: [open('still'), open('fixed', 'search')],
      resolvedBefore: new Set([identityKey(makeFinding({ resourceId: 'again' }))]),
      covered: coveredBy(scan, []),
    });
    expect(plan.opened.map((a) => [a.resourceId, a.team])).toEqual([
      ['fresh', 'payments'],
      ['again', 'unowned'],
    ]);
    expect(plan.resolved.map((a) => a.resourceId)).toEqual(['fixed']);
    expect(plan.teams.get('search')!.resolved).toHaveLength(1);
    expect(plan.teams.get('unowned')!.cameBack.map((f) => f.resourceId)).toEqual(['again']);
  });

  it('never resolves what the scan could not evaluate (other account, a scan error, an ERROR finding)', () => {
    const base = { scanId: 'now', at: new Date(), failing: [], open: [open('gone')], resolvedBefore: new Set<string>() };
    expect(planAnnouncements({ ...base, covered: coveredBy({ ...scan, accounts: ['222222222222'] }, []) }).resolved).toEqual([]);
    const denied = { accountId: '111111111111', region: null, checkId: null, code: 'AccessDenied', message: 'x' };
    expect(planAnnouncements({ ...base, covered: coveredBy({ ...scan, errors: [denied] }, []) }).resolved).toEqual([]);
    expect(planAnnouncements({ ...base, covered: coveredBy(scan, [makeFinding({ status: 'ERROR', resourceId: '111111111111/eu-west-1' })]) }).resolved).toEqual([]);
    expect(planAnnouncements({ ...base, covered: coveredBy(scan, []) }).resolved).toHaveLength(1);
  });
});
