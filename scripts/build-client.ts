// Part of `npm run build`, after tsc: bundles the report's browser script (reports/html/browser/)
// into dist/reports/html/, where the compiled reports/html/client.js reads it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleClient, CLIENT_BUNDLE_FILE, CLIENT_ENTRY } from '../reports/html/client-build.js';

// Run as dist/scripts/build-client.js: the repository is two levels up.
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'dist', 'reports', 'html', CLIENT_BUNDLE_FILE);
mkdirSync(dirname(out), { recursive: true });
const code = bundleClient(join(root, 'reports', 'html', CLIENT_ENTRY));
writeFileSync(out, code);
console.log(`report client: ${out} (${code.length} bytes)`);
