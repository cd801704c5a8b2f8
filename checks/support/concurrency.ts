import pLimit from 'p-limit';

/** Per-resource reads (bucket settings, user keys) in flight at once within one check of a unit. */
export const PER_RESOURCE_CONCURRENCY = 8;

/** Maps items with at most `concurrency` calls of `fn` pending at once; results keep the items' order. */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(concurrency);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}
