// Dated fallbacks for the support status of EKS Kubernetes versions and RDS major engine versions, used only
// where the API that reports it (EKS DescribeClusterVersions, RDS DescribeDBMajorEngineVersions) cannot be read
// or does not list the version. The APIs are the authority; these tables age and say so on every finding.

/** When an EKS Kubernetes version leaves standard support and extended support (UTC dates, end of the day). */
export interface EksVersionDates {
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
}

export const EKS_CALENDAR_SOURCE =
  'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (release calendar), as transcribed by ' +
  'https://endoflife.date/amazon-eks in February 2026';

export const EKS_VERSION_CALENDAR: Readonly<Record<string, EksVersionDates>> = {
  '1.28': { endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  '1.29': { endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  '1.30': { endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  '1.31': { endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  '1.32': { endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  '1.33': { endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  '1.34': { endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  '1.35': { endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
};

export type EksSupportStatus = 'STANDARD_SUPPORT' | 'EXTENDED_SUPPORT' | 'UNSUPPORTED';

/** A version's status on `now` from the calendar; null when the calendar does not know the version. */
export function eksStatusFromCalendar(version: string, now: Date): EksSupportStatus | null {
  const dates = EKS_VERSION_CALENDAR[version];
  if (!dates) return null;
  // The dates are the last day of each support period.
  const after = (day: string) => now.getTime() >= Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  if (!after(dates.endOfStandardSupport)) return 'STANDARD_SUPPORT';
  if (!after(dates.endOfExtendedSupport)) return 'EXTENDED_SUPPORT';
  return 'UNSUPPORTED';
}

export const RDS_CALENDAR_SOURCE =
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html (PostgreSQL 11 enters Extended Support on ' +
  'March 1, 2024; PostgreSQL 12 ends standard support on February 28, 2025; the same for Aurora PostgreSQL) and the RDS MySQL and ' +
  'PostgreSQL release calendars as transcribed in 2026 (MySQL 5.7: February 29, 2024; PostgreSQL 13: February 28, 2026)';

/** Last day of RDS standard support per engine and major version (Extended Support starts the day after). */
export const RDS_STANDARD_SUPPORT_END: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  mysql: { '5.7': '2024-02-29' },
  postgres: { '11': '2024-02-29', '12': '2025-02-28', '13': '2026-02-28' },
  'aurora-postgresql': { '11': '2024-02-29', '12': '2025-02-28' },
};
