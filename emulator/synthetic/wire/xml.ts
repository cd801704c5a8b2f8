// Minimal XML writing for AWS responses: escaped text, optional elements, lists.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type XmlValue = string | number | boolean | Date | null | undefined;

/** `<tag>value</tag>`, or nothing for null/undefined. Dates as ISO 8601. */
export function el(tag: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? esc(value) : String(value);
  return `<${tag}>${text}</${tag}>`;
}

/** `<tag>children</tag>` with already-rendered children. */
export function wrap(tag: string, children: string): string {
  return `<${tag}>${children}</${tag}>`;
}

/** `<tag><item>…</item>…</tag>`: each item rendered by `render`, wrapped in `itemTag`. */
export function list<T>(tag: string, itemTag: string, items: readonly T[], render: (item: T) => string): string {
  let out = `<${tag}>`;
  for (const item of items) out += `<${itemTag}>${render(item)}</${itemTag}>`;
  return `${out}</${tag}>`;
}
