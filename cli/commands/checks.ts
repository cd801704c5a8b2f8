import type { Command } from 'commander';
import { CHECKS } from '../../checks/index.js';
import { z } from 'zod';
import type { Check, FrameworkMap } from '../../checks/types.js';

/** A check's options as JSON Schema properties (with defaults and descriptions). */
function optionsJsonSchema(check: Check): Record<string, unknown> {
  if (!check.options || Object.keys(check.options.shape).length === 0) return {};
  const schema = z.toJSONSchema(check.options, { io: 'input' }) as { properties?: Record<string, unknown> };
  return schema.properties ?? {};
}

/** One check as `orgscan checks --json` prints it. */
export interface CheckListing {
  id: string;
  title: string;
  severity: Check['severity'];
  scope: Check['scope'];
  service: string;
  frameworks: FrameworkMap;
  /** The collectors the check reads (checks/catalog.ts); its permissions derive from them. */
  reads: string[];
  permissions: string[];
  /** Price keys its estimates use (checks/pricing.ts). */
  prices: string[];
  /** Its options as JSON Schema: name, type, default, description. */
  options: Record<string, unknown>;
  remediation: Check['remediation'];
}

export function listChecks(checks: readonly Check[] = CHECKS): CheckListing[] {
  return checks.map((c) => ({
    id: c.id,
    title: c.title,
    severity: c.severity,
    scope: c.scope,
    service: c.service,
    frameworks: c.frameworkMap,
    reads: [...c.reads],
    permissions: [...c.permissions],
    prices: [...(c.prices ?? [])],
    options: optionsJsonSchema(c),
    remediation: c.remediation,
  }));
}

export function formatFrameworks(frameworks: FrameworkMap): string {
  return Object.entries(frameworks)
    .map(([name, ids]) => `${name}:${Array.isArray(ids) ? ids.join('/') : ids}`)
    .join(' ');
}

/** A plain-text table, one line per check, columns padded to the widest cell. */
export function renderChecksTable(checks: readonly Check[] = CHECKS): string {
  const header = ['ID', 'SEVERITY', 'SCOPE', 'SERVICE', 'FRAMEWORKS', 'PERMISSIONS'];
  const rows = checks.map((c) => [c.id, c.severity, c.scope, c.service, formatFrameworks(c.frameworkMap), c.permissions.join(',')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), '', `${checks.length} checks`].join('\n') + '\n';
}

/** Registers `orgscan checks`: every registered check with severity, scope, framework ids and IAM permissions. */
export function register(program: Command): void {
  program
    .command('checks')
    .description('list every check with its severity, scope, service, framework ids and required IAM permissions')
    .option('--json', 'print JSON instead of a table')
    .action((flags: { json?: boolean }) => {
      process.stdout.write(flags.json ? `${JSON.stringify(listChecks(), null, 2)}\n` : renderChecksTable());
    });
}
