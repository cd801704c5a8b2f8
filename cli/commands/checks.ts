import type { Command } from 'commander';
import { CHECKS, findCheck, UnknownCheckError } from '../../checks/index.js';
import { PRICES, type PriceKey } from '../../checks/pricing.js';
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
  /** Price keys its estimates use (checks/pricing.ts); a check with prices is a waste check. */
  prices: string[];
  waste: boolean;
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
    waste: isWasteCheck(c),
    options: optionsJsonSchema(c),
    remediation: c.remediation,
  }));
}

export function formatFrameworks(frameworks: FrameworkMap): string {
  return Object.entries(frameworks)
    .map(([name, ids]) => `${name}:${Array.isArray(ids) ? ids.join('/') : ids}`)
    .join(' ');
}

/** A waste check prices what it finds: its findings carry a monthly dollar figure from the price table. */
export function isWasteCheck(check: Check): boolean {
  return (check.prices ?? []).length > 0;
}

const TABLE_WIDTH = 100;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * One line per check that fits a 100-column terminal: id, severity, scope, "$" for a waste check,
 * and the title (clipped); `orgscan checks <id>` and `--json` give the rest.
 */
export function renderChecksTable(checks: readonly Check[] = CHECKS): string {
  const header = ['ID', 'SEVERITY', 'SCOPE', '$', 'TITLE'];
  const rows = checks.map((c) => [c.id, c.severity, c.scope, isWasteCheck(c) ? '$' : '', c.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const titleWidth = TABLE_WIDTH - widths.slice(0, -1).reduce((a, w) => a + w + 2, 0);
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? clip(cell, titleWidth) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const waste = checks.filter(isWasteCheck).length;
  return (
    [
      line(header),
      ...rows.map(line),
      '',
      `${checks.length} checks; ${waste} waste checks ($: their findings carry a monthly cost).`,
      'Everything about one check: orgscan checks <id>; all of it as JSON: orgscan checks --json.',
    ].join('\n') + '\n'
  );
}

/** Everything about one check: frameworks, what it reads and needs, its prices and options. */
export function renderCheckDetail(check: Check): string {
  const listing = listChecks([check])[0]!;
  const lines = [
    `${check.id}: ${check.title}`,
    `  severity     ${check.severity}`,
    `  scope        ${check.scope}`,
    `  service      ${check.service}`,
    `  waste check  ${isWasteCheck(check) ? 'yes: its FAIL findings carry an estimated monthly cost' : 'no'}`,
    `  frameworks   ${formatFrameworks(check.frameworkMap) || '(none)'}`,
    `  reads        ${listing.reads.join(', ')}`,
    `  permissions  ${listing.permissions.join(', ')}`,
  ];
  if (listing.prices.length > 0) {
    lines.push('  prices');
    for (const key of listing.prices) {
      const def = PRICES[key as PriceKey];
      lines.push(`    ${key}: ${def ? `${def.unit}, us-east-1 list price ${def.list['us-east-1']}` : '(unknown key)'}`);
    }
  }
  const options = Object.entries(listing.options) as [string, { default?: unknown; description?: string }][];
  if (options.length > 0) {
    lines.push('  options (checkOptions in the configuration file)');
    for (const [name, schema] of options) {
      lines.push(`    ${name} (default ${JSON.stringify(schema.default)}): ${schema.description ?? ''}`.trimEnd());
    }
  }
  lines.push(`  remediation  ${check.remediation.text}`, `               ${check.remediation.url}`);
  return `${lines.join('\n')}\n`;
}

/** Registers `orgscan checks [id]`: the registered checks as a table or JSON, or one check in full. */
export function register(program: Command): void {
  program
    .command('checks')
    .argument('[id]', 'one check id: print everything about it')
    .description('list every check (id, severity, scope, waste, title), or everything about one check')
    .option('--json', 'print JSON (frameworks, reads, permissions, prices, options, remediation)')
    .action((id: string | undefined, flags: { json?: boolean }) => {
      if (id !== undefined) {
        const check = findCheck(id);
        if (!check) throw new UnknownCheckError([id]);
        process.stdout.write(flags.json ? `${JSON.stringify(listChecks([check])[0], null, 2)}\n` : renderCheckDetail(check));
        return;
      }
      process.stdout.write(flags.json ? `${JSON.stringify(listChecks(), null, 2)}\n` : renderChecksTable());
    });
}
