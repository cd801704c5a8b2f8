// Key properties of the synthesized templates (aws-cdk-lib/assertions), offline.
import { describe, expect, it } from 'vitest';
import { Stack, TagManager, CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { requiredPermissions } from '../../checks/index.js';
import { parseConfig } from '../../scanner/config.js';
import { memberRoleActions } from '../../infra/iam-actions.js';
import { LOCKED_API_TOKENS } from '../../infra/container.js';
import { REQUIRED_TAG_KEYS } from '../../infra/tags.js';
import { NEW_VPC_CIDR } from '../../infra/network.js';
import { BASE_CONTEXT, buildTestApp } from './infra-fixtures.js';

const MAIL = { sesIdentity: 'example.com', mailFrom: 'orgscan@example.com', mailTo: ['security@example.com'] };
const CERT = 'arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012';

type Resource = { Type: string; Properties?: Record<string, any>; Condition?: string };

function resources(template: Template, type?: string): [string, Resource][] {
  return Object.entries(template.toJSON().Resources as Record<string, Resource>).filter(([, r]) => !type || r.Type === type);
}

/** Every IAM action of every policy (inline role policies and AWS::IAM::Policy) in a template. */
function allPolicyStatements(template: Template): any[] {
  const statements: any[] = [];
  for (const [, r] of resources(template)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') statements.push(...r.Properties!.PolicyDocument.Statement);
    if (r.Type === 'AWS::IAM::Role') for (const p of r.Properties!.Policies ?? []) statements.push(...p.PolicyDocument.Statement);
  }
  return statements;
}
const actionsOf = (s: any): string[] => [s.Action].flat();

/** The statements of the policies attached to one role (by logical id). */
function roleStatements(template: Template, roleLogicalId: string): any[] {
  const out: any[] = [];
  for (const [, r] of resources(template, 'AWS::IAM::Policy')) {
    if ((r.Properties!.Roles as any[]).some((ref) => ref.Ref === roleLogicalId)) out.push(...r.Properties!.PolicyDocument.Statement);
  }
  return out;
}

describe('ScannerStack', () => {
  const { stacks } = buildTestApp(MAIL);
  const template = Template.fromStack(stacks.scanner);
  const taskRoleId = stacks.scanner.getLogicalId(stacks.scanner.taskRole.node.defaultChild as CfnResource);

  it('runs the service on Fargate ARM64 with a rolling-back circuit breaker', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      Cpu: '512',
      Memory: '1024',
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('runs `orgscan serve` read-only with data on a volume, secrets from Secrets Manager', () => {
    const [, taskDef] = resources(template, 'AWS::ECS::TaskDefinition')[0]!;
    const container = taskDef.Properties!.ContainerDefinitions[0];
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.Image).toBe('public.ecr.aws/example/orgscan:test');
    expect(container.Command[0]).toBe('sh');
    expect(container.Command[2]).toContain('exec node dist/cli/index.js serve --host 0.0.0.0 --port 8080 --data-dir "$ORGSCAN_DATA_DIR"');
    expect(container.Command[2]).toContain('sslmode=verify-full');
    expect(container.MountPoints).toEqual(
      expect.arrayContaining([expect.objectContaining({ ContainerPath: '/data', ReadOnly: false })]),
    );
    expect(container.PortMappings).toEqual([expect.objectContaining({ ContainerPort: 8080 })]);
    expect(container.HealthCheck.Command.join(' ')).toContain('/healthz');
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');

    const secretNames = (container.Secrets as { Name: string }[]).map((s) => s.Name).sort();
    expect(secretNames).toEqual(['DB_PASSWORD', 'DB_USER', 'ORGSCAN_API_TOKENS', 'ORGSCAN_SESSION_SECRET']);
    const env = Object.fromEntries((container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
    expect(Object.keys(env)).not.toEqual(expect.arrayContaining(['DB_PASSWORD', 'DATABASE_URL', 'ORGSCAN_API_TOKENS', 'ORGSCAN_SESSION_SECRET']));
    expect(env.ORGSCAN_DATA_DIR).toBe('/data');
    // Only the VPC (where the load balancer runs) may set X-Forwarded-For.
    expect(env.ORGSCAN_TRUST_PROXY).toBe(NEW_VPC_CIDR);
    expect(env.ORGSCAN_QUEUE_URL).toEqual({ Ref: stacks.scanner.getLogicalId(stacks.scanner.queue.node.defaultChild as CfnResource) });

    // The generated configuration is valid for orgscan's own schema and carries no secret.
    const config = parseConfig(JSON.parse(env.ORGSCAN_CONFIG_JSON as string));
    expect(config).toMatchObject({
      organization: true,
      roleName: 'OrgScanReadOnly',
      externalId: BASE_CONTEXT.externalId,
      mail: { from: 'orgscan@example.com', to: ['security@example.com'] },
    });
  });

  it('puts an internal ALB in front, plain HTTP without a certificate, reachable only from the VPC', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      HealthCheckPath: '/healthz',
      TargetType: 'ip',
    });
    const ingress = [
      ...resources(template, 'AWS::EC2::SecurityGroup').flatMap(([, r]) => r.Properties!.SecurityGroupIngress ?? []),
      ...resources(template, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties!),
    ];
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) expect(rule.CidrIp).not.toBe('0.0.0.0/0');
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'orgscan internal load balancer',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.80.0.0/16', FromPort: 80, ToPort: 80 })],
    });
  });

  it('keeps state in an encrypted Multi-AZ PostgreSQL with generated credentials in Secrets Manager', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      MultiAZ: true,
      StorageEncrypted: true,
      DeletionProtection: true,
      PubliclyAccessible: false,
      BackupRetentionPeriod: 7,
      DBName: 'orgscan',
      MasterUsername: 'orgscan',
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: '{"username":"orgscan"}' }),
    });
    // The API tokens start locked: a placeholder hash, no usable token in the template.
    template.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: LOCKED_API_TOKENS });
  });

  it('feeds a queue with a dead-letter queue from two Scheduler schedules with the right payloads', () => {
    const queueId = stacks.scanner.getLogicalId(stacks.scanner.queue.node.defaultChild as CfnResource);
    const dlqId = stacks.scanner.getLogicalId(stacks.scanner.deadLetterQueue.node.defaultChild as CfnResource);
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
    const schedules = resources(template, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties!);
    expect(schedules).toHaveLength(2);
    const byPayload = new Map(schedules.map((s) => [JSON.parse(s.Target.Input).type as string, s]));
    expect([...byPayload.keys()].sort()).toEqual(['scan', 'weekly-report']);
    expect(JSON.parse(byPayload.get('scan')!.Target.Input)).toEqual({ type: 'scan' });
    expect(JSON.parse(byPayload.get('weekly-report')!.Target.Input)).toEqual({ type: 'weekly-report' });
    expect(byPayload.get('scan')!.ScheduleExpression).toBe('cron(0 3 * * ? *)');
    expect(byPayload.get('weekly-report')!.ScheduleExpression).toBe('cron(0 7 ? * MON *)');
    for (const s of schedules) {
      expect(s.Target.Arn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      expect(s.Target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
      expect(s.ScheduleExpressionTimezone).toBe('UTC');
    }
  });

  it('reaches the home-region AWS APIs through gateway and interface endpoints', () => {
    const endpoints = resources(template, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties!);
    const name = (e: any) => (typeof e.ServiceName === 'string' ? e.ServiceName : JSON.stringify(e.ServiceName));
    const gateways = endpoints.filter((e) => e.VpcEndpointType === 'Gateway').map(name);
    const interfaces = endpoints.filter((e) => e.VpcEndpointType === 'Interface').map(name);
    expect(gateways.some((n) => n.endsWith('.s3') || n.includes('.s3"'))).toBe(true);
    expect(gateways.some((n) => n.includes('dynamodb'))).toBe(true);
    for (const svc of ['sts', 'sqs', 'logs', 'ecr.api', 'ecr.dkr', 'secretsmanager']) {
      expect(interfaces.some((n) => n.endsWith(`.${svc}`)), `interface endpoint ${svc}`).toBe(true);
    }
    for (const e of endpoints.filter((x) => x.VpcEndpointType === 'Interface')) expect(e.PrivateDnsEnabled).toBe(true);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('sets a retention on every log group', () => {
    const groups = resources(template, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const [id, g] of groups) expect(g.Properties!.RetentionInDays, id).toBe(90);
  });

  it('gives the task role sts:AssumeRole on the member role name only, inside the organization', () => {
    const statements = roleStatements(template, taskRoleId);
    const assume = statements.filter((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(assume).toHaveLength(1);
    expect(assume[0].Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/OrgScanReadOnly']] });
    expect(assume[0].Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': BASE_CONTEXT.organizationId } });

    const actions = new Set(statements.flatMap(actionsOf));
    for (const a of ['organizations:ListAccounts', 'organizations:DescribeOrganization', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'ses:SendEmail']) {
      expect(actions, a).toContain(a);
    }
    const ses = statements.find((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(JSON.stringify(ses.Resource)).toContain(':identity/example.com');
    // Only what the service calls: no IAM, EC2 or S3 access of its own in the scanner account.
    expect([...actions].filter((a) => !/^(sts|organizations|sqs|ses):/.test(a))).toEqual([]);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'orgscan-test-scanner-task',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] },
    });
  });

  it('uses no wildcard action in any policy', () => {
    for (const s of allPolicyStatements(template)) for (const a of actionsOf(s)) expect(a, JSON.stringify(s)).not.toContain('*');
  });

  it('guards the deployment account', () => {
    const rule = template.toJSON().Rules.DeployedToScannerAccount;
    expect(JSON.stringify(rule.Assertions[0].Assert)).toContain(BASE_CONTEXT.scannerAccountId as string);
  });
});

describe('ScannerStack variants', () => {
  it('listens on HTTPS with the given certificate, in an existing VPC, without NAT or mail', () => {
    const { stacks } = buildTestApp({
      certificateArn: CERT,
      natGateways: 0,
      allowedCidrs: ['10.0.0.0/8'],
      scanSchedule: 'rate(12 hours)',
      vpc: {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidrBlock: '10.20.0.0/16',
        availabilityZones: ['eu-west-1a', 'eu-west-1b'],
        privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
        privateRouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
      },
    });
    const template = Template.fromStack(stacks.scanner);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERT }],
      SslPolicy: Match.stringLikeRegexp('TLS'),
    });
    template.resourceCountIs('AWS::EC2::VPC', 0);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      VpcId: 'vpc-0123456789abcdef0',
      RouteTableIds: ['rtb-0123456789abcdef0', 'rtb-0123456789abcdef1'],
    });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'orgscan internal load balancer',
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '10.0.0.0/8', FromPort: 443 })],
    });
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
    });
    const scan = resources(template, 'AWS::Scheduler::Schedule').find(([, r]) => JSON.parse(r.Properties!.Target.Input).type === 'scan')!;
    expect(scan[1].Properties!.ScheduleExpression).toBe('rate(12 hours)');
    // No SES identity configured: no SES permission.
    expect(JSON.stringify(template.toJSON())).not.toContain('ses:SendEmail');
  });

  it('drops the interface endpoints on request, keeping the free gateway endpoints', () => {
    const template = Template.fromStack(buildTestApp({ interfaceEndpoints: false }).stacks.scanner);
    const types = resources(template, 'AWS::EC2::VPCEndpoint').map(([, r]) => r.Properties!.VpcEndpointType);
    expect(types).toEqual(['Gateway', 'Gateway']);
  });
});

