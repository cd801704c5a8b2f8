import type { EC2Client } from '@aws-sdk/client-ec2';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EKSClient } from '@aws-sdk/client-eks';

/**
 * The SDK clients of one unit (account × region, or account × global), created lazily
 * with the account's assumed-role credentials, the scan's retry policy, API-call limiter
 * and call counters. Collectors use these; checks never see them.
 */
export interface UnitClients {
  accountId: string;
  /** The unit's region; for global units, the home region used for IAM/S3 listing. */
  region: string;
  partition: string;
  ec2(): EC2Client;
  rds(): RDSClient;
  cloudwatch(): CloudWatchClient;
  config(): ConfigServiceClient;
  /** S3 client for a region (default: the unit's region); per-bucket calls go to the bucket's region. */
  s3(region?: string): S3Client;
  s3control(): S3ControlClient;
  iam(): IAMClient;
  elbv2(): ElasticLoadBalancingV2Client;
  /** Classic Load Balancing. */
  elb(): ElasticLoadBalancingClient;
  logs(): CloudWatchLogsClient;
  eks(): EKSClient;
}
