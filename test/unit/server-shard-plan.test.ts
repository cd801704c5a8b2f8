import { describe, expect, it } from 'vitest';
import { splitAccounts } from '../../server/shard-plan.js';

describe('splitAccounts', () => {
  it('cuts the accounts into consecutive shards of at most n, in order', () => {
    expect(splitAccounts(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(splitAccounts(['a'], 5)).toEqual([['a']]);
    expect(splitAccounts([], 5)).toEqual([]);
  });
  it('refuses a shard size that is not a positive whole number', () => {
    expect(() => splitAccounts(['a'], 0)).toThrow(RangeError);
    expect(() => splitAccounts(['a'], 1.5)).toThrow(RangeError);
  });
});
