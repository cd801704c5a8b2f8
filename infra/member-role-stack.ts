// The read-only role orgscan assumes in every scanned account, as a self-contained template
// that a CloudFormation StackSet can roll out to the organization (no assets, no bootstrap).
import { CfnOutput, DefaultStackSynthesizer, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { memberRoleActions } from './iam-actions.js';
import { scannerTaskRoleName, type DeploySettings } from './settings.js';

export type MemberRoleSettings = Pick<
  DeploySettings,
  'project' | 'environment' | 'scannerAccountId' | 'roleName' | 'externalId'
> &
  Partial<Pick<DeploySettings, 'trustedPrincipalArns'>>;

export interface MemberRoleStackProps extends StackProps {
  settings: MemberRoleSettings;
  /** IAM actions of the role; default: generated from the check registry. */
  actions?: string[];
}

export class MemberRoleStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleStackProps) {
    super(scope, id, {
      // StackSet instances land in accounts that were never bootstrapped for CDK.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      description: 'orgscan read-only role, assumed by the orgscan scanner (deploy to every member account with a StackSet)',
      ...props,
    });
    const { settings } = props;
    const actions = props.actions ?? memberRoleActions();
    const scannerRoleArn = `arn:${this.partition}:iam::${settings.scannerAccountId}:role/${scannerTaskRoleName(settings)}`;

    // Trust the scanner account, narrowed to the task role by aws:PrincipalArn rather than naming the role as
    // principal: a principal ARN is frozen to the role's unique id, so re-creating the task role would break trust.
    const trust = new iam.AccountPrincipal(settings.scannerAccountId).withConditions({
      StringEquals: { 'sts:ExternalId': settings.externalId },
      ArnEquals: { 'aws:PrincipalArn': scannerRoleArn },
    });

    this.role = new iam.Role(this, 'ReadOnlyRole', {
      roleName: settings.roleName,
      description: 'orgscan: read-only access for the compliance scanner',
      assumedBy: trust,
      inlinePolicies: {
        OrgScanReadOnly: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'OrgScanChecks',
              effect: iam.Effect.ALLOW,
              actions,
              resources: ['*'],
            }),
          ],
        }),
      },
    });
    this.trustPeople(settings);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The actions are read-only List/Describe/Get calls generated from the check registry; most support no resource-level ' +
        'permissions and the scanner must see every resource of the account. No action is a wildcard.',
    });

    new CfnOutput(this, 'RoleArn', { value: this.role.roleArn, description: 'Role orgscan assumes in this account' });
  }

  /**
   * People scanning from a laptop (`orgscan scan --org` with their own credentials): one statement per account of
   * the trusted principals, ArnLike on aws:PrincipalArn (a Principal element cannot hold wildcards, and IAM Identity
   * Center role names end in a random suffix), with the same ExternalId as the scanner.
   */
  private trustPeople(settings: MemberRoleSettings): void {
    const byAccount = new Map<string, string[]>();
    for (const arn of settings.trustedPrincipalArns ?? []) {
      const account = arn.split(':')[4]!;
      byAccount.set(account, [...(byAccount.get(account) ?? []), arn]);
    }
    for (const [account, arns] of byAccount) {
      this.role.assumeRolePolicy!.addStatements(
        new iam.PolicyStatement({
          sid: `TrustedPrincipalsOf${account}`,
          actions: ['sts:AssumeRole'],
          principals: [new iam.AccountPrincipal(account)],
          conditions: { StringEquals: { 'sts:ExternalId': settings.externalId }, ArnLike: { 'aws:PrincipalArn': arns } },
        }),
      );
    }
  }
}
