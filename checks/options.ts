// Check options: each check owns its zod schema (defaults, descriptions); the configuration file's
// `checkOptions` schema is composed from them, so an option is stated once.
import { z } from 'zod';
import type { Check, CheckOptionsInput } from './types.js';

/** `checkOptions:` of the configuration file: check id → that check's options; unknown ids and fields rejected by name. */
export function checkOptionsSchema(checks: readonly Check[]) {
  const shape = Object.fromEntries(checks.filter((c) => c.options && Object.keys(c.options.shape).length > 0).map((c) => [c.id, c.options!.strict().prefault({})]));
  return z.object(shape).strict();
}

export class CheckOptionsError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'CheckOptionsError';
  }
}

/** Each check's options with defaults filled in, keyed by check id; throws CheckOptionsError naming every bad field. */
export function resolveCheckOptions(checks: readonly Check[], input: CheckOptionsInput = {}): Map<string, unknown> {
  // Options of checks not being run are ignored: the configuration file's schema already rejected unknown ids.
  const problems: string[] = [];
  const resolved = new Map<string, unknown>();
  for (const check of checks) {
    const parsed = check.options!.strict().safeParse(input[check.id] ?? {});
    if (parsed.success) resolved.set(check.id, parsed.data);
    else for (const issue of parsed.error.issues) problems.push(`checkOptions.${check.id}.${issue.path.join('.') || '(options)'}: ${issue.message}`);
  }
  if (problems.length > 0) throw new CheckOptionsError(problems);
  return resolved;
}
