import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CHECK_OPTIONS } from '../../checks/types.js';
import { CHECKS } from '../../checks/index.js';
import { DEFAULT_CONCURRENCY, type ScanRequest } from '../../scanner/types.js';
import { narrowScope, requestFor, scopeKey, ScopeError } from '../../server/scope.js';

const base = (over: Partial<ScanRequest> = {}): ScanRequest => ({
  org: false,
  accounts: ['111111111111', '222222222222'],
  regions: ['eu-west-1', 'us-east-1'],
  roleName: 'OrgScanReadOnly',
  externalId: 'ext-123',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
  ...over,
});
const noOrg = async () => {
  throw new Error('organization must not be listed');
};

describe('scope narrowing', () => {
  it('keeps the configured scope when the request names nothing', async () => {
    const scope = await narrowScope(base(), {}, noOrg);
    expect(scope).toEqual({ org: false, accounts: ['111111111111', '222222222222'], regions: ['eu-west-1', 'us-east-1'], excludeRegions: undefined, checks: undefined });
  });

  it('narrows accounts, regions and checks within the configuration', async () => {
    const id = CHECKS[0]!.id;
    const scope = await narrowScope(base(), { accounts: ['222222222222'], regions: ['eu-west-1'], checks: [id] }, noOrg);
    expect(scope).toMatchObject({ accounts: ['222222222222'], regions: ['eu-west-1'], checks: [id] });
  });

  it('refuses accounts, regions and checks outside the configuration with precise messages', async () => {
    await expect(narrowScope(base(), { accounts: ['333333333333'] }, noOrg)).rejects.toThrow('accounts: "333333333333" is not among the configured accounts');
    await expect(narrowScope(base(), { accounts: ['12345'] }, noOrg)).rejects.toThrow('accounts: "12345" is not a 12-digit account id');
    await expect(narrowScope(base(), { regions: ['ap-south-1'] }, noOrg)).rejects.toThrow(/regions: "ap-south-1" not among the configured regions/);
    await expect(narrowScope(base(), { regions: ['Mars'] }, noOrg)).rejects.toThrow(/is not a region name/);
    await expect(narrowScope(base({ regions: undefined, excludeRegions: ['us-east-1'] }), { regions: ['us-east-1'] }, noOrg)).rejects.toThrow(/excluded by the configuration/);
    await expect(narrowScope(base(), { checks: ['no-such-check'] }, noOrg)).rejects.toThrow(/checks: unknown check id: no-such-check/);
    await expect(narrowScope(base({ checks: [CHECKS[0]!.id] }), { checks: [CHECKS[1]!.id] }, noOrg)).rejects.toThrow(/not among the configured checks/);
    await expect(narrowScope(base(), { accounts: [] }, noOrg)).rejects.toBeInstanceOf(ScopeError);
  });

  it('checks requested accounts against the organization when the scope is the organization', async () => {
    const org = vi.fn(async () => ['111111111111', '444444444444']);
    const b = base({ org: true, accounts: undefined });
    expect((await narrowScope(b, { accounts: ['444444444444'] }, org)).accounts).toEqual(['444444444444']);
    await expect(narrowScope(b, { accounts: ['555555555555'] }, org)).rejects.toThrow("not among the organization's active accounts");
    await narrowScope(b, {}, org);
    expect(org).toHaveBeenCalledTimes(2);
  });

  it('never takes the role, ExternalId or limits from the request', async () => {
    const b = base();
    const scope = await narrowScope(b, { accounts: ['111111111111'], roleName: 'Evil', roleArn: 'arn:aws:iam::1:role/x' } as never, noOrg);
    const request = requestFor(b, scope);
    expect(request.roleName).toBe('OrgScanReadOnly');
    expect(request.externalId).toBe('ext-123');
    expect(request).not.toHaveProperty('roleArn');
  });

  it('gives equal keys to equal scopes whatever the order', () => {
    const a = scopeKey({ org: false, accounts: ['2', '1'], regions: ['b', 'a'] });
    expect(a).toBe(scopeKey({ org: false, accounts: ['1', '2', '1'], regions: ['a', 'b'] }));
    expect(a).not.toBe(scopeKey({ org: false, accounts: ['1'], regions: ['a', 'b'] }));
    expect(scopeKey({ org: true, checks: CHECKS.map((c) => c.id) })).toBe(scopeKey({ org: true }));
  });
});
