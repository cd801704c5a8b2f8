/** Memoizes async work by key: every caller shares one promise, its result or its error. */
export interface Memo {
  <T>(key: string, load: () => Promise<T>): Promise<T>;
}

export function createMemo(): Memo {
  const cache = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      // Rejections are cached too: a denied API is not retried by the next check.
      hit.catch(() => undefined);
      cache.set(key, hit);
    }
    return hit;
  };
}
