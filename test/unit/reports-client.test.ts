// The report's browser script: type-checked TypeScript (reports/html/browser/) bundled by esbuild.
// What it shares with the server (the config, the payload format, the finding fields) stays the
// domain's, and the bundle is a self-contained browser script that can sit inside <script>.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { SEVERITIES, STATUSES, type Finding, type FindingStatus, type Severity } from '../../checks/types.js';
import { clientBuildOptions } from '../../reports/html/client-build.js';
import { PAYLOAD_SEVERITIES, PAYLOAD_STATUSES, type ClientFinding, type ClientSeverity, type ClientStatus } from '../../reports/html/client-contract.js';
import { clientScript } from '../../reports/html/client.js';

describe('client contract', () => {
  it('uses the domain statuses and severities, and a Finding is a ClientFinding', () => {
    expectTypeOf<ClientStatus>().toEqualTypeOf<FindingStatus>();
    expectTypeOf<ClientSeverity>().toEqualTypeOf<Severity>();
    expectTypeOf<Finding>().toExtend<ClientFinding>();
    expect([...PAYLOAD_STATUSES].sort()).toEqual([...STATUSES].sort());
    expect([...PAYLOAD_SEVERITIES].sort()).toEqual([...SEVERITIES].sort());
  });
});

describe('bundled client script', () => {
  const code = clientScript();

  it('is one self-contained browser script: an IIFE with no imports, requires or Node built-ins', () => {
    expect(clientBuildOptions('x.ts')).toMatchObject({ bundle: true, format: 'iife', platform: 'browser' });
    expect(() => new Function(code)).not.toThrow();
    expect(code).not.toMatch(/\bimport\s*[{(*"']|\brequire\(|node:/);
    expect(code.length).toBeGreaterThan(4000);
  });

  it('can sit inside a <script> element: no end tag, no comment opener, ASCII only', () => {
    expect(code).not.toMatch(/<\/script|<!--/i);
    expect(code).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
  });

  it('carries the behaviour the page relies on (ids, API route, token handling)', () => {
    for (const text of ['orgscan-config', 'orgscan-data', 'findings-table', 'data-findings-loaded', '/findings?', 'orgscan-token', 'DecompressionStream']) {
      expect(code).toContain(text);
    }
  });

  it('is read or bundled once', () => {
    expect(clientScript()).toBe(code);
  });
});
