// The registry: every check orgscan knows, grouped by AWS service, validated when it loads.
import { cloudwatchChecks } from './cloudwatch/index.js';
import { configChecks } from './config/index.js';
import { describeChecks } from '../domain/index.js';
import { validateCheck } from './define.js';
import { ebsChecks } from './ebs/index.js';
import { ec2Checks } from './ec2/index.js';
import { iamChecks } from './iam/index.js';
import { rdsChecks } from './rds/index.js';
import { s3Checks } from './s3/index.js';
import type { Check, CheckOptionsInput } from './types.js';
import { vpcChecks } from './vpc/index.js';
import { elbChecks } from './elb/index.js';
import { logsChecks } from './logs/index.js';
import { eksChecks } from './eks/index.js';

export class InvalidCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid check metadata:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'InvalidCheckError';
  }
}

/** Validates a registry: every check's metadata, and ids unique. Throws InvalidCheckError naming every problem. */
export function validateRegistry(checks: readonly Check[]): readonly Check[] {
  const problems = checks.flatMap(validateCheck);
  const seen = new Set<string>();
  for (const check of checks) {
    if (seen.has(check.id)) problems.push(`${check.id}: id: registered twice`);
    seen.add(check.id);
  }
  if (problems.length > 0) throw new InvalidCheckError(problems);
  return checks;
}

/** Every check orgscan knows, in report order. */
export const CHECKS: readonly Check[] = validateRegistry([
  ...vpcChecks,
  ...ebsChecks,
  ...rdsChecks,
  ...cloudwatchChecks,
  ...ec2Checks,
  ...s3Checks,
  ...iamChecks,
  ...configChecks,
  ...elbChecks,
  ...logsChecks,
  ...eksChecks,
] as readonly Check[]);
describeChecks(CHECKS);

export class UnknownCheckError extends Error {
  constructor(
    readonly unknownIds: string[],
    known: readonly Check[] = CHECKS,
  ) {
    super(
      `unknown check id${unknownIds.length > 1 ? 's' : ''}: ${unknownIds.join(', ')} ` +
        `(known: ${known.map((c) => c.id).join(', ')}; run \`orgscan checks\` for details)`,
    );
    this.name = 'UnknownCheckError';
  }
}

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

/** The checks named by ids (all checks when ids is empty or undefined); throws UnknownCheckError. */
export function resolveChecks(ids?: readonly string[], registry: readonly Check[] = CHECKS): Check[] {
  if (!ids || ids.length === 0) return [...registry];
  const unknown = ids.filter((id) => !registry.some((c) => c.id === id));
  if (unknown.length > 0) throw new UnknownCheckError(unknown, registry);
  return registry.filter((c) => ids.includes(c.id));
}

/** The union of IAM actions the given checks need, sorted; the member role policy is generated from it. */
export function requiredPermissions(checks: readonly Check[] = CHECKS): string[] {
  return [...new Set(checks.flatMap((c) => c.permissions))].sort();
}

export { checkOptionsSchema, resolveCheckOptions, CheckOptionsError } from './options.js';
export type { CheckOptionsInput };
