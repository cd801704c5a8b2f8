/** Follows a paginator to its end and concatenates one list field of every page. */
export async function collectPages<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) {
    const list = items(page);
    if (list) for (const item of list) all.push(item);
  }
  return all;
}
