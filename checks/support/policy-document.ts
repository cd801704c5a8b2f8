// Parsing of IAM and bucket policy documents (evaluation lives in iam-policy.ts).
/** IAM wildcard match: `*` any run of characters, `?` one character, everything else literal (case-sensitive). */
export function iamWildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return regex.test(value);
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Parses a policy document: JSON text, or the URL-encoded JSON that IAM's
 * GetAccountAuthorizationDetails returns. Throws on anything else.
 */
export function parsePolicyDocument(document: string | Record<string, unknown>): PolicyStatement[] {
  let parsed: unknown = document;
  if (typeof document === 'string') {
    const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
    parsed = JSON.parse(text);
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  return asArray(statement as PolicyStatement | PolicyStatement[] | undefined).filter((s) => typeof s === 'object' && s !== null);
}
