// The scanner's network: a new VPC with private subnets, or an existing one described in full
// (synth does no lookups), with endpoints for the home region's AWS APIs.
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DeploySettings } from './settings.js';

/** Address range of the VPC the stack creates when no existing VPC is given. */
export const NEW_VPC_CIDR = '10.80.0.0/16';

const INTERFACE_ENDPOINTS: Record<string, ec2.InterfaceVpcEndpointAwsService> = {
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
};

export class ScannerNetwork extends Construct {
  readonly vpc: ec2.IVpc;
  readonly privateSubnets: ec2.SubnetSelection;
  /** A literal CIDR rather than the VPC's CidrBlock attribute, so security group rules are reviewable in the template. */
  readonly vpcCidr: string;

  constructor(scope: Construct, id: string, settings: DeploySettings) {
    super(scope, id);
    this.vpcCidr = settings.vpc?.vpcCidrBlock ?? NEW_VPC_CIDR;
    if (settings.vpc) {
      this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
        vpcId: settings.vpc.vpcId,
        vpcCidrBlock: settings.vpc.vpcCidrBlock,
        availabilityZones: settings.vpc.availabilityZones,
        privateSubnetIds: settings.vpc.privateSubnetIds,
        ...(settings.vpc.privateRouteTableIds ? { privateSubnetRouteTableIds: settings.vpc.privateRouteTableIds } : {}),
      });
      this.privateSubnets = { subnets: this.vpc.privateSubnets };
    } else {
      const egress = settings.natGateways > 0;
      const privateType = egress ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
      const vpc = new ec2.Vpc(this, 'Vpc', {
        ipAddresses: ec2.IpAddresses.cidr(NEW_VPC_CIDR),
        maxAzs: 2,
        natGateways: settings.natGateways,
        subnetConfiguration: [
          ...(egress ? [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }] : []),
          { name: 'private', subnetType: privateType, cidrMask: 22 },
        ],
      });
      const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
        retention: settings.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.REJECT });
      this.vpc = vpc;
      this.privateSubnets = { subnetType: privateType };
    }

    // Home-region AWS APIs without a NAT: image layers (S3), ECR, logs, secrets, STS, the queue. Other regions,
    // Organizations and SES still go out through the NAT gateway: PrivateLink endpoints are regional.
    // Gateway endpoints need route tables: an existing VPC without privateRouteTableIds keeps its own routing.
    if (!settings.vpc || settings.vpc.privateRouteTableIds) {
      this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [this.privateSubnets] });
      this.vpc.addGatewayEndpoint('DynamoDbEndpoint', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB, subnets: [this.privateSubnets] });
    }
    if (settings.interfaceEndpoints) {
      for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
        const endpoint = this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
          service,
          subnets: this.privateSubnets,
          privateDnsEnabled: true,
          open: false,
        });
        endpoint.connections.allowFrom(ec2.Peer.ipv4(this.vpcCidr), ec2.Port.tcp(443), 'HTTPS from the VPC');
      }
    }
  }
}
