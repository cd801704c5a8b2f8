// Money as every message, report and email shows it: one formatter for the whole product.

/** Rounds a dollar amount to cents. */
export function roundToCents(n: number): number {
  return Math.round(n * 100) / 100;
}

// Built once: constructing an Intl.NumberFormat costs more than formatting with it, and a scan formats millions of figures.
const CENTS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 });
const DOLLARS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "$12.34"; from $1,000 on, whole dollars with separators ("$1,234"). */
export function formatUsd(n: number): string {
  const v = roundToCents(n);
  return (Math.abs(v) >= 1000 ? DOLLARS : CENTS).format(v);
}
