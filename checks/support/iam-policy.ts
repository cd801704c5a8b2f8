// IAM policy evaluation: one request against a policy's statements, and the two analyses the checks need
// (does a bucket policy deny every request made without TLS; does a policy allow "*" on "*").
//
// Sources (IAM User Guide unless noted):
// - Policy evaluation logic: an explicit Deny in any statement wins over any Allow; no matching Allow is an
//   implicit deny.                          https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// - Condition operators; a key absent from the request makes a condition false, except that a negated operator
//   (StringNotEquals, ArnNotLike, NotIpAddress, …) is then true; ...IfExists is true on an absent key; Null tests
//   presence.                               https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// - Several operators, and several keys in one operator: AND; several values for one key: OR (NOR for a negated
//   operator).                              https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// - ForAllValues (true when the key is absent or empty) / ForAnyValue (false when absent).
//                                           https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// - Action names are case-insensitive; Resource ARNs are case-sensitive; both take * and ? wildcards.
//                                           https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//                                           https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
// - NotAction / NotResource / NotPrincipal: the statement applies to everything except what is listed.
//                                           https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
//
// Not supported, on purpose: policy variables (`${aws:username}`) are not substituted — a pattern containing one is
// matched literally, so it matches almost nothing; the TLS analysis then does not count such a Deny (a FAIL, never a
// false PASS). Permissions boundaries, SCPs and session policies are outside this module: it evaluates one policy.
import { BlockList, isIP } from 'node:net';
import { asArray, iamWildcardMatch, parsePolicyDocument, type PolicyStatement } from './policy-document.js';

export type ContextValue = string | boolean | number | ReadonlyArray<string | boolean | number>;

/** Who makes the request: an AWS principal ARN (user, role, assumed-role session, account root) or a service. */
export interface RequestPrincipal {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';
  /** ARN for AWS principals, `s3.amazonaws.com` for services, the provider for federated users. */
  id: string;
}

export interface PolicyRequest {
  /** Omit when evaluating an identity policy (its statements have no Principal and apply to the attached identity). */
  principal?: RequestPrincipal;
  action: string;
  resource: string;
  /** Request context keys (names are case-insensitive, as in IAM). */
  context?: Readonly<Record<string, ContextValue | null | undefined>>;
}

export type PolicyDecision = 'explicit-deny' | 'allow' | 'implicit-deny';

