import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/types.js';
import { makeFinding } from '../helpers/sample-findings.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('iterateFindings on the embedded store', () => {
  it('lets the event loop turn between pages, so other requests are served during a long read', async () => {
    store = await openStore({});
    const scope = { org: true };
    await store.createScan({ id: 's1', source: 'cli', scope, scopeKey: 'k' });
    await store.markScanRunning('s1', new Date());
    const findings = Array.from({ length: 2_500 }, (_, i) => makeFinding({ resourceId: `vol-${i}` }));
    await store.appendFindings('s1', findings, new Date());

    // PGlite answers queries on this thread: an I/O callback (here, an immediate) runs only if the reader yields.
    let turns = 0;
    const tick = () => {
      turns++;
      if (turns < 1_000) immediate = setImmediate(tick);
    };
    let immediate = setImmediate(tick);
    const turnsAtPage: number[] = [];
    let n = 0;
    for await (const _ of store.iterateFindings('s1')) {
      if (n % 1_000 === 0) turnsAtPage.push(turns);
      n++;
    }
    clearImmediate(immediate);
    expect(n).toBe(2_500);
    expect(turnsAtPage).toHaveLength(3);
    // The event loop turned between the first and the last page.
    expect(turnsAtPage[2]).toBeGreaterThan(turnsAtPage[0]!);
  });
});
