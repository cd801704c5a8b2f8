// The report page's browser script: type-checked TypeScript in browser/, bundled by esbuild at
// build time (`npm run build` writes dist/reports/html/browser.bundle.js beside this module).
// Running from the TypeScript sources (tests), where no bundle sits beside this file, the script
// is bundled from browser/ on first use, with the build's own options (client-build.ts).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleClient, CLIENT_BUNDLE_FILE, CLIENT_ENTRY } from './client-build.js';

let script: string | undefined;

function load(): string {
  const bundle = fileURLToPath(new URL(CLIENT_BUNDLE_FILE, import.meta.url));
  if (existsSync(bundle)) return readFileSync(bundle, 'utf8');
  const entry = fileURLToPath(new URL(CLIENT_ENTRY, import.meta.url));
  if (existsSync(entry)) return bundleClient(entry);
  throw new Error(`the report's browser script is missing: neither ${bundle} nor ${entry} exists (run npm run build)`);
}

/** The script's text, read (or bundled) once. */
export function clientScript(): string {
  script ??= load();
  return script;
}
