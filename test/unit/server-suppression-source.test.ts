// Stored suppression rules are validated again on every read; one that no longer validates (stored before a
// limit existed, or edited by hand) is skipped and logged, so it cannot stop every scan.
import { afterAll, describe, expect, it } from 'vitest';
import { suppressionSource } from '../../server/suppression-source.js';
import type { Store } from '../../store/types.js';
import { memoryStore } from '../helpers/report-store.js';
import { makeFinding } from '../helpers/sample-findings.js';

describe('suppression rules from the store', () => {
  let store: Store | undefined;
  afterAll(async () => store?.close());

  it('applies the valid rules and logs, without applying, one that no longer validates', async () => {
    store = await memoryStore();
    const at = new Date('2026-12-01T00:00:00Z');
    await store.addSuppression({ id: 'ok', reason: 'known', expires: '2099-01-01', resourceId: 'vol-ok' }, 'ok', at);
    // Longer than the glob limit of 256 characters: accepted before the limit existed.
    await store.addSuppression({ id: 'too-long', reason: 'old rule', expires: '2099-01-01', resourceId: `vol-${'*a'.repeat(200)}` }, 'too-long', at);
    const warnings: { obj: object; msg: string }[] = [];
    const source = suppressionSource(store, undefined, { warn: (obj, msg) => void warnings.push({ obj, msg }) });

    const { api } = await source.rules();
    expect(api.map((r) => r.id)).toEqual(['ok']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.obj).toMatchObject({ ruleId: 'too-long', reason: expect.stringMatching(/256/) });
    expect(warnings[0]!.msg).toMatch(/not applied/);

    const suppress = await source.suppressor(new Date('2026-12-07T00:00:00Z'));
    expect(suppress(makeFinding({ resourceId: 'vol-ok' }))).toMatchObject({ ruleId: 'ok' });
    expect(suppress(makeFinding({ resourceId: `vol-${'a'.repeat(200)}` }))).toBeNull();
  });
});
