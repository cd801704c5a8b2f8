import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../emulator/synthetic/throttle.js';

describe('the synthetic AWS token buckets', () => {
  const limit = { rate: 2, burst: 3 };

  it('throttles past the burst and refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    expect([1, 2, 3, 4].map(() => buckets.take('ec2|a|r', limit))).toEqual([true, true, true, false]);
    now = 500; // one token back at 2 per second
    expect([buckets.take('ec2|a|r', limit), buckets.take('ec2|a|r', limit)]).toEqual([true, false]);
  });

  it('forgets buckets that have refilled, keeping the bound of those that needed throttling', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    // One busy bucket: 3 burst + 2 admitted after refills, so it needed (5 - 3) / 2 = 1 s.
    for (let i = 0; i < 3; i++) buckets.take('busy', limit);
    now = 1000;
    buckets.take('busy', limit);
    buckets.take('busy', limit);
    // Thousands of one-call buckets, as a scan of many accounts makes.
    for (let i = 0; i < 5000; i++) buckets.take(`quiet|${i}`, limit);
    expect(buckets.size).toBeGreaterThan(4000);
    now = 60_000; // everything refilled; the next sweep (every 4,096 takes) empties the map
    for (let i = 0; i < 4096; i++) buckets.take('late', { rate: 1e9, burst: 1e9 });
    expect(buckets.size).toBeLessThan(10);
    const busy = buckets.bounds().find((b) => b.key === 'busy');
    expect(busy).toEqual({ key: 'busy', admitted: 5, rate: 2, burst: 3, seconds: 1 });
    expect(buckets.bounds().some((b) => b.key.startsWith('quiet'))).toBe(false);
  });

  it('keeps a bucket that is still draining', () => {
    let now = 0;
    const buckets = new TokenBuckets(() => now);
    for (let i = 0; i < 3; i++) buckets.take('draining', limit);
    now = 100; // 0.2 tokens back: not full
    for (let i = 0; i < 4096; i++) buckets.take('other', { rate: 1e9, burst: 1e9 });
    expect(buckets.take('draining', limit)).toBe(false);
  });
});