describe('MemberRoleStack', () => {
  const { stacks } = buildTestApp({ memberOrganizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'] });
  const template = Template.fromStack(stacks.memberRole);
  const [, role] = resources(template, 'AWS::IAM::Role')[0]!;

  it('trusts only the scanner task role, with the ExternalId', () => {
    expect(resources(template, 'AWS::IAM::Role')).toHaveLength(1);
    expect(role.Properties!.RoleName).toBe('OrgScanReadOnly');
    const [statement, ...rest] = role.Properties!.AssumeRolePolicyDocument.Statement;
    expect(rest).toEqual([]);
    expect(statement.Action).toBe('sts:AssumeRole');
    expect(JSON.stringify(statement.Principal)).toContain(':iam::111111111111:root');
    expect(statement.Condition.StringEquals).toEqual({ 'sts:ExternalId': BASE_CONTEXT.externalId });
    expect(JSON.stringify(statement.Condition.ArnEquals['aws:PrincipalArn'])).toContain(':iam::111111111111:role/orgscan-test-scanner-task');
    // The scanner stack's task role carries exactly that name.
    const scannerRoles = resources(Template.fromStack(stacks.scanner), 'AWS::IAM::Role').map(([, r]) => r.Properties!.RoleName);
    expect(scannerRoles).toContain('orgscan-test-scanner-task');
  });

  it('also trusts named principals (an IAM Identity Center permission set) when trustedPrincipalArns is set, with the ExternalId', () => {
    const sso = 'arn:aws:iam::222222222222:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SecurityAudit_*';
    const admin = 'arn:aws:iam::222222222222:role/OrgScanLaptop';
    const other = 'arn:aws:iam::333333333333:user/alice';
    const withPeople = Template.fromStack(buildTestApp({ trustedPrincipalArns: [sso, admin, other] }).stacks.memberRole);
    const [, peopleRole] = resources(withPeople, 'AWS::IAM::Role')[0]!;
    const [scanner, ...people] = peopleRole.Properties!.AssumeRolePolicyDocument.Statement;
    expect(JSON.stringify(scanner.Condition.ArnEquals['aws:PrincipalArn'])).toContain('orgscan-test-scanner-task');
    expect(people).toHaveLength(2);
    expect(people[0]).toMatchObject({
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Condition: { StringEquals: { 'sts:ExternalId': BASE_CONTEXT.externalId }, ArnLike: { 'aws:PrincipalArn': [sso, admin] } },
    });
    expect(JSON.stringify(people[0].Principal)).toContain(':iam::222222222222:root');
    expect(people[1].Condition.ArnLike['aws:PrincipalArn']).toEqual([other]);
    expect(JSON.stringify(people[1].Principal)).toContain(':iam::333333333333:root');
    expect(() => buildTestApp({ trustedPrincipalArns: ['arn:aws:iam::*:role/x'] })).toThrow(/trustedPrincipalArns.*IAM role or user ARN/);
  });

  it('allows exactly the registry permissions plus region discovery, no wildcard actions', () => {
    const statements = role.Properties!.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
    const actions: string[] = statements.flatMap(actionsOf);
    expect([...actions].sort()).toEqual(memberRoleActions());
    for (const permission of requiredPermissions()) expect(actions, permission).toContain(permission);
    expect(actions).toContain('ec2:DescribeRegions');
    for (const a of actions) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    expect(statements.every((s: any) => s.Effect === 'Allow')).toBe(true);
    // IAM caps a role's inline policies at 10,240 characters (whitespace excluded).
    const policyChars = role.Properties!.Policies.map((p: any) => JSON.stringify(p.PolicyDocument).length).reduce((a: number, b: number) => a + b, 0);
    expect(policyChars).toBeLessThan(10_240);
    // Read-only: nothing that creates, changes or deletes.
    expect(actions.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List|Generate)/.test(a))).toEqual([]);
  });

  it('is self-contained for StackSets: no bootstrap parameter, no assets', () => {
    const json = template.toJSON();
    expect(json.Parameters?.BootstrapVersion).toBeUndefined();
    expect(json.Rules?.CheckBootstrapVersion).toBeUndefined();
    expect(JSON.stringify(json)).not.toContain('cdk-hnb659fds');
  });

  it('is rolled out by a service-managed StackSet to the given OUs, embedding the same role', () => {
    const stackSet = Template.fromStack(stacks.memberRoleStackSet!);
    const [, set] = resources(stackSet, 'AWS::CloudFormation::StackSet')[0]!;
    expect(set.Properties).toMatchObject({
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      CallAs: 'SELF',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456', 'r-ab12'] }, Regions: ['us-east-1'] }],
    });
    expect(stackSet.toJSON().Parameters?.BootstrapVersion).toBeUndefined();
    const embedded = JSON.parse(set.Properties!.TemplateBody);
    const embeddedRoles = Object.values(embedded.Resources as Record<string, Resource>).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(embeddedRoles).toHaveLength(1);
    expect(embeddedRoles[0]!.Properties).toEqual(role.Properties);
  });

  it('is absent without target OUs', () => {
    expect(buildTestApp().stacks.memberRoleStackSet).toBeUndefined();
  });
});

