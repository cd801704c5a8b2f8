// Every YAML and JSON example of the README and docs/ parses, and goes through the schema it
// illustrates: configuration files through the real config schema, suppression files through the
// suppression loader. The example files in examples/ load as the CLI loads them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CHECKS } from '../../checks/index.js';
import { isWasteCheck } from '../../cli/commands/checks.js';
import { loadConfigFile, parseConfig } from '../../scanner/config.js';
import { loadSuppressionFile, parseSuppressionRules } from '../../scanner/suppressions.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Block {
  file: string;
  line: number;
  lang: 'yaml' | 'json';
  text: string;
}

function blocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(yaml|yml|json)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    out.push({ file, line: i + 1, lang: open[2] === 'json' ? 'json' : 'yaml', text: body.join('\n') });
    i = j;
  }
  return out;
}

const ALL = DOCS.flatMap(blocks);

describe('YAML and JSON examples in the documentation', () => {
  it('finds the examples (the README has a config and a delegation policy)', () => {
    expect(ALL.filter((b) => b.file === 'README.md').map((b) => b.lang).sort()).toEqual(['json', 'yaml']);
    expect(ALL.length).toBeGreaterThanOrEqual(6);
  });

  it.each(ALL.map((b) => [`${b.file}:${b.line}`, b] as const))('%s parses and validates', (_where, b) => {
    const value: unknown = b.lang === 'json' ? JSON.parse(b.text) : parseYaml(b.text);
    expect(value).toBeTypeOf('object');
    const doc = value as Record<string, unknown>;
    if ('suppressions' in doc) {
      expect(parseSuppressionRules(b.text, `${b.file}:${b.line}`).length).toBeGreaterThan(0);
    } else if ('Statement' in doc) {
      // An IAM policy document: every statement allows or denies named actions.
      expect(doc.Version).toBe('2012-10-17');
      for (const st of doc.Statement as Record<string, unknown>[]) {
        expect(['Allow', 'Deny']).toContain(st.Effect);
        expect(st.Action).toBeDefined();
      }
    } else {
      // Configuration (whole or a fragment: every field is optional).
      expect(() => parseConfig(doc, `${b.file}:${b.line}`)).not.toThrow();
    }
  });

  it('the example configuration loads, and names a suppressions file that exists and loads', async () => {
    const path = join(ROOT, 'examples', 'orgscan.config.yaml');
    const config = await loadConfigFile(path);
    expect(config.organization).toBe(true);
    const suppressions = resolve(dirname(path), config.suppressionsFile!);
    expect(existsSync(suppressions)).toBe(true);
    expect((await loadSuppressionFile(suppressions)).length).toBeGreaterThan(0);
  });

  it('the configuration example of docs/scanning.md is the file examples/orgscan.config.yaml', () => {
    const block = ALL.find((b) => b.file === 'docs/scanning.md' && /^organization: true/.test(b.text))!;
    const file = readFileSync(join(ROOT, 'examples', 'orgscan.config.yaml'), 'utf8');
    expect(parseYaml(file)).toEqual(parseYaml(block.text));
  });
});

describe('account ids in YAML', () => {
  it('accepts quoted ids and unquoted 12-digit numbers', () => {
    expect(parseConfig(parseYaml("accounts: ['012345678901', 111111111111]")).accounts).toEqual(['012345678901', '111111111111']);
  });

  it('asks for quotes when YAML has dropped a leading zero', () => {
    expect(() => parseConfig(parseYaml('accounts: [012345678901]'), 'orgscan.config.yaml')).toThrow(
      /orgscan\.config\.yaml: accounts\.0: must be a 12-digit AWS account id: quote account ids in YAML/,
    );
    expect(() => parseConfig(parseYaml("accounts: ['1234']"))).toThrow(/accounts\.0: must be a 12-digit AWS account id$/);
  });
});

describe('the README checks table', () => {
  it('lists every registered check once, with its severity, scope and waste mark', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The checks'), readme.indexOf('## Troubleshooting'));
    const rows = [...section.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \| (\w+) \|\s*(\$?)\s*\|/gm)].map((m) => ({ id: m[1]!, severity: m[2]!, scope: m[3]!, waste: m[4] === '$' }));
    const expected = CHECKS.map((c) => ({ id: c.id, severity: c.severity, scope: c.scope, waste: isWasteCheck(c) }));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...rows].sort(byId)).toEqual([...expected].sort(byId));
  });
});
