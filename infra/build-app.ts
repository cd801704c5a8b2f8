// Wires orgscan's stacks into a CDK app; the entry point (app.ts) and the tests share it.
import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MemberRoleStack } from './member-role-stack.js';
import { MemberRoleStackSetStack } from './member-role-stackset-stack.js';
import { ScannerStack } from './scanner-stack.js';
import { parseSettings, SettingsError, SETTINGS_KEYS, type DeploySettings } from './settings.js';
import { applyStandardTags } from './tags.js';
import type * as ecs from 'aws-cdk-lib/aws-ecs';

export interface OrgScanStacks {
  settings: DeploySettings;
  scanner: ScannerStack;
  memberRole: MemberRoleStack;
  memberRoleStackSet?: MemberRoleStackSetStack | undefined;
}

export interface BuildOptions {
  /** Run cdk-nag's AwsSolutions pack on synth (default true). */
  nag?: boolean;
  /** Overrides the container image (tests). */
  image?: ecs.ContainerImage;
  /** Deployment region of the scanner stack; default: context `region`, else CDK_DEFAULT_REGION. */
  region?: string | undefined;
}

export function settingsFromContext(app: App): DeploySettings {
  const raw: Record<string, unknown> = {};
  for (const key of SETTINGS_KEYS) raw[key] = app.node.tryGetContext(key);
  return parseSettings(raw);
}

export function buildApp(app: App, options: BuildOptions = {}): OrgScanStacks {
  const settings = settingsFromContext(app);
  const prefix = `OrgScan-${settings.environment}`;
  // Load balancer access logging needs a concrete region at synth time.
  const region = options.region ?? settings.region ?? process.env.CDK_DEFAULT_REGION;
  if (!region) {
    throw new SettingsError(
      'invalid orgscan deployment settings:\n  context region: is required: pass -c region=<region>, or set AWS_REGION or a default region in your AWS profile',
    );
  }
  const scanner = new ScannerStack(app, prefix, {
    settings,
    // No account in env: with account and region both known, the VPC would look availability zones up in AWS,
    // and synth must run offline. The stack asserts the account at deploy time instead.
    env: { region },
    ...(options.image ? { image: options.image } : {}),
  });
  // Deploy directly to the management account (StackSets skip it) or to a single account.
  const memberRole = new MemberRoleStack(app, `${prefix}-MemberRole`, { settings });
  const memberRoleStackSet = settings.memberOrganizationalUnitIds
    ? new MemberRoleStackSetStack(app, `${prefix}-MemberRoleStackSet`, {
        settings: { ...settings, memberOrganizationalUnitIds: settings.memberOrganizationalUnitIds },
      })
    : undefined;
  applyStandardTags(app, settings);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { settings, scanner, memberRole, memberRoleStackSet };
}
