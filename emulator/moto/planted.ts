// What a moto scenario plants and a correct scan must report about it: one row per planted resource,
// and the seeds' shared helpers.

export interface PlantedResult<C extends string = string> {
  checkId: C;
  accountId: string;
  region: string;
  resourceId: string;
  status: 'PASS' | 'FAIL';
  /** What the planted resource exercises, for assertion messages. */
  scenario: string;
  /** Expected monthly cost for FAIL findings about money, where the seed fixes it exactly. */
  estimatedMonthlyCostUsd?: number;
}

/** Rows for one check in one unit (account × region). */
export function expectFor<C extends string>(unit: { accountId: string; region: string }, checkId: C) {
  return (resourceId: string, status: 'PASS' | 'FAIL', scenario: string, cost?: number): PlantedResult<C> => ({
    checkId,
    accountId: unit.accountId,
    region: unit.region,
    resourceId,
    status,
    scenario,
    ...(cost === undefined ? {} : { estimatedMonthlyCostUsd: cost }),
  });
}

/** The value moto returned, or a seed error naming what was missing. */
export function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`seed: moto returned no ${what}`);
  return value;
}
