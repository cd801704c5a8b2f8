// Money as every message, report and email shows it: one formatter for the whole product.

/** Rounds a dollar amount to cents. */
export function roundToCents(n: number): number {
  return Math.round(n * 100) / 100;
}

/** "$12.34"; from $1,000 on, whole dollars with separators ("$1,234"). */
export function formatUsd(n: number): string {
  const v = roundToCents(n);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: Math.abs(v) >= 1000 ? 0 : 2 }).format(v);
}
