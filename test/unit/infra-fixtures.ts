// Shared set-up of the CDK tests: settings passed as context, an app built offline into a temp dir.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export function buildTestApp(
  context: Record<string, unknown> = {},
  options: BuildOptions & { assetImage?: boolean } = {},
): { app: App; stacks: OrgScanStacks } {
  const app = new App({ context: { ...BASE_CONTEXT, ...context }, outdir: mkdtempSync(join(tmpdir(), 'orgscan-cdk-')) });
  const image = options.assetImage ? undefined : ecs.ContainerImage.fromRegistry(TEST_IMAGE);
  const stacks = buildApp(app, { region: 'eu-west-1', nag: false, ...options, ...(image ? { image } : {}) });
  return { app, stacks };
}
