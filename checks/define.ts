// defineCheck: what a check file calls. It derives what must not be stated twice (permissions from
// the collectors read, the stored framework map from typed claims, the options parser from the schema).
// validateCheck is run by the registry over every check when it loads.
import { z } from 'zod';
import { COLLECTORS, collectorActions, type CollectorName } from './catalog.js';
import { isKnownControl, toFrameworkMap } from './frameworks/index.js';
import { PRICES } from './pricing.js';
import { CHECK_SERVICES, type Check, type CheckDefinition, type OptionsSchema } from './types.js';
import { SEVERITIES } from '../domain/index.js';

const NO_OPTIONS = z.object({}).strict();

export function defineCheck<S extends OptionsSchema = typeof NO_OPTIONS>(definition: CheckDefinition<S>): Check<S> {
  const schema = (definition.options ?? NO_OPTIONS) as S;
  return {
    ...definition,
    options: schema,
    permissions: collectorActions(definition.reads),
    frameworkMap: toFrameworkMap(definition.frameworks),
    parseOptions: (input: unknown) => schema.parse(input ?? {}),
  };
}

const KEBAB_CASE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** An IAM action names one service and one action, without wildcards. */
export const IAM_ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

const metadataSchema = z.object({
  id: z.string().regex(KEBAB_CASE, 'must be kebab-case (lowercase words joined by hyphens)'),
  title: z.string().min(10, 'must be a sentence of at least 10 characters').refine((t) => !t.endsWith('.'), 'must not end with a period'),
  service: z.enum(CHECK_SERVICES),
  scope: z.enum(['regional', 'global']),
  severity: z.enum(SEVERITIES),
  remediation: z.object({
    text: z.string().min(20, 'must say what to do'),
    url: z.url({ protocol: /^https$/, hostname: /(^|\.)(aws\.amazon\.com|amazon\.com|amazonaws\.com)$/ }),
  }),
  reads: z.array(z.string()).min(1, 'must name the collectors the check reads'),
  permissions: z.array(z.string().regex(IAM_ACTION_PATTERN, 'must be an exact IAM action (service:Action, no wildcards)')).min(1),
});

/** Everything wrong with a check's metadata, as "<check>: <field>: <problem>" lines; empty when valid. */
export function validateCheck(check: Check): string[] {
  const problems: string[] = [];
  const parsed = metadataSchema.safeParse(check);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${check.id}: ${issue.path.join('.') || '(check)'}: ${issue.message}`);
  }
  for (const name of check.reads) {
    const spec = (COLLECTORS as Record<string, { scope: string } | undefined>)[name];
    if (!spec) problems.push(`${check.id}: reads: unknown collector ${name} (declare it in checks/catalog.ts)`);
    else if (spec.scope !== check.scope) problems.push(`${check.id}: reads: ${name} is a ${spec.scope} collector but the check is ${check.scope}`);
  }
  for (const ref of check.frameworks) {
    if (!isKnownControl(ref)) problems.push(`${check.id}: frameworks: ${ref.standard} has no control ${ref.control} (see checks/frameworks/)`);
  }
  for (const key of check.prices ?? []) {
    if (!Object.hasOwn(PRICES, key)) problems.push(`${check.id}: prices: unknown price key ${key}`);
  }
  const options = check.options;
  if (options) {
    for (const [field, schema] of Object.entries(options.shape)) {
      const s = schema as z.ZodType;
      if (!s.description) problems.push(`${check.id}: options.${field}: needs a description (.describe(…))`);
      if (!s.safeParse(undefined).success) problems.push(`${check.id}: options.${field}: needs a default`);
    }
  }
  return problems;
}

export type { CollectorName };
