// What PostgreSQL (and PGlite) can store: text and jsonb hold no NUL character, and jsonb rejects
// escapes of lone UTF-16 surrogates. AWS resource names and tags can carry both, so every value the
// store writes passes through here; each such character becomes U+FFFD (the replacement character).
// Without it, one resource named `innocent\u0000alarm` made PostgreSQL reject its whole batch.

/** `\u0000` and lone-surrogate escapes in JSON text, not preceded by an escaping backslash. */
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;
const NUL_OR_LONE_SURROGATE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A string a text column accepts: NUL and lone surrogates replaced by U+FFFD. */
export function storableText(value: string): string {
  return value.replace(NUL_OR_LONE_SURROGATE, '\uFFFD');
}

/** As storableText, for nullable values. */
export function storableTextOrNull(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : storableText(value);
}

/**
 * JSON text a jsonb parameter accepts, keys included. JSON.stringify writes NUL as `\u0000` and a
 * lone surrogate as `\udXXX` (every other character it escapes is storable), so rewriting those
 * escapes in the text is enough and costs one pass, however deep the value.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSTORABLE_ESCAPE, '$1\\ufffd');
}