describe('tags', () => {
  const { app } = buildTestApp({ memberOrganizationalUnitIds: ['r-ab12'], ...MAIL });

  it('puts Project, Environment and Owner on every taggable resource of every stack', () => {
    let checked = 0;
    for (const stack of app.node.children.filter((c): c is Stack => Stack.isStack(c))) {
      const json = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
      for (const construct of stack.node.findAll()) {
        if (!CfnResource.isCfnResource(construct) || !TagManager.isTaggable(construct)) continue;
        const resource = json[stack.getLogicalId(construct)];
        if (!resource) continue;
        const tags = resource.Properties?.Tags ?? resource.Properties?.tags;
        const keys = Array.isArray(tags) ? tags.map((t: { Key: string }) => t.Key) : Object.keys(tags ?? {});
        for (const key of REQUIRED_TAG_KEYS) expect(keys, `${stack.stackName}/${construct.node.path} lacks tag ${key}`).toContain(key);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('carries the configured values', () => {
    const scanner = app.node.children.find((c): c is Stack => Stack.isStack(c) && c.stackName === 'OrgScan-test')!;
    Template.fromStack(scanner).hasResourceProperties('AWS::SQS::Queue', {
      Tags: Match.arrayWith([
        { Key: 'Environment', Value: 'test' },
        { Key: 'Owner', Value: 'security-team' },
        { Key: 'Project', Value: 'orgscan' },
      ]),
    });
  });
});
