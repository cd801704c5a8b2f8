// Shared set-up of the CDK tests: settings passed as context, an app built offline into a temp dir.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { App } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { buildApp, type BuildOptions, type OrgScanStacks } from '../../infra/build-app.js';

export const BASE_CONTEXT: Record<string, unknown> = {
  owner: 'security-team',
  environment: 'test',
  organizationId: 'o-a1b2c3d4e5',
  scannerAccountId: '111111111111',
  externalId: 'orgscan-test-external-id',
};

export const TEST_IMAGE = 'public.ecr.aws/example/orgscan:test';

/** One temp dir per test file for every app's cloud assembly, removed after the file's tests. */
let assemblies: string | undefined;
afterAll(() => {
  if (assemblies) rmSync(assemblies, { recursive: true, force: true });
  assemblies = undefined;
});
function assemblyDir(): string {
  assemblies ??= mkdtempSync(join(tmpdir(), 'orgscan-cdk-'));
  return mkdtempSync(join(assemblies, 'app-'));
}

export function buildTestApp(
  context: Record<string, unknown> = {},
  options: BuildOptions & { assetImage?: boolean } = {},
): { app: App; stacks: OrgScanStacks } {
  const app = new App({ context: { ...BASE_CONTEXT, ...context }, outdir: assemblyDir() });
  const image = options.assetImage ? undefined : ecs.ContainerImage.fromRegistry(TEST_IMAGE);
  const stacks = buildApp(app, { region: 'eu-west-1', nag: false, ...options, ...(image ? { image } : {}) });
  return { app, stacks };
}
