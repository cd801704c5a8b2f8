// Dependencies point one way: cli/server → scanner → checks → domain; store/ and reports/ depend on
// domain/ only; nothing shipped imports test code. A wrong-way import fails here, naming the file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The top-level folders a file imports from (relative imports only), e.g. ['domain', 'checks']. */
function importedFolders(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const folders = new Set<string>();
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g)) {
    const target = relative(ROOT, resolve(join(ROOT, dirname(file)), match[1]!));
    folders.add(target.split('/')[0]!);
  }
  return [...folders];
}

const RULES: Record<string, readonly string[]> = {
  domain: ['domain'],
  checks: ['checks', 'domain'],
  store: ['store', 'domain'],
  reports: ['reports', 'domain'],
  notify: ['notify', 'domain'],
  // The configuration file composes the ownership section's schema from notify/config.ts.
  scanner: ['scanner', 'checks', 'domain', 'notify'],
};

describe('architecture', () => {
  for (const [folder, allowed] of Object.entries(RULES)) {
    it(`${folder}/ imports only from ${allowed.join(', ')}`, () => {
      const wrong = sources(folder).flatMap((file) => importedFolders(file).filter((f) => !allowed.includes(f)).map((f) => `${file} → ${f}/`));
      expect(wrong).toEqual([]);
    });
  }

  it('ships no test code: nothing outside test/ imports it', () => {
    const shipped = ['domain', 'notify', 'checks', 'scanner', 'reports', 'store', 'server', 'cli', 'infra', 'emulator', 'demo', 'bench'];
    const wrong = shipped.flatMap((folder) => sources(folder).filter((file) => importedFolders(file).includes('test')));
    expect(wrong).toEqual([]);
  });

  it('keeps tests and moto drivers out of the build and the image', () => {
    const build = JSON.parse(readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect(build.include).not.toContain('test');
    expect(build.include.some((p) => p.startsWith('test/'))).toBe(false);
    const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(dockerignore.some((l) => l.startsWith('!test'))).toBe(false);
    expect(dockerignore).toContain('emulator/moto/');
  });
});
