// Where /login may send the browser back to: a path on this origin, never another site.
export const DEFAULT_NEXT = '/report';
const BASE = 'http://orgscan.invalid';

/**
 * The normalized same-origin path (with query) named by `raw`, or null when `raw` is not one:
 * absolute and scheme-relative URLs (`//host`), backslashes (browsers read `/\host` as `//host`),
 * control characters and whitespace are refused. The fragment is dropped, so a `#token=` can never
 * travel on to a server in a query string.
 */
export function safeNextPath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  if (!raw.startsWith('/') || raw.startsWith('//')) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\x00-\x20\x7f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}`;
  // Dot segments can normalize into a scheme-relative path: "/.//evil" becomes "//evil".
  if (path.startsWith('//')) return null;
  return path;
}

/** `next` for the login form: the safe path, or the report when absent, unsafe or the sign-in pages themselves. */
export function nextOrDefault(raw: unknown): string {
  const path = safeNextPath(raw);
  if (!path || /^\/(login|logout)(?:[/?]|$)/.test(path)) return DEFAULT_NEXT;
  return path;
}
