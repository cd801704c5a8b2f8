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

/** The unit's context as the check may see it: undeclared collectors and price keys throw UndeclaredReadError. */
export function contextFor(check: Check, ctx: CheckContext): CheckContext {
  const declared = new Set<string>(check.reads);
  const view = { ...ctx } as CheckContext;
  const services = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
  for (const full of COLLECTOR_NAMES) {
    const [service, name] = full.split('.') as [keyof UnitCollectors, string];
    const collectors = ctx[service] as unknown as Record<string, (...args: unknown[]) => unknown>;
    let guarded = services.get(service);
    if (!guarded) services.set(service, (guarded = {}));
    guarded[name] = declared.has(full)
      ? (...args) => collectors[name]!(...args)
      : () => {
          throw new UndeclaredReadError(check.id, `collector ${full}`, 'reads');
        };
  }
  for (const [service, guarded] of services) (view as unknown as Record<string, unknown>)[service] = guarded;
  const priceKeys = new Set<string>(check.prices ?? []);
  const guard = (key: PriceKey) => {
    if (!priceKeys.has(key)) throw new UndeclaredReadError(check.id, `price key ${key}`, 'prices');
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
