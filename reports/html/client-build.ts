// How the report's browser script (browser/main.ts) becomes the one file the page embeds: an
// esbuild bundle. Used by the build (scripts/build-client.ts) and, when running from the
// TypeScript sources (tests), by client.ts on first use: one set of options for both.
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';

/** The bundle's file name, beside the compiled client.js in dist/reports/html/. */
export const CLIENT_BUNDLE_FILE = 'browser.bundle.js';
/** The entry point, relative to this folder in the source tree. */
export const CLIENT_ENTRY = 'browser/main.ts';

export function clientBuildOptions(entry: string): Esbuild.BuildOptions & { entryPoints: string[] } {
  return {
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // The page needs DecompressionStream (Chrome 80, Firefox 113, Safari 16.4): these browsers run ES2022.
    target: 'es2022',
    // Not minifySyntax: it folds String.fromCharCode(1) into a raw control character (client-contract.ts).
    minifyWhitespace: true,
    minifyIdentifiers: true,
    legalComments: 'none',
    // Non-ASCII characters as \u escapes: the script's bytes do not depend on the page's charset.
    charset: 'ascii',
    logLevel: 'silent',
  };
}

/** The bundled script's text. esbuild is a development dependency: only the build and tests call this. */
export function bundleClient(entry: string): string {
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  const result = esbuild.buildSync({ ...clientBuildOptions(entry), write: false });
  const [file] = result.outputFiles;
  if (!file) throw new Error(`esbuild wrote nothing for ${entry}`);
  return file.text;
}
