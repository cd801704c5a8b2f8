import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvRows, csvRowsAsync, findingsToCsv } from '../../reports/csv.js';
import { makeFinding } from '../helpers/sample-findings.js';

/** A strict RFC 4180 parser, independent of the writer, to read the output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted cell at ${i}`);
      quoted = true; i++; continue;
    }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    if (c === '\n' || c === '\r') throw new Error(`bare line break at ${i}`);
    cell += c; i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length) throw new Error('last row has no CRLF');
  return rows;
}

describe('findingsToCsv', () => {
  it('writes a header and one row per finding, RFC 4180 quoted', () => {
    const tricky = makeFinding({
      resourceId: 'vol-"quoted", with comma',
      message: 'line one\nline two\r\nline three',
      tags: { Name: '<script>alert(1)</script>', team: 'a,b' },
      frameworks: { 'cis-aws-3.0': ['5.1', '5.2'], 'aws-fsbp': 'EC2.2' },
      estimatedMonthlyCostUsd: 12.345,
      costBasis: 'ceiling',
      firstSeenAt: '2026-11-01T00:00:00.000Z',
    });
    const csv = findingsToCsv([tricky, makeFinding({ status: 'PASS', estimatedMonthlyCostUsd: null, costBasis: null, evidence: {} })]);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const rec = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(rec.resourceId).toBe('vol-"quoted", with comma');
    expect(rec.message).toBe('line one\nline two\r\nline three');
    expect(rec.tags).toBe('Name=<script>alert(1)</script>; team=a,b');
    expect(rec.frameworks).toBe('cis-aws-3.0:5.1|5.2; aws-fsbp:EC2.2');
    expect(rec.estimatedMonthlyCostUsd).toBe('12.35');
    expect(rec.costBasis).toBe('ceiling');
    expect(JSON.parse(rec.evidence!)).toEqual({ state: 'available', sizeGiB: 100 });
    const pass = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[2]![i]]));
    expect(pass.status).toBe('PASS');
    expect(pass.estimatedMonthlyCostUsd).toBe('');
    expect(pass.costBasis).toBe('');
    expect(pass.evidence).toBe('');
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const rows = parseCsv(findingsToCsv([makeFinding({ resourceId: '=HYPERLINK("http://evil","x")', tags: { Name: '@SUM(1)' } })]));
    const rec = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]]));
    expect(rec.resourceId).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(rec.tags).toBe(`Name=@SUM(1)`);
    expect(rec.mutedReason).toBe('');
  });

  it('writes only the header for no findings', () => {
    expect(findingsToCsv([])).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });

  it('streams the same text as the one-shot writer, sync and async', async () => {
    const findings = Array.from({ length: 5 }, (_, i) => makeFinding({ resourceId: `vol-${i}` }));
    const whole = findingsToCsv(findings);
    expect([...csvRows(findings)].join('')).toBe(whole);
    async function* gen() { for (const f of findings) yield f; }
    let streamed = '';
    for await (const chunk of csvRowsAsync(gen())) streamed += chunk;
    expect(streamed).toBe(whole);
  });
});
