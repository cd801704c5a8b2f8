// The service's PostgreSQL: Multi-AZ, encrypted, TLS enforced, generated credentials in Secrets Manager.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { DeploySettings } from './settings.js';

export const DATABASE_NAME = 'orgscan';
export const DATABASE_USER = 'orgscan';
export const DATABASE_PORT = 5432;
/** Generated passwords avoid every character that would need escaping in DATABASE_URL. */
export const URL_UNSAFE_PASSWORD_CHARACTERS = `!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~ `;

export interface ScannerDatabaseProps {
  settings: DeploySettings;
  vpc: ec2.IVpc;
  subnets: ec2.SubnetSelection;
  /** Physical name prefix, e.g. orgscan-prod. */
  namePrefix: string;
}

export class ScannerDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ScannerDatabaseProps) {
    super(scope, id);
    const { settings } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'orgscan PostgreSQL',
      allowAllOutbound: false,
    });
    const instanceIdentifier = `${props.namePrefix}-db`;
    // Created here rather than with cloudwatchLogsRetention, which would add a Lambda function to set the retention.
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/rds/instance/${instanceIdentifier}/postgresql`,
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(settings.dbInstanceClass),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      port: DATABASE_PORT,
      multiAz: true,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: settings.dbAllocatedStorageGiB,
      maxAllocatedStorage: settings.dbAllocatedStorageGiB * 5,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, {
        secretName: `${props.namePrefix}-database`,
        excludeCharacters: URL_UNSAFE_PASSWORD_CHARACTERS,
      }),
      parameters: { 'rds.force_ssl': '1' },
      backupRetention: Duration.days(7),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      cloudwatchLogsExports: ['postgresql'],
      enablePerformanceInsights: false,
    });
    this.instance.node.addDependency(logGroup);
    this.secret = this.instance.secret!;

    Validations.of(this.instance).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason: 'Only the service security group may connect; a non-standard port adds no protection beyond that.',
    });
    // The generated credentials secret is a child of the instance construct.
    Validations.of(this.instance.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ECS injects the password when a task starts; automatic rotation would break new connections of running tasks. ' +
        'Rotate by putting a new value and forcing a new deployment (README, "Deploy to AWS").',
    });
  }

  allowFrom(peer: ec2.IPeer, description: string): void {
    this.securityGroup.addIngressRule(peer, ec2.Port.tcp(DATABASE_PORT), description);
  }
}
