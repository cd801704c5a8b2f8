// Findings as CSV (RFC 4180): a header row, then one row per finding, CRLF line ends.
import type { Finding } from '../domain/index.js';

export const CSV_COLUMNS = [
  'checkId',
  'status',
  'severity',
  'accountId',
  'region',
  'resourceType',
  'resourceId',
  'resourceArn',
  'message',
  'estimatedMonthlyCostUsd',
  'costBasis',
  'firstSeenAt',
  'errorCode',
  'mutedReason',
  'tags',
  'frameworks',
  'remediationText',
  'remediationUrl',
  'evidence',
  // Appended, so existing consumers' column positions stay.
  'accountName',
  'ouPath',
  'owner',
] as const;

const CRLF = '\r\n';

// Spreadsheets run a cell starting with one of these as a formula; AWS names and tags are
// chosen by anyone with write access to an account, so such cells get a leading apostrophe.
const FORMULA_START = /^[=+\-@\t\r]/;

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return quote(FORMULA_START.test(value) ? `'${value}` : value);
}

function numberCell(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '' : String(Math.round(value * 100) / 100);
}

function formatTags(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

function formatFrameworks(frameworks: Finding['frameworks']): string {
  return Object.entries(frameworks)
    .map(([k, v]) => `${k}:${Array.isArray(v) ? v.join('|') : v}`)
    .join('; ');
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + CRLF;
}

/** One CSV row (with its CRLF) for a finding. */
export function findingToCsvRow(f: Finding): string {
  const cells = [
    textCell(f.checkId),
    textCell(f.status),
    textCell(f.severity),
    textCell(f.accountId),
    textCell(f.region),
    textCell(f.resourceType),
    textCell(f.resourceId),
    textCell(f.resourceArn),
    textCell(f.message),
    numberCell(f.estimatedMonthlyCostUsd),
    textCell(f.costBasis),
    textCell(f.firstSeenAt),
    textCell(f.errorCode),
    textCell(f.mutedBy?.reason),
    textCell(formatTags(f.tags)),
    textCell(formatFrameworks(f.frameworks)),
    textCell(f.remediation.text),
    textCell(f.remediation.url),
    textCell(Object.keys(f.evidence).length ? JSON.stringify(f.evidence) : ''),
    textCell(f.accountName),
    textCell(f.ouPath),
    textCell(f.owner),
  ];
  return cells.join(',') + CRLF;
}

/** Yields the header row, then one row per finding: for streaming a response or a file. */
export function* csvRows(findings: Iterable<Finding>): Generator<string, void, undefined> {
  yield csvHeader();
  for (const f of findings) yield findingToCsvRow(f);
}

/** As csvRows, for findings read page by page from the store. */
export async function* csvRowsAsync(
  findings: AsyncIterable<Finding> | Iterable<Finding>,
): AsyncGenerator<string, void, undefined> {
  yield csvHeader();
  for await (const f of findings) yield findingToCsvRow(f);
}

export function findingsToCsv(findings: Iterable<Finding>): string {
  let out = '';
  for (const row of csvRows(findings)) out += row;
  return out;
}
