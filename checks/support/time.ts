// Time arithmetic shared by checks (and the reports' day counts).

export const DAY_MS = 86_400_000;

/** Fractional days from `from` to `to` (negative when `from` is later). */
export function daysBetween(from: Date | string, to: Date): number {
  return (to.getTime() - new Date(from).getTime()) / DAY_MS;
}

/** Whole days elapsed from `from` to `now`, for evidence and thresholds: floor, never below 0; null when `from` is unknown. */
export function ageInDays(from: Date | string | undefined | null, now: Date): number | null {
  if (from === undefined || from === null) return null;
  return Math.max(0, Math.floor(daysBetween(from, now)));
}
