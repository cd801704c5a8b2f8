// Running one check against a unit's context: the check sees only the collectors and price keys it
// declares, so its derived permissions are exactly what it uses (an undeclared read fails loudly in tests).
import { COLLECTOR_NAMES } from './catalog.js';
import type { PriceBook, PriceKey } from './pricing.js';
import type { Check, CheckContext, CheckResult, UnitCollectors } from './types.js';

export class UndeclaredReadError extends Error {
  constructor(checkId: string, what: string, list: string) {
    super(`check ${checkId} uses ${what} without declaring it in \`${list}\``);
    this.name = 'UndeclaredReadError';
  }
}

type CollectorTable = Record<string, (...args: unknown[]) => unknown>;

/** What a check may read, worked out once per check: its declared collectors per service, and throwing stand-ins for the rest. */
interface ReadPlan {
  declared: ReadonlyMap<string, readonly string[]>;
  /** Per service, an object whose methods throw UndeclaredReadError: the prototype of every unit's guarded view. */
  undeclared: ReadonlyMap<string, Readonly<CollectorTable>>;
  priceKeys: ReadonlySet<string>;
}

const plans = new WeakMap<Check, ReadPlan>();

function readPlanOf(check: Check): ReadPlan {
  let plan = plans.get(check);
  if (plan) return plan;
  const reads = new Set<string>(check.reads);
  const declared = new Map<string, string[]>();
  const undeclared = new Map<string, CollectorTable>();
  for (const full of COLLECTOR_NAMES) {
    const [service, name] = full.split('.') as [string, string];
    if (!declared.has(service)) declared.set(service, []);
    if (!undeclared.has(service)) undeclared.set(service, {});
    if (reads.has(full)) declared.get(service)!.push(name);
    else
      undeclared.get(service)![name] = () => {
        throw new UndeclaredReadError(check.id, `collector ${full}`, 'reads');
      };
  }
  // Shared by every unit the check runs in: frozen, so no check can change another's view.
  for (const table of undeclared.values()) Object.freeze(table);
  plan = { declared, undeclared, priceKeys: new Set<string>(check.prices ?? []) };
  plans.set(check, plan);
  return plan;
}

/** The unit's context as the check may see it: undeclared collectors and price keys throw UndeclaredReadError. */
export function contextFor(check: Check, ctx: CheckContext): CheckContext {
  const plan = readPlanOf(check);
  const view = { ...ctx } as CheckContext;
  for (const [service, names] of plan.declared) {
    const undeclared = plan.undeclared.get(service)!;
    if (names.length === 0) {
      // Nothing of this service is declared: the shared table of throwing stand-ins is the whole view.
      (view as unknown as Record<string, unknown>)[service] = undeclared;
      continue;
    }
    const collectors = ctx[service as keyof UnitCollectors] as unknown as CollectorTable;
    // Built per unit and check, so only the declared reads are copied; the rest come from the shared prototype.
    const guarded = Object.create(undeclared) as CollectorTable;
    for (const name of names) guarded[name] = (...args) => collectors[name]!(...args);
    (view as unknown as Record<string, unknown>)[service] = guarded;
  }
  const guard = (key: PriceKey) => {
    if (!plan.priceKeys.has(key)) throw new UndeclaredReadError(check.id, `price key ${key}`, 'prices');
  };
  const prices: PriceBook = {
    get: (key, region) => (guard(key), ctx.prices.get(key, region)),
    resolve: (key, region) => (guard(key), ctx.prices.resolve(key, region)),
  };
  view.prices = prices;
  return view;
}

/** Evaluates a check with its parsed options (defaults when none are given). */
export function evaluateCheck(check: Check, ctx: CheckContext, options?: unknown): Promise<CheckResult[]> {
  const parsed = (options === undefined ? check.parseOptions({}) : options) as Parameters<Check['evaluate']>[1];
  return check.evaluate(contextFor(check, ctx), parsed);
}
