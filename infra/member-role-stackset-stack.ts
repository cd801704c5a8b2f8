// A service-managed CloudFormation StackSet that rolls the member role out to organizational units,
// and to every account that joins them later. Deploy it from the management account or a
// delegated StackSets administrator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, CfnOutput, CfnStackSet, DefaultStackSynthesizer, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MemberRoleStack, type MemberRoleSettings } from './member-role-stack.js';
import { applyStandardTags } from './tags.js';
import type { DeploySettings } from './settings.js';

export type StackSetSettings = MemberRoleSettings &
  Pick<DeploySettings, 'owner' | 'memberRoleRegion' | 'stackSetCallAs'> & { memberOrganizationalUnitIds: string[] };

/** The member role's CloudFormation template, synthesized in a private app so it can be embedded. */
export function memberRoleTemplate(settings: MemberRoleSettings & Pick<DeploySettings, 'owner'>, actions?: string[]): Record<string, unknown> {
  // Its own output directory: under `cdk synth` an App defaults to the CLI's, which this one must not touch.
  const outdir = mkdtempSync(join(tmpdir(), 'orgscan-member-role-'));
  try {
    const app = new App({ outdir });
    const stack = new MemberRoleStack(app, 'MemberRole', { settings, ...(actions ? { actions } : {}) });
    applyStandardTags(app, settings);
    return app.synth().getStackArtifact(stack.artifactId).template as Record<string, unknown>;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export interface MemberRoleStackSetStackProps extends StackProps {
  settings: StackSetSettings;
  actions?: string[];
}

export class MemberRoleStackSetStack extends Stack {
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberRoleStackSetStackProps) {
    super(scope, id, {
      // Deployed in the management account (or a delegated administrator), which need not be CDK-bootstrapped.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      description: 'orgscan: StackSet that deploys the read-only member role to the organization',
      ...props,
    });
    const { settings } = props;
    const template = memberRoleTemplate(settings, props.actions);
    this.stackSet = new CfnStackSet(this, 'MemberRoleStackSet', {
      stackSetName: `${settings.project}-${settings.environment}-member-role`,
      description: `orgscan read-only role ${settings.roleName} in every member account`,
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: settings.stackSetCallAs,
      capabilities: ['CAPABILITY_NAMED_IAM'],
      managedExecution: { Active: true },
      operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25, regionConcurrencyType: 'PARALLEL' },
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: settings.memberOrganizationalUnitIds },
          regions: [settings.memberRoleRegion],
        },
      ],
      templateBody: JSON.stringify(template),
    });
    new CfnOutput(this, 'StackSetName', { value: this.stackSet.stackSetName });
  }
}
