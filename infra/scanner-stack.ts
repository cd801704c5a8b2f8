// The orgscan service in the security/audit account: a Fargate service behind an internal ALB,
// PostgreSQL, the work queue fed by EventBridge Scheduler, and the task role that may assume
// the read-only member role in the organization's accounts.
import { Aws, CfnOutput, CfnRule, Duration, Fn, RemovalPolicy, SecretValue, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { Construct } from 'constructs';
import { SCANNER_ORGANIZATIONS_ACTIONS } from './iam-actions.js';
import { CONTAINER_PORT, DATA_DIR, healthCheckCommand, LOCKED_API_TOKENS, serviceCommand, serviceConfig } from './container.js';
import { DATABASE_NAME, ScannerDatabase } from './database.js';
import { ScannerNetwork } from './network.js';
import { findRepoRoot } from './repo-root.js';
import { scannerTaskRoleName, type DeploySettings } from './settings.js';
import { ServiceScaling } from './service-scaling.js';
import { WorkQueue } from './work-queue.js';

export interface ScannerStackProps extends StackProps {
  settings: DeploySettings;
  /** Container image; default: settings.imageUri, else built from the repository's Dockerfile (ARM64). */
  image?: ecs.ContainerImage;
}

export class ScannerStack extends Stack {
  readonly vpc: ec2.IVpc;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly taskRole: iam.Role;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly database: ScannerDatabase;
  readonly apiTokens: secretsmanager.Secret;
  readonly sessionSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ScannerStackProps) {
    super(scope, id, { description: 'orgscan: live compliance scanner for AWS Organizations (service)', ...props });
    const { settings } = props;
    const namePrefix = `${settings.project}-${settings.environment}`;
    const name = (suffix: string) => `${namePrefix}-${suffix}`;
    new CfnRule(this, 'DeployedToScannerAccount', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.ACCOUNT_ID, settings.scannerAccountId),
          assertDescription: `orgscan's scanner stack belongs in account ${settings.scannerAccountId} (context scannerAccountId): the member roles trust that account`,
        },
      ],
    });

    const network = new ScannerNetwork(this, 'Network', settings);
    this.vpc = network.vpc;
    const privateSubnets = network.privateSubnets;
    const serviceSg = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: 'orgscan tasks',
      allowAllOutbound: true,
    });
    const albSg = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'orgscan internal load balancer',
      allowAllOutbound: false,
    });

    this.database = new ScannerDatabase(this, 'Database', { settings, vpc: this.vpc, subnets: privateSubnets, namePrefix });
    this.database.allowFrom(serviceSg, 'orgscan tasks');

    this.apiTokens = new secretsmanager.Secret(this, 'ApiTokens', {
      secretName: name('api-tokens'),
      description: 'orgscan API bearer tokens: comma-separated role:sha256-hex entries (orgscan token create)',
      // Not a secret: the hash of no known token, so the API is closed until an operator puts real entries.
      secretStringValue: SecretValue.unsafePlainText(LOCKED_API_TOKENS),
    });
    // One signing key for every task, so a browser session opened on one task is valid on the others.
    this.sessionSecret = new secretsmanager.Secret(this, 'SessionSecret', {
      secretName: name('session-secret'),
      description: 'orgscan browser session signing key (ORGSCAN_SESSION_SECRET)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.sessionSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Injected at task start; rotating it signs every browser out, so it is rotated by redeploying, not by a rotation function.',
    });
    Validations.of(this.apiTokens).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Holds hashes of API tokens that operators issue with `orgscan token create`; there is nothing for a rotation function to generate.',
    });

    const work = new WorkQueue(this, 'Work', { settings, namePrefix });
    this.queue = work.queue;
    this.deadLetterQueue = work.deadLetterQueue;

    // ---------------------------------------------------------------- task role
    this.taskRole = new iam.Role(this, 'TaskRole', {
      roleName: scannerTaskRoleName(settings),
      description: 'orgscan scanner: assumes the read-only member role in organization accounts',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeMemberRoleInOrganization',
        actions: ['sts:AssumeRole'],
        resources: [`arn:${this.partition}:iam::*:role/${settings.roleName}`],
        conditions: { StringEquals: { 'aws:ResourceOrgID': settings.organizationId } },
      }),
    );
    this.taskRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListOrganizationAccounts',
        actions: [...SCANNER_ORGANIZATIONS_ACTIONS],
        resources: ['*'],
      }),
    );
    this.queue.grantConsumeMessages(this.taskRole);
    // Scans interrupted by a task stop are re-queued on start-up.
    this.queue.grantSendMessages(this.taskRole);
    if (settings.sesIdentity) {
      this.taskRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendWeeklyReport',
          actions: ['ses:SendEmail'],
          resources: [`arn:${this.partition}:ses:${this.region}:${this.account}:identity/${settings.sesIdentity}`],
        }),
      );
    }
    Validations.of(this.taskRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${settings.roleName}]`,
        reason:
          'The member accounts are discovered at run time; the statement names the one role and is restricted to the ' +
          'organization by an aws:ResourceOrgID condition.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'organizations:ListAccounts and DescribeOrganization support no resource-level permissions; DescribeAccount, ListParents, ' +
          'DescribeOrganizationalUnit and ListTagsForResource read every account and OU of the organization (its metadata, not its resources).',
      },
    );

    // ---------------------------------------------------------------- service
    const logGroup = new logs.LogGroup(this, 'ServiceLogs', {
      logGroupName: `/${settings.project}/${settings.environment}/service`,
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const autoscaling = settings.maxTasks !== undefined && settings.maxTasks > settings.desiredCount;
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      clusterName: name('cluster'),
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      family: name('service'),
      cpu: settings.cpu,
      memoryLimitMiB: settings.memoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      taskRole: this.taskRole,
    });
    taskDefinition.addVolume({ name: 'data' });
    taskDefinition.addVolume({ name: 'tmp' });
    const image =
      props.image ??
      (settings.imageUri
        ? ecs.ContainerImage.fromRegistry(settings.imageUri)
        : ecs.ContainerImage.fromAsset(findRepoRoot(), { platform: Platform.LINUX_ARM64 }));
    const container = taskDefinition.addContainer('orgscan', {
      image,
      command: serviceCommand(),
      readonlyRootFilesystem: true,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'orgscan' }),
      portMappings: [{ containerPort: CONTAINER_PORT, protocol: ecs.Protocol.TCP }],
      environment: {
        NODE_ENV: 'production',
        ORGSCAN_DATA_DIR: DATA_DIR,
        ORGSCAN_QUEUE_URL: this.queue.queueUrl,
        ORGSCAN_CONFIG_JSON: JSON.stringify(serviceConfig(settings)),
        // The load balancer sits in the VPC: trust its X-Forwarded-For so sign-in limits apply per client.
        ORGSCAN_TRUST_PROXY: network.vpcCidr,
        ...(settings.shardAccounts > 0
          ? { ORGSCAN_SHARD_ACCOUNTS: String(settings.shardAccounts), ORGSCAN_SHARD_LEASE: String(settings.shardLeaseSeconds) }
          : {}),
        DB_HOST: this.database.instance.dbInstanceEndpointAddress,
        DB_PORT: this.database.instance.dbInstanceEndpointPort,
        DB_NAME: DATABASE_NAME,
      },
      secrets: {
        DB_USER: ecs.Secret.fromSecretsManager(this.database.secret, 'username'),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(this.database.secret, 'password'),
        ORGSCAN_API_TOKENS: ecs.Secret.fromSecretsManager(this.apiTokens),
        ORGSCAN_SESSION_SECRET: ecs.Secret.fromSecretsManager(this.sessionSecret),
      },
      healthCheck: {
        command: healthCheckCommand(),
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
    });
    container.addMountPoints(
      { sourceVolume: 'data', containerPath: DATA_DIR, readOnly: false },
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
    );
    Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ecr:GetAuthorizationToken (pulling the image from ECR) supports no resource-level permissions.',
    });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds only non-secret settings (queue URL, database host, generated config without credentials); ' +
        'the database password and API tokens come from Secrets Manager.',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster,
      serviceName: name('service'),
      taskDefinition,
      // With autoscaling the count is its to set: a deploy does not reset it (CloudFormation keeps the running count).
      desiredCount: autoscaling ? undefined : settings.desiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      vpcSubnets: privateSubnets,
      securityGroups: [serviceSg],
      assignPublicIp: false,
      enableExecuteCommand: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      healthCheckGracePeriod: Duration.seconds(120),
    });

    if (autoscaling) {
      new ServiceScaling(this, 'ServiceScaling', {
        service: this.service,
        clusterName: cluster.clusterName,
        queue: this.queue,
        minTasks: settings.desiredCount,
        maxTasks: settings.maxTasks!,
        backlogPerTask: settings.backlogPerTask,
      });
    }

    // ---------------------------------------------------------------- internal load balancer
    const accessLogs = new s3.Bucket(this, 'LoadBalancerAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(settings.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket is itself the access-log destination; logging its own access would need another log bucket, and so on.',
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing: false,
      vpcSubnets: privateSubnets,
      securityGroup: albSg,
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(accessLogs, 'alb');
    const https = settings.certificateArn !== undefined;
    const listenerPort = https ? 443 : 80;
    for (const cidr of settings.allowedCidrs ?? [network.vpcCidr]) {
      albSg.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(listenerPort), 'orgscan users');
    }
    const listener = this.loadBalancer.addListener('Listener', {
      port: listenerPort,
      protocol: https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
      open: false,
      ...(https
        ? {
            certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn!)],
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          }
        : {}),
    });
    listener.addTargets('Service', {
      port: CONTAINER_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: container.containerName, containerPort: CONTAINER_PORT })],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: { path: '/healthz', healthyHttpCodes: '200', interval: Duration.seconds(30) },
    });
    serviceSg.connections.allowFrom(albSg, ec2.Port.tcp(CONTAINER_PORT), 'load balancer');
    albSg.connections.allowTo(serviceSg, ec2.Port.tcp(CONTAINER_PORT), 'orgscan tasks');

    // ---------------------------------------------------------------- outputs
    new CfnOutput(this, 'ServiceUrl', {
      value: `${https ? 'https' : 'http'}://${this.loadBalancer.loadBalancerDnsName}`,
      description: 'Internal URL of the orgscan API and reports',
    });
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queueUrl, description: 'Put {"type":"scan"} here to start a scan' });
    new CfnOutput(this, 'ApiTokensSecretArn', { value: this.apiTokens.secretArn, description: 'Secret holding the API token entries' });
    new CfnOutput(this, 'TaskRoleArn', { value: this.taskRole.roleArn, description: 'Principal the member role trusts' });
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'ServiceName', { value: this.service.serviceName });
    new CfnOutput(this, 'LogGroupName', { value: logGroup.logGroupName });
  }
}

