// The orgscan service in the security/audit account: a Fargate service behind an internal ALB,
// PostgreSQL, the work queue fed by EventBridge Scheduler, and the task role that may assume
// the read-only member role in the organization's accounts.
import { Aws, CfnOutput, CfnRule, Duration, Fn, RemovalPolicy, SecretValue, Stack, TimeZone, Validations, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import type { Construct } from 'constructs';
import { parseConfig } from '../scanner/config.js';
import { findRepoRoot } from './repo-root.js';
import { scannerTaskRoleName, type DeploySettings } from './settings.js';

export const CONTAINER_PORT = 8080;
export const DATABASE_NAME = 'orgscan';
export const DATABASE_USER = 'orgscan';
export const DATA_DIR = '/data';
/** Address range of the VPC the stack creates when no existing VPC is given. */
export const NEW_VPC_CIDR = '10.80.0.0/16';
/** Stands in for "no API token yet": the SHA-256 of no known token. Operators replace it (see docs/deploy.md). */
export const LOCKED_API_TOKENS = `reader:${'0'.repeat(64)}`;
/** Generated database passwords avoid every character that would need escaping in DATABASE_URL. */
export const URL_UNSAFE_PASSWORD_CHARACTERS = `!"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~ `;

export interface ScannerStackProps extends StackProps {
  settings: DeploySettings;
  /** Container image; default: settings.imageUri, else built from the repository's Dockerfile (ARM64). */
  image?: ecs.ContainerImage;
}

/** The service's configuration file, validated against orgscan's own schema at synth time. */
export function serviceConfig(settings: DeploySettings): Record<string, unknown> {
  const config: Record<string, unknown> = {
    organization: true,
    roleName: settings.roleName,
    externalId: settings.externalId,
    ...(settings.scanRegions ? { regions: settings.scanRegions } : {}),
    ...(settings.mailTo && settings.mailFrom
      ? { mail: { from: settings.mailFrom, to: settings.mailTo, ...(settings.reportBaseUrl ? { reportBaseUrl: settings.reportBaseUrl } : {}) } }
      : {}),
  };
  parseConfig(config, 'generated service configuration');
  return config;
}

/**
 * The container's command: write the config to the data volume, assemble DATABASE_URL from the injected
 * secret fields (the generated password has no character that needs escaping), start the server.
 */
export function serviceCommand(): string[] {
  const script = [
    'set -eu',
    'config="$ORGSCAN_DATA_DIR/orgscan.config.json"',
    `printf '%s' "$ORGSCAN_CONFIG_JSON" > "$config"`,
    // $VAR rather than ${VAR}: CloudFormation's linter reads ${...} as an unsubstituted Fn::Sub parameter.
    'DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@$DB_HOST:$DB_PORT/$DB_NAME?sslmode=verify-full"',
    'export DATABASE_URL',
    `exec node dist/cli/index.js serve --host 0.0.0.0 --port ${CONTAINER_PORT} --data-dir "$ORGSCAN_DATA_DIR" --config "$config"`,
  ].join('\n');
  return ['sh', '-c', script];
}

export class ScannerStack extends Stack {
  readonly vpc: ec2.IVpc;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly taskRole: iam.Role;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly database: rds.DatabaseInstance;
  readonly apiTokens: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: ScannerStackProps) {
    super(scope, id, { description: 'orgscan: live compliance scanner for AWS Organizations (service)', ...props });
    const { settings } = props;
    const name = (suffix: string) => `${settings.project}-${settings.environment}-${suffix}`;
    new CfnRule(this, 'DeployedToScannerAccount', {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.ACCOUNT_ID, settings.scannerAccountId),
          assertDescription: `orgscan's scanner stack belongs in account ${settings.scannerAccountId} (context scannerAccountId): the member roles trust that account`,
        },
      ],
    });

    // ---------------------------------------------------------------- network
    let privateSubnets: ec2.SubnetSelection;
    // A literal CIDR rather than the VPC's CidrBlock attribute, so security group rules are reviewable in the template.
    const vpcCidr = settings.vpc?.vpcCidrBlock ?? NEW_VPC_CIDR;
    if (settings.vpc) {
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: settings.vpc.vpcId,
        vpcCidrBlock: settings.vpc.vpcCidrBlock,
        availabilityZones: settings.vpc.availabilityZones,
        privateSubnetIds: settings.vpc.privateSubnetIds,
        ...(settings.vpc.privateRouteTableIds ? { privateSubnetRouteTableIds: settings.vpc.privateRouteTableIds } : {}),
      });
      privateSubnets = { subnets: this.vpc.privateSubnets };
    } else {
      const egress = settings.natGateways > 0;
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ipAddresses: ec2.IpAddresses.cidr(NEW_VPC_CIDR),
        maxAzs: 2,
        natGateways: settings.natGateways,
        subnetConfiguration: [
          ...(egress ? [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }] : []),
          { name: 'private', subnetType: egress ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
        ],
      });
      const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
        retention: settings.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup), trafficType: ec2.FlowLogTrafficType.REJECT });
      this.vpc = vpc;
      privateSubnets = { subnetType: egress ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED };
    }
    // AWS APIs of the home region without a NAT: image layers (S3), ECR, logs, secrets, STS, the queue.
    // Gateway endpoints need the route tables: an existing VPC without privateRouteTableIds keeps its own routing.
    if (!settings.vpc || settings.vpc.privateRouteTableIds) {
      this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [privateSubnets] });
      this.vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [privateSubnets] });
    }
    if (settings.interfaceEndpoints) {
      const interfaceServices: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
        Sts: ec2.InterfaceVpcEndpointAwsService.STS,
        Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
        Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
        EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
        SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      };
      for (const [id, service] of Object.entries(interfaceServices)) {
        const endpoint = this.vpc.addInterfaceEndpoint(`${id}Endpoint`, { service, subnets: privateSubnets, privateDnsEnabled: true, open: false });
        endpoint.connections.allowFrom(ec2.Peer.ipv4(vpcCidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
      }
    }

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
    const dbSg = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: this.vpc,
      description: 'orgscan PostgreSQL',
      allowAllOutbound: false,
    });

    // ---------------------------------------------------------------- database
    const dbPort = 5432;
    const dbInstanceIdentifier = name('db');
    // Created here rather than with cloudwatchLogsRetention, which would add a Lambda function to set the retention.
    const dbLogGroup = new logs.LogGroup(this, 'DatabaseLogs', {
      logGroupName: `/aws/rds/instance/${dbInstanceIdentifier}/postgresql`,
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.database = new rds.DatabaseInstance(this, 'Database', {
      instanceIdentifier: dbInstanceIdentifier,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(settings.dbInstanceClass),
      vpc: this.vpc,
      vpcSubnets: privateSubnets,
      securityGroups: [dbSg],
      port: dbPort,
      multiAz: true,
      storageEncrypted: true,
      storageType: rds.StorageType.GP3,
      allocatedStorage: settings.dbAllocatedStorageGiB,
      maxAllocatedStorage: settings.dbAllocatedStorageGiB * 5,
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, {
        secretName: name('database'),
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
    this.database.node.addDependency(dbLogGroup);
    dbSg.addIngressRule(serviceSg, ec2.Port.tcp(dbPort), 'orgscan tasks');
    const dbSecret = this.database.secret!;
    Validations.of(this.database).acknowledge(
      { id: 'AwsSolutions-RDS11', reason: 'Only the service security group may connect; a non-standard port adds no protection beyond that.' },
    );
    // The generated credentials secret is a child of the instance construct.
    Validations.of(this.database.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ECS injects the password when a task starts; automatic rotation would break new connections of running tasks. ' +
        'Rotate by putting a new value and forcing a new deployment (docs/deploy.md).',
    });

    this.apiTokens = new secretsmanager.Secret(this, 'ApiTokens', {
      secretName: name('api-tokens'),
      description: 'orgscan API bearer tokens: comma-separated role:sha256-hex entries (orgscan token create)',
      // Not a secret: the hash of no known token, so the API is closed until an operator puts real entries.
      secretStringValue: SecretValue.unsafePlainText(LOCKED_API_TOKENS),
    });
    Validations.of(this.apiTokens).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Holds hashes of API tokens that operators issue with `orgscan token create`; there is nothing for a rotation function to generate.',
    });

    // ---------------------------------------------------------------- queue and schedules
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: name('work-dlq'),
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'WorkQueue', {
      queueName: name('work'),
      visibilityTimeout: Duration.minutes(5),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    const timeZone = TimeZone.of(settings.scheduleTimeZone);
    const scheduleOf = (expression: string) =>
      scheduler.ScheduleExpression.expression(expression, expression.startsWith('cron(') ? timeZone : undefined);
    new scheduler.Schedule(this, 'ScanSchedule', {
      scheduleName: name('scan'),
      description: 'orgscan: scan the organization',
      schedule: scheduleOf(settings.scanSchedule),
      target: new schedulerTargets.SqsSendMessage(this.queue, {
        input: scheduler.ScheduleTargetInput.fromObject({ type: 'scan' }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
      }),
    });
    new scheduler.Schedule(this, 'WeeklyReportSchedule', {
      scheduleName: name('weekly-report'),
      description: 'orgscan: weekly email to security',
      schedule: scheduleOf(settings.weeklyReportSchedule),
      target: new schedulerTargets.SqsSendMessage(this.queue, {
        input: scheduler.ScheduleTargetInput.fromObject({ type: 'weekly-report' }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
      }),
    });

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
        actions: ['organizations:ListAccounts', 'organizations:DescribeOrganization'],
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
        reason: 'organizations:ListAccounts and DescribeOrganization support no resource-level permissions.',
      },
    );

    // ---------------------------------------------------------------- service
    const logGroup = new logs.LogGroup(this, 'ServiceLogs', {
      logGroupName: `/${settings.project}/${settings.environment}/service`,
      retention: settings.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
        DB_HOST: this.database.dbInstanceEndpointAddress,
        DB_PORT: this.database.dbInstanceEndpointPort,
        DB_NAME: DATABASE_NAME,
      },
      secrets: {
        DB_USER: ecs.Secret.fromSecretsManager(dbSecret, 'username'),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(dbSecret, 'password'),
        ORGSCAN_API_TOKENS: ecs.Secret.fromSecretsManager(this.apiTokens),
      },
      healthCheck: {
        command: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${CONTAINER_PORT}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`],
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
      desiredCount: settings.desiredCount,
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
    for (const cidr of settings.allowedCidrs ?? [vpcCidr]) {
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

