// A finding's resource in the AWS Management Console, per resource type and region. Compiled into both
// the Node code and the browser bundle, so it imports nothing. The console opens in whatever account
// the browser is signed in to: the report shows the account id next to the link so people switch role.
// The fragments are the console's own deep links (as its address bar shows them on a resource's page,
// December 2026); AWS does not document them as an API, so a changed console degrades to its list page.

export interface ConsoleTarget {
  resourceType: string;
  resourceId: string;
  resourceArn: string | null;
  region: string;
}

const enc = encodeURIComponent;

/** Regional console host; IAM and S3 are global consoles. */
function regional(service: string, region: string, fragment: string): string {
  return `https://${region}.console.aws.amazon.com/${service}/home?region=${region}#${fragment}`;
}

/** CloudWatch Logs escapes a log group name twice, with "$25" standing for "%". */
function logsEscape(name: string): string {
  return enc(enc(name)).replace(/%/g, '$');
}

/** The console page of the resource, or null when the resource type has none (or the region is unknown). */
export function consoleUrl(t: ConsoleTarget): string | null {
  const r = t.region;
  const id = t.resourceId;
  const inRegion = /^[a-z]{2}(-[a-z]+)+-\d$/.test(r);
  switch (t.resourceType) {
    case 'AWS::IAM::User':
      return `https://console.aws.amazon.com/iam/home#/users/details/${enc(id)}`;
    case 'AWS::IAM::AccessKey':
      return 'https://console.aws.amazon.com/iam/home#/users';
    case 'AWS::IAM::ManagedPolicy':
      return t.resourceArn ? `https://console.aws.amazon.com/iam/home#/policies/details/${enc(t.resourceArn)}` : 'https://console.aws.amazon.com/iam/home#/policies';
    case 'AWS::IAM::InlinePolicy':
      return 'https://console.aws.amazon.com/iam/home#/policies';
    case 'AWS::IAM::RootUser':
    case 'AWS::::Account':
      return 'https://console.aws.amazon.com/iam/home#/security_credentials';
    case 'AWS::S3::Bucket':
      return `https://s3.console.aws.amazon.com/s3/buckets/${enc(id)}`;
  }
  if (!inRegion) return null;
  switch (t.resourceType) {
    case 'AWS::EC2::Volume':
      return regional('ec2', r, `VolumeDetails:volumeId=${enc(id)}`);
    case 'AWS::EC2::Instance':
      return regional('ec2', r, `InstanceDetails:instanceId=${enc(id)}`);
    case 'AWS::EC2::Snapshot':
      return regional('ec2', r, `SnapshotDetails:snapshotId=${enc(id)}`);
    case 'AWS::EC2::EIP':
      return regional('ec2', r, `Addresses:search=${enc(id)}`);
    case 'AWS::EC2::SecurityGroup':
      return regional('ec2', r, `SecurityGroup:groupId=${enc(id)}`);
    case 'AWS::EC2::VPC':
      return regional('vpcconsole', r, `VpcDetails:VpcId=${enc(id)}`);
    case 'AWS::EC2::NatGateway':
      return regional('vpcconsole', r, `NatGatewayDetails:natGatewayId=${enc(id)}`);
    case 'AWS::EC2::VPCEndpoint':
      return regional('vpcconsole', r, `EndpointDetails:vpcEndpointId=${enc(id)}`);
    case 'AWS::ElasticLoadBalancing::LoadBalancer':
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
      return regional('ec2', r, `LoadBalancers:search=${enc(id)}`);
    case 'AWS::RDS::DBInstance':
      return regional('rds', r, `database:id=${enc(id)};is-cluster=false`);
    case 'AWS::EKS::Cluster':
      return regional('eks', r, `/clusters/${enc(id)}`);
    case 'AWS::Logs::LogGroup':
      return regional('cloudwatch', r, `logsV2:log-groups/log-group/${logsEscape(id)}`);
    case 'AWS::CloudWatch::Alarm':
    case 'AWS::CloudWatch::CompositeAlarm':
      return regional('cloudwatch', r, `alarmsV2:alarm/${enc(id)}`);
    default:
      return null;
  }
}
