// Suppression rules: a YAML file (validated at start-up, errors with line:column) or REST input.
// A rule mutes FAIL findings it matches until the end of its `expires` day (UTC).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { CHECKS } from '../checks/index.js';
import type { Finding, SuppressionMatch } from '../checks/types.js';
import { ruleEndInstant, type SuppressionRule } from '../domain/suppressions.js';
import { compileGlob, GlobError, validateGlob } from './glob.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from './validation.js';

export { expiringRules, type SuppressionRule } from '../domain/suppressions.js';

/** A rule that cannot be accepted: bad REST input, or (as SuppressionFileError) a bad file entry. */
export class SuppressionRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionRuleError';
  }
}

export class SuppressionFileError extends SuppressionRuleError {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${source}:${line}:${column}: ${detail}`);
    this.name = 'SuppressionFileError';
  }
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a rule stops matching: midnight UTC after its `expires` day. */
export function expiryInstant(expires: string): Date {
  const end = ruleEndInstant(expires);
  if (!end) throw new SuppressionRuleError(`expires must be a date YYYY-MM-DD, got ${JSON.stringify(expires)}`);
  return end;
}

function isRealDate(value: string): boolean {
  const m = DATE_PATTERN.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const knownCheckIds = () => new Set(CHECKS.map((c) => c.id));
const nonEmpty = z.string().trim().min(1, 'must not be empty');

const ruleSchema = z
  .object({
    id: z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : or -').optional(),
    checkId: nonEmpty.refine((id) => knownCheckIds().has(id), {
      error: (issue) => `unknown check id ${JSON.stringify(issue.input)} (run \`orgscan checks\` for the list)`,
    }).optional(),
    accountId: z
      .string({ error: 'must be a 12-digit AWS account id in quotes (YAML reads unquoted digits as a number)' })
      .regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id')
      .optional(),
    region: z
      .string()
      .refine((r) => r === 'global' || REGION_PATTERN.test(r), 'must be an AWS region name such as eu-west-1, or "global"')
      .optional(),
    resourceId: nonEmpty.superRefine((pattern, ctx) => {
      try {
        validateGlob(pattern);
      } catch (err) {
        if (!(err instanceof GlobError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message, input: pattern });
      }
    }).optional(),
    tags: z.record(nonEmpty, z.string()).refine((t) => Object.keys(t).length > 0, 'must list at least one tag').optional(),
    reason: nonEmpty,
    expires: z.string().refine(isRealDate, 'must be a date YYYY-MM-DD'),
    owner: nonEmpty.optional(),
  })
  .strict()
  .refine((r) => r.checkId || r.accountId || r.region || r.resourceId || r.tags, {
    error: 'must name at least one of checkId, accountId, region, resourceId or tags (a rule matching everything is not allowed)',
  });

type RuleInput = z.infer<typeof ruleSchema>;