/** A condition operator this module does not know: evaluation cannot answer, so it says so instead of guessing. */
export class UnsupportedConditionOperatorError extends Error {
  constructor(readonly operator: string) {
    super(`Unsupported IAM condition operator "${operator}"`);
    this.name = 'UnsupportedConditionOperatorError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching of Action, Resource and Principal

/** Action match: `*` and `?` wildcards, case-insensitive ("iam:ListAccessKeys" is "IAM:listaccesskeys"). */
export function actionMatches(pattern: string, action: string): boolean {
  return iamWildcardMatch(pattern.toLowerCase(), action.toLowerCase());
}

/** Resource match: `*` and `?` wildcards, case-sensitive. */
export function resourceMatches(pattern: string, resource: string): boolean {
  return iamWildcardMatch(pattern, resource);
}

function accountOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts[4] : undefined;
}

/** `arn:aws:sts::111:assumed-role/R/session` acts as the role `arn:aws:iam::111:role/R`. */
function roleOfSession(arn: string): string | undefined {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

function principalEntryMatches(type: string, value: string, principal: RequestPrincipal | undefined): boolean {
  if (value === '*' && type === 'AWS') return true; // {"AWS": "*"}: every principal, as "Principal": "*"
  if (!principal || principal.type !== type) return false;
  if (value === '*') return true;
  if (value === principal.id) return true;
  if (type !== 'AWS') return false;
  // An account (12-digit id or its :root ARN) stands for every principal of that account.
  const account = accountOf(principal.id);
  if (account && (value === account || value === `arn:${principal.id.split(':')[1]}:iam::${account}:root`)) return true;
  const role = roleOfSession(principal.id);
  return role !== undefined && value === role;
}

/** Does a Principal / NotPrincipal element name the request's principal? */
export function principalElementMatches(element: unknown, principal: RequestPrincipal | undefined): boolean {
  if (element === '*') return true;
  if (!element || typeof element !== 'object') return false;
  return Object.entries(element as Record<string, unknown>).some(([type, values]) =>
    asArray(values as string | string[]).some((v) => typeof v === 'string' && principalEntryMatches(type, v, principal)),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

type Scalar = string | boolean | number;

function lookup(context: PolicyRequest['context'], key: string): Scalar[] | undefined {
  if (!context) return undefined;
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(context)) {
    if (k.toLowerCase() !== lower) continue;
    if (v === null || v === undefined) return undefined;
    const values = Array.isArray(v) ? [...v] : [v as Scalar];
    return values.length === 0 ? undefined : values; // an empty set is a null data set: treated as absent
  }
  return undefined;
}

function toDate(value: Scalar): number | undefined {
  if (typeof value === 'number') return value * 1000;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000; // epoch seconds
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function toNumber(value: Scalar): number | undefined {
  if (typeof value === 'boolean') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return String(value).trim() === '' || Number.isNaN(n) ? undefined : n;
}

function ipInCidr(address: string, cidr: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const [network = '', bitsText] = cidr.trim().split('/');
  const networkFamily = isIP(network);
  if (networkFamily !== family) return false;
  const max = family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return false;
  const list = new BlockList();
  list.addSubnet(network, bits, family === 4 ? 'ipv4' : 'ipv6');
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** ArnEquals / ArnLike: each of the six colon-separated parts is matched on its own, case-sensitively. */
function arnLike(pattern: string, value: string): boolean {
  const split = (arn: string) => {
    const parts = arn.split(':');
    return parts.length < 6 ? undefined : [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  if (pattern === '*') return true;
  const p = split(pattern);
  const v = split(value);
  if (!p || !v) return false;
  return p.every((segment, i) => iamWildcardMatch(segment, v[i] ?? ''));
}

/** One policy value against one request value, for the positive form of an operator. */
type Comparator = (policyValue: Scalar, requestValue: Scalar) => boolean;

const str = (v: Scalar) => String(v);
const numeric = (test: (a: number, b: number) => boolean): Comparator => (p, r) => {
  const a = toNumber(r);
  const b = toNumber(p);
  return a !== undefined && b !== undefined && test(a, b);
};
const date = (test: (a: number, b: number) => boolean): Comparator => (p, r) => {
  const a = toDate(r);
  const b = toDate(p);
  return a !== undefined && b !== undefined && test(a, b);
};
const boolValue = (v: Scalar): boolean | undefined => {
  const text = String(v).toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
};

/** Base operators: the comparator and whether the operator is the negated form of it. */
const OPERATORS: Record<string, { compare: Comparator; negated: boolean }> = {
  stringequals: { compare: (p, r) => str(p) === str(r), negated: false },
  stringnotequals: { compare: (p, r) => str(p) === str(r), negated: true },
  stringequalsignorecase: { compare: (p, r) => str(p).toLowerCase() === str(r).toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, r) => str(p).toLowerCase() === str(r).toLowerCase(), negated: true },
  stringlike: { compare: (p, r) => iamWildcardMatch(str(p), str(r)), negated: false },
  stringnotlike: { compare: (p, r) => iamWildcardMatch(str(p), str(r)), negated: true },
  numericequals: { compare: numeric((a, b) => a === b), negated: false },
  numericnotequals: { compare: numeric((a, b) => a === b), negated: true },
  numericlessthan: { compare: numeric((a, b) => a < b), negated: false },
  numericlessthanequals: { compare: numeric((a, b) => a <= b), negated: false },
  numericgreaterthan: { compare: numeric((a, b) => a > b), negated: false },
  numericgreaterthanequals: { compare: numeric((a, b) => a >= b), negated: false },
  dateequals: { compare: date((a, b) => a === b), negated: false },
  datenotequals: { compare: date((a, b) => a === b), negated: true },
  datelessthan: { compare: date((a, b) => a < b), negated: false },
  datelessthanequals: { compare: date((a, b) => a <= b), negated: false },
  dategreaterthan: { compare: date((a, b) => a > b), negated: false },
  dategreaterthanequals: { compare: date((a, b) => a >= b), negated: false },
  bool: { compare: (p, r) => boolValue(p) !== undefined && boolValue(p) === boolValue(r), negated: false },
  binaryequals: { compare: (p, r) => str(p) === str(r), negated: false },
  ipaddress: { compare: (p, r) => ipInCidr(str(r), str(p)), negated: false },
  notipaddress: { compare: (p, r) => ipInCidr(str(r), str(p)), negated: true },
  arnequals: { compare: (p, r) => arnLike(str(p), str(r)), negated: false },
  arnlike: { compare: (p, r) => arnLike(str(p), str(r)), negated: false },
  arnnotequals: { compare: (p, r) => arnLike(str(p), str(r)), negated: true },
  arnnotlike: { compare: (p, r) => arnLike(str(p), str(r)), negated: true },
};

interface ParsedOperator {
  qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  base: string; // lower-case, without IfExists
  ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator {
  let rest = operator;
  let qualifier: ParsedOperator['qualifier'];
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const prefix = rest.slice(0, colon).toLowerCase();
    if (prefix === 'forallvalues') qualifier = 'ForAllValues';
    else if (prefix === 'foranyvalue') qualifier = 'ForAnyValue';
    else throw new UnsupportedConditionOperatorError(operator);
    rest = rest.slice(colon + 1);
  }
  let base = rest.toLowerCase();
  const ifExists = base.endsWith('ifexists');
  if (ifExists) base = base.slice(0, -'ifexists'.length);
  if (base === 'null' && !ifExists && !qualifier) return { qualifier, base, ifExists };
  if (!OPERATORS[base]) throw new UnsupportedConditionOperatorError(operator);
  return { qualifier, base, ifExists };
}

/** One operator, one key, its policy values (OR; NOR when negated) against the request's value(s). */
function conditionKeyHolds(operator: string, key: string, policyValues: Scalar[], context: PolicyRequest['context']): boolean {
  const op = parseOperator(operator);
  const requestValues = lookup(context, key);
  if (op.base === 'null') {
    // "Null": "true" — the key is absent (or null); "false" — it is present. Several values: OR.
    return policyValues.some((v) => boolValue(v) === (requestValues === undefined));
  }
  const { compare, negated } = OPERATORS[op.base]!;
  if (requestValues === undefined) {
    if (op.qualifier === 'ForAllValues') return true;
    if (op.qualifier === 'ForAnyValue') return false;
    return op.ifExists || negated;
  }
  // Positive form per request value: the value matches at least one policy value. The negated form is its NOR.
  const holdsFor = (r: Scalar) => {
    const matched = policyValues.some((p) => compare(p, r));
    return negated ? !matched : matched;
  };
  if (op.qualifier === 'ForAllValues') return requestValues.every(holdsFor);
  if (op.qualifier === 'ForAnyValue') return requestValues.some(holdsFor);
  // No qualifier (single-valued key, or a multivalued one used without a set operator): the positive form holds when
  // any request value matches; the negated form when none does.
  const anyMatched = requestValues.some((r) => policyValues.some((p) => compare(p, r)));
  return negated ? !anyMatched : anyMatched;
}

function asScalars(value: unknown): Scalar[] {
  return asArray(value as Scalar | Scalar[]).filter(
    (v): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  );
}

/** A Condition block: every operator, and every key under it, must hold (AND). An absent block holds. */
export function conditionHolds(condition: PolicyStatement['Condition'], context: PolicyRequest['context']): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, keys]) =>
    Object.entries(keys ?? {}).every(([key, values]) => conditionKeyHolds(operator, key, asScalars(values), context)),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Statements and requests

/** Does the statement apply to the request (principal, action, resource and condition all match)? */
export function statementApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  if (statement.Principal !== undefined && !principalElementMatches(statement.Principal, request.principal)) return false;
  if (statement.NotPrincipal !== undefined && principalElementMatches(statement.NotPrincipal, request.principal)) return false;
  if (statement.Action !== undefined && !asArray(statement.Action).some((a) => actionMatches(a, request.action))) return false;
  if (statement.NotAction !== undefined && asArray(statement.NotAction).some((a) => actionMatches(a, request.action))) return false;
  if (statement.Action === undefined && statement.NotAction === undefined) return false;
  if (statement.Resource !== undefined && !asArray(statement.Resource).some((r) => resourceMatches(r, request.resource))) return false;
  if (statement.NotResource !== undefined && asArray(statement.NotResource).some((r) => resourceMatches(r, request.resource))) return false;
  if (statement.Resource === undefined && statement.NotResource === undefined) return false;
  return conditionHolds(statement.Condition, request.context);
}

/** Evaluates one request against one policy: an explicit Deny anywhere wins; else an Allow; else implicit deny. */
export function evaluatePolicy(statements: PolicyStatement[], request: PolicyRequest): PolicyDecision {
  let allowed = false;
  for (const s of statements) {
    if (!statementApplies(s, request)) continue;
    if (s.Effect === 'Deny') return 'explicit-deny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

// ---------------------------------------------------------------------------------------------------------------
// Pattern coverage (for analyses over every request, not one)

/** True when wildcard pattern `pattern` matches every string that starts with `prefix` (sound; exotic covers such
 *  as `*?` are not recognised and count as not covering). */
function coversEveryExtension(pattern: string, prefix: string): boolean {
  const stripped = pattern.replace(/\*+$/, '');
  if (stripped === pattern) return false; // must end with *
  // The pattern without its trailing * must match some prefix of `prefix`; the trailing * then takes the rest.
  for (let i = 0; i <= prefix.length; i++) if (iamWildcardMatch(stripped, prefix.slice(0, i))) return true;
  return false;
}

/** Could two wildcard patterns both match some common string? */
function patternsIntersect(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === a.length && j === b.length) result = true;
    else if (i < a.length && a[i] === '*') result = go(i + 1, j) || (j < b.length && go(i, j + 1));
    else if (j < b.length && b[j] === '*') result = go(i, j + 1) || (i < a.length && go(i + 1, j));
    else if (i < a.length && j < b.length) result = (a[i] === '?' || b[j] === '?' || a[i] === b[j]) && go(i + 1, j + 1);
    else result = false;
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Does the statement's Action / NotAction apply to every action of the service (`s3`)? */
export function statementCoversEveryServiceAction(statement: PolicyStatement, service: string): boolean {
  const prefix = `${service.toLowerCase()}:`;
  if (statement.Action !== undefined) return asArray(statement.Action).some((a) => coversEveryExtension(a.toLowerCase(), prefix));
  if (statement.NotAction !== undefined) {
    return !asArray(statement.NotAction).some((a) => patternsIntersect(a.toLowerCase(), `${prefix}*`));
  }
  return false;
}

/** Does the statement's Resource / NotResource apply to `exact` (when given) and to every ARN under `prefix`? */
function statementCoversResource(statement: PolicyStatement, target: { exact: string } | { prefix: string }): boolean {
  if (statement.Resource !== undefined) {
    const resources = asArray(statement.Resource);
    return 'exact' in target
      ? resources.some((r) => resourceMatches(r, target.exact))
      : resources.some((r) => coversEveryExtension(r, target.prefix));
  }
  if (statement.NotResource !== undefined) {
    const excluded = asArray(statement.NotResource);
    return 'exact' in target
      ? !excluded.some((r) => resourceMatches(r, target.exact))
      : !excluded.some((r) => patternsIntersect(r, `${target.prefix}*`));
  }
  return false;
}

/** "Principal": "*" or {"AWS": "*"} (alone or in a list), without NotPrincipal. */
function appliesToEveryone(statement: PolicyStatement): boolean {
  if (statement.NotPrincipal !== undefined) return false;
  const p = statement.Principal;
  if (p === '*') return true;
  return !!p && typeof p === 'object' && asArray((p as { AWS?: string | string[] }).AWS).includes('*');
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis (a): does a bucket policy deny every request made without TLS?

export interface BucketTlsAnalysis {
  /** True only when the Deny statements together deny every aws:SecureTransport=false request, for every principal
   *  and every S3 action, on the bucket and on every object in it. */
  compliant: boolean;
  reason: string;
  /** How many statements the policy has. */
  statementCount: number;
  /** Indexes (in the policy's Statement list) and Sids of the statements that deny plain HTTP to the bucket ARN and
   *  to its objects; empty when none does. */
  bucketStatements: { index: number; sid?: string }[];
  objectStatements: { index: number; sid?: string }[];
}

const SECURE_TRANSPORT = 'aws:securetransport';

/** True when the condition block holds for *every* request with aws:SecureTransport=false, whatever else is in the
 *  request, and for none made over TLS: it may only test aws:SecureTransport, holding when it is false. Any other key (aws:SourceVpce,
 *  aws:MultiFactorAuthPresent in the same Bool block, …) leaves some plain-HTTP requests undenied. */
function holdsForEveryInsecureRequest(condition: PolicyStatement['Condition']): boolean {
  if (!condition) return false; // a Deny of everything is not a TLS requirement; the rule looks for the condition
  // Only Bool / BoolIfExists, the operators the global key is documented with: how other operators compare a
  // boolean key is not documented, so they are not counted (a FAIL, never a false PASS).
  if (Object.keys(condition).some((op) => !/^bool(ifexists)?$/i.test(op))) return false;
  const keys = Object.values(condition).flatMap((block) => Object.keys(block ?? {}));
  if (keys.length === 0 || keys.some((k) => k.toLowerCase() !== SECURE_TRANSPORT)) return false;
  try {
    // …and it must be a TLS requirement: a condition that also holds over TLS denies everything, like no condition.
    return conditionHolds(condition, { 'aws:SecureTransport': false }) && !conditionHolds(condition, { 'aws:SecureTransport': true });
  } catch (err) {
    if (err instanceof UnsupportedConditionOperatorError) return false;
    throw err;
  }
}

/**
 * Answers AWS Config's s3-bucket-ssl-requests-only question for one bucket policy: does it deny every request made
 * without TLS? Counted: Effect Deny; Principal "*" or {"AWS": "*"}; Action "*", "s3:*" or any pattern that covers
 * every s3: action (or NotAction that excludes no s3: action); a Condition that tests only aws:SecureTransport and
 * holds when it is false but not when it is true, under Bool or BoolIfExists. The bucket ARN and `<bucket ARN>/*` may be covered by
 * different statements. A Deny without a Condition is not counted: it is not a TLS requirement, and this keeps the
 * verdicts the check gave before for such policies.
 */
export function analyzeBucketTlsPolicy(
  document: string | Record<string, unknown> | null | undefined,
  bucketArn: string,
): BucketTlsAnalysis {
  const none = { bucketStatements: [], objectStatements: [] };
  if (document === null || document === undefined) {
    return { compliant: false, reason: 'the bucket has no policy, so requests without TLS are not denied', statementCount: 0, ...none };
  }
  const statements = parsePolicyDocument(document);
  const qualifying = statements
    .map((statement, index) => ({ statement, index }))
    .filter(
      ({ statement: s }) =>
        s.Effect === 'Deny' &&
        appliesToEveryone(s) &&
        statementCoversEveryServiceAction(s, 's3') &&
        holdsForEveryInsecureRequest(s.Condition),
    );
  const ref = ({ statement, index }: (typeof qualifying)[number]) => (statement.Sid ? { index, sid: statement.Sid } : { index });
  const bucketStatements = qualifying.filter((q) => statementCoversResource(q.statement, { exact: bucketArn })).map(ref);
  const objectStatements = qualifying.filter((q) => statementCoversResource(q.statement, { prefix: `${bucketArn}/` })).map(ref);
  if (bucketStatements.length > 0 && objectStatements.length > 0) {
    return { compliant: true, reason: 'the bucket policy denies every request made without TLS', statementCount: statements.length, bucketStatements, objectStatements };
  }
  const missing =
    bucketStatements.length === 0 && objectStatements.length === 0
      ? 'the bucket and its objects'
      : bucketStatements.length === 0
        ? `the bucket itself (${bucketArn})`
        : `its objects (${bucketArn}/*)`;
  return {
    compliant: false,
    reason: `no Deny statement for every principal and every S3 action, conditioned only on aws:SecureTransport=false, covers ${missing}`,
    statementCount: statements.length,
    bucketStatements,
    objectStatements,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis (b): does a policy allow "*" on "*"?

/**
 * The statements AWS Config's iam-policy-no-statements-with-admin-access flags: "Effect": "Allow" with "Action": "*"
 * over "Resource": "*" (each may be a list containing "*"). As the rule defines it, statements using NotAction or
 * NotResource are not flagged, and a Condition does not exempt a statement.
 */
export function adminAccessStatements(statements: PolicyStatement[]): PolicyStatement[] {
  return statements.filter(
    (s) => s.Effect === 'Allow' && asArray(s.Action).includes('*') && asArray(s.Resource).includes('*'),
  );
}
