// Notification state: what was announced to which team, and each delivery attempt's outcome.
import type { Severity } from './findings.js';

/** One failing finding announced to a team; open until it resolves (then announced once more, as resolved). */
export interface Announcement {
  checkId: string;
  accountId: string;
  region: string;
  resourceId: string;
  team: string;
  severity: Severity;
  /** What the message said of it, kept so the resolution can say what was fixed. */
  message: string;
  accountName: string | null;
  announcedAt: string;
  scanId: string;
  /** null while open. */
  resolvedAt: string | null;
  resolvedScanId: string | null;
}

export const DELIVERY_STATUSES = ['delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One message to one sink after one scan. Never holds a URL or a secret: sinks are named by team, type and index. */
export interface DeliveryRecord {
  scanId: string;
  team: string;
  /** slack, teams, webhook, email, file. */
  sink: string;
  /** The sink's position in the team's list, so two sinks of one type are told apart. */
  sinkIndex: number;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, when there was one. */
  httpStatus: number | null;
  /** Why it failed or was skipped (secret-free). */
  error: string | null;
  newCount: number;
  resolvedCount: number;
  cameBackCount: number;
  at: string;
}