/** A stable id for a rule without one: the hash of its matching fields and expiry. */
export function generatedRuleId(rule: Omit<RuleInput, 'id'>): string {
  const canonical = JSON.stringify(
    ['checkId', 'accountId', 'region', 'resourceId', 'tags', 'reason', 'expires', 'owner'].map((k) => {
      const v = (rule as Record<string, unknown>)[k];
      return k === 'tags' && v ? Object.entries(v as Record<string, string>).sort(([a], [b]) => a.localeCompare(b)) : (v ?? null);
    }),
  );
  return `sup-${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

function toRule(input: RuleInput): SuppressionRule {
  const rule: SuppressionRule = { id: input.id ?? generatedRuleId(input), reason: input.reason.trim(), expires: input.expires };
  if (input.checkId) rule.checkId = input.checkId;
  if (input.accountId) rule.accountId = input.accountId;
  if (input.region) rule.region = input.region;
  if (input.resourceId) rule.resourceId = input.resourceId;
  if (input.tags) rule.tags = input.tags;
  if (input.owner) rule.owner = input.owner;
  return rule;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : undefined;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && field && valueAt(input, issue.path) === undefined) return `${field} is required`;
  if (issue.code === 'invalid_type' && !field) return 'a rule must be a mapping of fields';
  return field ? `${field} ${issue.message}` : issue.message;
}

/** Validates one rule (REST API input); throws SuppressionRuleError naming the bad field. */
export function validateSuppressionRule(input: unknown): SuppressionRule {
  const result = ruleSchema.safeParse(input);
  if (!result.success) throw new SuppressionRuleError(`invalid suppression rule: ${result.error.issues.map((issue) => describeIssue(issue, input)).join('; ')}`);
  return toRule(result.data);
}

// ------------------------------------------------------------------ file parsing

/** The YAML node an issue points at: the key of an unknown field, else the value at the path, else its nearest parent. */
function nodeForIssue(doc: Document, basePath: (string | number)[], issue: z.core.$ZodIssue): Node | null {
  const path = [...basePath, ...(issue.path as (string | number)[])];
  if (issue.code === 'unrecognized_keys') {
    const map = doc.getIn(path, true);
    if (isMap(map)) {
      const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && issue.keys.includes(String(p.key.value)));
      if (pair && isScalar(pair.key)) return pair.key;
    }
  }
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return null;
}

function positionOf(node: Node | null | undefined, lines: LineCounter): { line: number; col: number } {
  const offset = node?.range?.[0] ?? 0;
  return lines.linePos(offset);
}

/**
 * Parses a suppression file: a top-level `suppressions:` list of rules. Throws
 * SuppressionFileError with `source:line:column` for the first problem found.
 */
export function parseSuppressionRules(yamlText: string, source: string): SuppressionRule[] {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = (node: Node | null | undefined, detail: string, offset?: number): SuppressionFileError => {
    const pos = offset !== undefined ? lines.linePos(offset) : positionOf(node, lines);
    return new SuppressionFileError(source, pos.line, pos.col, detail);
  };
  const yamlError = doc.errors[0];
  if (yamlError) throw error(null, `not valid YAML: ${yamlError.message.split('\n')[0]}`, yamlError.pos[0]);

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return [];
  if (!isMap(root)) throw error(root, 'the file must be a mapping with a top-level `suppressions:` list');
  for (const pair of root.items) {
    const key = pair.key;
    if (!isScalar(key) || key.value !== 'suppressions') {
      throw error(isScalar(key) ? key : root, `unknown top-level field ${JSON.stringify(isScalar(key) ? key.value : key)} (expected \`suppressions:\`)`);
    }
  }
  const list = root.get('suppressions', true);
  if (list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) throw error(list as Node, '`suppressions` must be a list of rules');

  const entries = (doc.toJS() as { suppressions: unknown[] }).suppressions;
  const rules: SuppressionRule[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    const result = ruleSchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw error(nodeForIssue(doc, ['suppressions', index], issue), `suppressions[${index}]: ${describeIssue(issue, entry)}`);
    }
    const rule = toRule(result.data);
    const previous = seen.get(rule.id);
    if (previous !== undefined) {
      throw error(doc.getIn(['suppressions', index], true) as Node, `suppressions[${index}]: duplicate rule id ${rule.id} (also suppressions[${previous}])`);
    }
    seen.set(rule.id, index);
    rules.push(rule);
  });
  return rules;
}

export async function loadSuppressionFile(path: string): Promise<SuppressionRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new SuppressionRuleError(`cannot read suppression file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseSuppressionRules(text, path);
}

// ------------------------------------------------------------------ matching

export function isRuleActive(rule: SuppressionRule, now: Date): boolean {
  return now.getTime() < expiryInstant(rule.expires).getTime();
}

type Matcher = (finding: Finding) => boolean;

function compile(rule: SuppressionRule): Matcher {
  const tests: Matcher[] = [];
  if (rule.checkId !== undefined) tests.push((f) => f.checkId === rule.checkId);
  if (rule.accountId !== undefined) tests.push((f) => f.accountId === rule.accountId);
  if (rule.region !== undefined) tests.push((f) => f.region === rule.region);
  if (rule.resourceId !== undefined) {
    const pattern = rule.resourceId;
    // `*` stops at `/` (inline policy ids are user/NAME/policy/POLICY), `**` crosses it. The matcher runs in
    // linear time: a backtracking RegExp can take minutes on one crafted pattern and a long name.
    const glob = compileGlob(pattern);
    tests.push((f) => f.resourceId === pattern || glob(f.resourceId));
  }
  if (rule.tags) {
    const wanted = Object.entries(rule.tags);
    tests.push((f) => wanted.every(([k, v]) => f.tags?.[k] === v));
  }
  return (f) => tests.every((t) => t(f));
}

/**
 * A function that returns the first active rule matching a finding, or null. Rules combine
 * with OR; the fields of one rule with AND. Only FAIL findings are muted: a PASS needs no
 * muting and an ERROR (could not evaluate) must stay visible.
 */
export function createSuppressor(rules: SuppressionRule[], now: Date): (finding: Finding) => SuppressionMatch | null {
  const active = rules.filter((r) => isRuleActive(r, now)).map((rule) => ({ rule, matches: compile(rule) }));
  return (finding) => {
    if (finding.status !== 'FAIL') return null;
    const hit = active.find((a) => a.matches(finding));
    if (!hit) return null;
    return { ruleId: hit.rule.id, reason: hit.rule.reason, expires: hit.rule.expires, owner: hit.rule.owner };
  };
}
