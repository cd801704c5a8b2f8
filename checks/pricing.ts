// The one price table: each price key defined once with its unit, its us-east-1 list price,
// how it varies across the commercial regions, and the AWS page it comes from. Checks name the
// keys they use; the configuration file may override any key for any region (`prices:`), and
// its schema derives from this table.
import { z } from 'zod';

/** The commercial regions (not China, not GovCloud), as AWS's NAT gateway price feed lists them (2025-10-28). */
export const COMMERCIAL_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
  'il-central-1', 'me-south-1', 'me-central-1', 'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3',
  'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
] as const;
export type CommercialRegion = (typeof COMMERCIAL_REGIONS)[number];

/**
 * How a price is known in the regions without a transcribed list price: the same everywhere (the price
 * page says so), the us-east-1 price times a regional factor (an estimate, said so on the finding), or
 * not at all (us-east-1's price, said so on the finding).
 */
type Elsewhere = { kind: 'same' } | { kind: 'factor'; factors: Readonly<Partial<Record<CommercialRegion, number>>> } | { kind: 'us-east-1' };

export interface PriceDefinition {
  unit: string;
  description: string;
  /** List prices transcribed from the source, per region (us-east-1 always). */
  list: Readonly<Partial<Record<CommercialRegion, number>>> & { 'us-east-1': number };
  elsewhere: Elsewhere;
  /** Where the figures come from: the AWS price page, and the copy of AWS's price feed they were read from. */
  source: string;
}

const EBS_SOURCE =
  'https://aws.amazon.com/ebs/pricing/ — figures from AWS\'s price-page feed pricing/2.0/meteredUnitMaps/ec2/USD/current/ebs.json: ' +
  'us-east-1 as quoted in 2026 sources; us-west-1, ca-central-1, eu-west-1, eu-north-1, ap-southeast-1, me-south-1 from extracts of 2023-02-20 ' +
  '(jimgarrett123/rosa-calculator frontend/public/prices/*-ebs.json @ bcb4f01)';
const NAT_SOURCE =
  'https://aws.amazon.com/vpc/pricing/ — AWS\'s price-page feed pricing/2.0/meteredUnitMaps/ec2/USD/current/natgateway.json, published ' +
  '2025-10-28 (copy: lamngockhuong/aws-price lib/data/pricing/natgateway.json @ ce57d15)';

const ELB_SOURCE =
  'https://aws.amazon.com/elasticloadbalancing/pricing/ — figures as AWS\'s price list words them, quoted in public repositories of 2026: ' +
  'us-east-1 "$0.0225 per Application LoadBalancer-hour (or partial hour)", "$0.008 per used Application load balancer capacity unit-hour", ' +
  '"$0.025 per LoadBalancer-hour (or partial hour)" (Classic), NLB $0.0225/hour and $0.006 per NLCU-hour (the page\'s US East figures); ' +
  'ap-northeast-2 "$0.0225 per Network LoadBalancer-hour", "$0.006 per used Network load balancer capacity unit-hour", ALB $0.0225/hour ' +
  '(price list of 2026-10-01). Reserved LCUs (LCU reservation) are billed per hour: "the number of Load Balancer Capacity Units (LCU) reserved per hour"';
const RDS_EXTENDED_SOURCE =
  'https://aws.amazon.com/rds/postgresql/pricing/ and /rds/mysql/pricing/ (Extended Support) — us-east-1 $0.100 (years 1–2) and ' +
  '$0.200 (year 3) per vCPU-hour as transcribed by third parties in 2026 (usage.ai, cloudyali); not read from the AWS page here. ' +
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support-charges.html: "charges apply to standby instances in Multi-AZ deployments"';

/**
 * Regional multipliers of the us-east-1 EBS price for regions without a transcribed price (an estimate for
 * gp2/gp3-like storage; provisioned-IOPS and magnetic volumes do not scale uniformly, so they are marked estimates).
 */
const EBS_FACTORS: Readonly<Partial<Record<CommercialRegion, number>>> = {
  'us-east-2': 1,
  'us-west-2': 1,
  'eu-west-2': 1.16,
  'eu-west-3': 1.16,
  'eu-central-1': 1.19,
  'eu-south-1': 1.16,
  'ap-northeast-1': 1.2,
  'ap-northeast-2': 1.14,
  'ap-northeast-3': 1.2,
  'ap-southeast-2': 1.2,
  'ap-south-1': 1.14,
  'sa-east-1': 1.9,
  'af-south-1': 1.31,
};

/** An EBS key: list prices in the seven regions transcribed (us-east-1, us-west-1, ca-central-1, eu-west-1, eu-north-1, ap-southeast-1, me-south-1). */
function ebs(description: string, unit: string, values: [number, number, number, number, number, number, number]): PriceDefinition {
  const [useast1, uswest1, cacentral1, euwest1, eunorth1, apsoutheast1, mesouth1] = values;
  return {
    unit,
    description,
    list: {
      'us-east-1': useast1,
      'us-west-1': uswest1,
      'ca-central-1': cacentral1,
      'eu-west-1': euwest1,
      'eu-north-1': eunorth1,
      'ap-southeast-1': apsoutheast1,
      'me-south-1': mesouth1,
    },
    elsewhere: { kind: 'factor', factors: EBS_FACTORS },
    source: EBS_SOURCE,
  };
}

const EBS_SNAPSHOT_SOURCE =
  'https://aws.amazon.com/ebs/pricing/ (Snapshots: standard $0.05 and archive $0.0125 per GB-month in us-east-1, as the page and ' +
  "AWS's re:Post \"ebs-snapshot-billing\" describe them; not read from the feed) — other regions from AWS's price feed extracts of 2023-02-20 " +
  '("Storage Snapshot Amazon S3 GB Mo" and "… SnapshotArchiveStorage GB Mo"; jimgarrett123/rosa-calculator frontend/public/prices/*-ebs.json @ bcb4f01)';

/**
 * An EBS snapshot key: list prices in the seven transcribed regions (the order of ebs()); elsewhere us-east-1's price,
 * said so on the finding (snapshot prices do not follow the volume factors: eu-west-1's equals us-east-1's).
 */
function ebsSnapshot(description: string, values: [number, number, number, number, number, number, number]): PriceDefinition {
  return { ...ebs(description, 'USD per GB-month', values), elsewhere: { kind: 'us-east-1' }, source: EBS_SNAPSHOT_SOURCE };
}

/** NAT gateway prices per region: the hourly and the per-GB price are equal in every commercial region. */
const NAT_GATEWAY: Readonly<Record<CommercialRegion, number>> = {
  'us-east-1': 0.045, 'us-east-2': 0.045, 'us-west-1': 0.048, 'us-west-2': 0.045, 'ca-central-1': 0.05, 'ca-west-1': 0.05,
  'mx-central-1': 0.04725, 'sa-east-1': 0.093, 'eu-west-1': 0.048, 'eu-west-2': 0.05, 'eu-west-3': 0.05, 'eu-central-1': 0.052,
  'eu-central-2': 0.0572, 'eu-north-1': 0.046, 'eu-south-1': 0.05, 'eu-south-2': 0.048, 'il-central-1': 0.0504,
  'me-south-1': 0.0528, 'me-central-1': 0.0528, 'af-south-1': 0.057, 'ap-east-1': 0.065, 'ap-east-2': 0.0558,
  'ap-south-1': 0.056, 'ap-south-2': 0.056, 'ap-northeast-1': 0.062, 'ap-northeast-2': 0.059, 'ap-northeast-3': 0.062,
  'ap-southeast-1': 0.059, 'ap-southeast-2': 0.059, 'ap-southeast-3': 0.059, 'ap-southeast-4': 0.059,
  'ap-southeast-5': 0.05015, 'ap-southeast-6': 0.06195, 'ap-southeast-7': 0.05015,
};

const LOGS_SOURCE =
  'https://aws.amazon.com/cloudwatch/pricing/ (Logs, "Store (Archival)") — AWS\'s price-page feed for CloudWatch, its "Stored Data" ' +
  'rate (SKU MN45SJANDTCPR9QA in US West (Oregon), the Price List API\'s CloudWatch Logs storage per GB-month): every region from the ' +
  'copy lamngockhuong/aws-price lib/data/pricing/cloudwatch-transformed.json @ 115fdc6 (entries "Stored", one per region); the raw feed ' +
  'lib/data/pricing/cloudwatch.json @ 85326f7 (published 2025-09-23) labels the rate "Stored Data" and agrees for us-west-1 (0.033) and us-west-2 (0.03)';

/** CloudWatch Logs storage per region (feed entry "Stored Data"). */
const LOGS_STORAGE: Readonly<Record<CommercialRegion, number>> = {
  'us-east-1': 0.03, 'us-east-2': 0.03, 'us-west-1': 0.033, 'us-west-2': 0.03, 'ca-central-1': 0.033, 'ca-west-1': 0.033,
  'mx-central-1': 0.03, 'sa-east-1': 0.0408, 'eu-west-1': 0.03, 'eu-west-2': 0.0315, 'eu-west-3': 0.0315, 'eu-central-1': 0.0324,
  'eu-central-2': 0.0356, 'eu-north-1': 0.028, 'eu-south-1': 0.032, 'eu-south-2': 0.03, 'il-central-1': 0.03,
  'me-south-1': 0.03, 'me-central-1': 0.033, 'af-south-1': 0.036, 'ap-east-1': 0.03, 'ap-east-2': 0.03,
  'ap-south-1': 0.03, 'ap-south-2': 0.03, 'ap-northeast-1': 0.033, 'ap-northeast-2': 0.0314, 'ap-northeast-3': 0.033,
  'ap-southeast-1': 0.03, 'ap-southeast-2': 0.033, 'ap-southeast-3': 0.03, 'ap-southeast-4': 0.033,
  'ap-southeast-5': 0.03, 'ap-southeast-6': 0.03, 'ap-southeast-7': 0.03,
};

// ---- waste checks: RDS, S3, VPC endpoints (price helpers; the keys are at the end of PRICES)
const RDS_CALCULATOR_CHECK =
  'AWS Pricing Calculator estimate https://calculator.aws/#/estimate?id=17c68fbf2ffb99ab3dfa94b23bdd37df90dfb866 (exported 2024-08-10, ' +
  'copy found by code search): Amazon RDS for MySQL, US East (N. Virginia), db.t3.micro Single-AZ On-Demand with 20 GB gp3 = 14.71 USD/month ' +
  '= 0.017 × 730 + 0.115 × 20';
const RDS_SOURCE =
  'https://aws.amazon.com/rds/mysql/pricing/ and https://aws.amazon.com/rds/postgresql/pricing/ (On-Demand, Single-AZ, US East (N. Virginia)). ' +
  'The pages render their figures with JavaScript and no stored copy with figures could be read (2026-12-07). Verified against AWS: ' +
  'MySQL db.t3.micro only, by ' + RDS_CALCULATOR_CHECK + '. The other MySQL figures are those on which five independent third-party ' +
  'transcriptions found by code search agree (t4g.large: 0.129 in three, 0.13 in two); PostgreSQL only db.t4g.micro/small/medium, from ' +
  'https://infratally.com/articles/aws-rds-pricing-explained-2026.html. Multi-AZ (one standby) bills both instances and both copies of storage: ' +
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html';
const RDS_STORAGE_SOURCE =
  'https://aws.amazon.com/rds/pricing/ (storage, Single-AZ, US East (N. Virginia)); not read from the page (rendered with JavaScript). ' +
  'gp3 0.115 per GB-month verified by ' + RDS_CALCULATOR_CHECK + '; gp2 0.115 as third-party 2026 transcriptions quote it ' +
  '(usage.ai RDS pricing calculator, fjall.io RDS free tier); io1 0.125 from one transcription found by code search (unverified). ' +
  'Multi-AZ bills the standby\'s storage too: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html';

/** RDS instance classes with a transcribed us-east-1 Single-AZ price, per engine family (MariaDB is priced as MySQL). */
const RDS_INSTANCE_HOURLY = {
  mysql: {
    'db.t3.micro': 0.017, 'db.t3.small': 0.034, 'db.t3.medium': 0.068, 'db.t3.large': 0.136,
    'db.t4g.micro': 0.016, 'db.t4g.small': 0.032, 'db.t4g.medium': 0.065, 'db.t4g.large': 0.129,
    'db.m5.large': 0.171, 'db.m5.xlarge': 0.342, 'db.m5.2xlarge': 0.684,
    'db.m6i.large': 0.171, 'db.m6i.xlarge': 0.342, 'db.m6i.2xlarge': 0.684,
    'db.m6g.large': 0.152, 'db.m6g.xlarge': 0.304, 'db.m6g.2xlarge': 0.608,
    'db.r5.large': 0.24, 'db.r5.xlarge': 0.48, 'db.r5.2xlarge': 0.96,
    'db.r6i.large': 0.24, 'db.r6i.xlarge': 0.48, 'db.r6i.2xlarge': 0.96,
  },
  postgres: { 'db.t4g.micro': 0.016, 'db.t4g.small': 0.032, 'db.t4g.medium': 0.065 },
} as const;
type RdsPricedEngine = keyof typeof RDS_INSTANCE_HOURLY;
export type RdsInstancePriceKey = {
  [E in RdsPricedEngine]: `rds.${E}.${keyof (typeof RDS_INSTANCE_HOURLY)[E] & string}.hour`;
}[RdsPricedEngine];

function rdsInstancePrices(): Record<RdsInstancePriceKey, PriceDefinition> {
  const out: Record<string, PriceDefinition> = {};
  for (const [engine, classes] of Object.entries(RDS_INSTANCE_HOURLY)) {
    for (const [instanceClass, usd] of Object.entries(classes)) {
      out[`rds.${engine}.${instanceClass}.hour`] = {
        unit: 'USD per DB instance-hour (Single-AZ; Multi-AZ bills two)',
        description: `RDS for ${engine === 'mysql' ? 'MySQL and MariaDB' : 'PostgreSQL'} ${instanceClass}, On-Demand`,
        list: { 'us-east-1': usd },
        elsewhere: { kind: 'us-east-1' },
        source: RDS_SOURCE,
      };
    }
  }
  return out as Record<RdsInstancePriceKey, PriceDefinition>;
}

export const PRICES = {
  //                                                                        us-east-1 us-west-1 ca-central-1 eu-west-1 eu-north-1 ap-southeast-1 me-south-1
  'ebs.gp2.gbMonth': ebs('EBS General Purpose SSD (gp2) storage', 'USD per GB-month', [0.1, 0.12, 0.11, 0.11, 0.1045, 0.12, 0.121]),
  'ebs.gp3.gbMonth': ebs('EBS General Purpose SSD (gp3) storage', 'USD per GB-month', [0.08, 0.096, 0.088, 0.088, 0.0836, 0.096, 0.0968]),
  'ebs.io1.gbMonth': ebs('EBS Provisioned IOPS SSD (io1) storage', 'USD per GB-month', [0.125, 0.138, 0.138, 0.138, 0.1311, 0.138, 0.1518]),
  'ebs.io2.gbMonth': ebs('EBS Provisioned IOPS SSD (io2) storage', 'USD per GB-month', [0.125, 0.138, 0.138, 0.138, 0.1311, 0.138, 0.1518]),
  'ebs.st1.gbMonth': ebs('EBS Throughput Optimized HDD (st1) storage', 'USD per GB-month', [0.045, 0.054, 0.05, 0.05, 0.0475, 0.054, 0.055]),
  'ebs.sc1.gbMonth': ebs('EBS Cold HDD (sc1) storage', 'USD per GB-month', [0.015, 0.018, 0.0168, 0.0168, 0.01596, 0.018, 0.01848]),
  'ebs.standard.gbMonth': ebs('EBS Magnetic (previous generation) storage', 'USD per GB-month', [0.05, 0.08, 0.055, 0.055, 0.05225, 0.08, 0.0605]),
  'ebs.io1.iopsMonth': ebs('EBS io1 provisioned IOPS', 'USD per IOPS-month', [0.065, 0.072, 0.072, 0.072, 0.0684, 0.072, 0.0792]),
  'ebs.io2.iopsMonth': ebs(
    'EBS io2 provisioned IOPS up to 32,000 (the feed prices 32,001–64,000 at 70 % of it and above 64,000 at 49 %)',
    'USD per IOPS-month',
    [0.065, 0.072, 0.072, 0.072, 0.0684, 0.072, 0.0792],
  ),
  'ebs.gp3.iopsMonth': ebs('EBS gp3 IOPS above the free 3,000', 'USD per IOPS-month', [0.005, 0.006, 0.0055, 0.0055, 0.0052, 0.006, 0.0061]),
  'ebs.gp3.throughputMbpsMonth': ebs(
    'EBS gp3 throughput above the free 125 MB/s (the feed prices it per GiBps-month: 40.96 in us-east-1 = 0.04 per MB/s)',
    'USD per MB/s-month',
    [0.04, 0.048, 0.044, 0.044, 0.0418, 0.048, 0.0484],
  ),
  'vpc.natGateway.hour': {
    unit: 'USD per NAT gateway-hour',
    description: 'NAT gateway, per hour provisioned',
    list: NAT_GATEWAY,
    elsewhere: { kind: 'us-east-1' },
    source: NAT_SOURCE,
  },
  'vpc.natGateway.gbProcessed': {
    unit: 'USD per GB processed',
    description: 'NAT gateway data processing',
    list: NAT_GATEWAY,
    elsewhere: { kind: 'us-east-1' },
    source: NAT_SOURCE,
  },
  'vpc.publicIpv4.hour': {
    unit: 'USD per public IPv4 address-hour',
    description: 'Public IPv4 address, in use or idle (since 1 February 2024); the same in every commercial region',
    list: { 'us-east-1': 0.005 },
    elsewhere: { kind: 'same' },
    source:
      'https://aws.amazon.com/vpc/pricing/ (Public IPv4 Address tab: "The price is the same whether the public IPv4 address is in-use … or idle") — ' +
      "AWS's price-page feed for VPC, published 2025-11-04: 0.005 in-use and idle in all 34 commercial regions",
  },
  // ---- waste checks: EC2/EBS
  'ebs.snapshot.gbMonth': ebsSnapshot('EBS snapshot storage, standard tier (billed on the blocks stored, incremental)', [0.05, 0.055, 0.055, 0.05, 0.0475, 0.05, 0.055]),
  'ebs.snapshotArchive.gbMonth': ebsSnapshot(
    'EBS snapshot storage, archive tier (billed on every block of the snapshot; 90-day minimum; retrieval priced per GB)',
    [0.0125, 0.01375, 0.01375, 0.0125, 0.011875, 0.0125, 0.01375],
  ),
  // ---- waste checks: RDS, S3, VPC endpoints
  ...rdsInstancePrices(),
  'rds.gp2.gbMonth': {
    unit: 'USD per GB-month (Single-AZ; Multi-AZ bills twice)',
    description: 'RDS General Purpose SSD (gp2) storage',
    list: { 'us-east-1': 0.115 },
    elsewhere: { kind: 'us-east-1' },
    source: RDS_STORAGE_SOURCE,
  },
  'rds.gp3.gbMonth': {
    unit: 'USD per GB-month (Single-AZ; Multi-AZ bills twice)',
    description: 'RDS General Purpose SSD (gp3) storage (IOPS and throughput above the baseline not included)',
    list: { 'us-east-1': 0.115 },
    elsewhere: { kind: 'us-east-1' },
    source: RDS_STORAGE_SOURCE,
  },
  'rds.io1.gbMonth': {
    unit: 'USD per GB-month (Single-AZ; Multi-AZ bills twice)',
    description: 'RDS Provisioned IOPS SSD (io1) storage (the provisioned IOPS are billed apart and not included)',
    list: { 'us-east-1': 0.125 },
    elsewhere: { kind: 'us-east-1' },
    source: RDS_STORAGE_SOURCE,
  },
  'vpc.interfaceEndpoint.azHour': {
    unit: 'USD per VPC endpoint per Availability Zone-hour',
    description: 'Interface VPC endpoint (AWS PrivateLink), per hour provisioned in each Availability Zone',
    list: { 'us-east-1': 0.01 },
    elsewhere: { kind: 'us-east-1' },
    source:
      'https://aws.amazon.com/privatelink/pricing/ ("billed for each hour that your VPC endpoint remains provisioned in each Availability Zone"; ' +
      'the stored copy of the page has no hourly figure, rendered with JavaScript). 0.01 in us-east-1 from the AWS Price List API (AmazonVPC, ' +
      '"Hourly charge for VPC Endpoints", SKU EN2N5TATXE673A3B, queried 2025-10-28, as transcribed in a public document that gives NAT gateway ' +
      '0.045 and public IPv4 0.005 in agreement with this table). Other regions are not transcribed: us-east-1 used, said on the finding.',
  },
  // ---- waste checks: ELB, Logs, EKS
  // Only the regions listed below were read (mostly us-east-1); every other commercial region resolves to us-east-1's price with basis
  // 'us-east-1', which the findings state (their costBasis is then 'estimate'). Override per region in `prices:`.
  'elb.alb.hour': {
    unit: 'USD per Application Load Balancer-hour',
    description: 'Application Load Balancer, per hour or partial hour running',
    list: { 'us-east-1': 0.0225, 'ap-northeast-2': 0.0225 },
    elsewhere: { kind: 'us-east-1' },
    source: ELB_SOURCE,
  },
  'elb.alb.lcuHour': {
    unit: 'USD per LCU-hour',
    description: 'Application Load Balancer capacity unit, used or reserved (LCU reservation), per hour',
    list: { 'us-east-1': 0.008 },
    elsewhere: { kind: 'us-east-1' },
    source: ELB_SOURCE,
  },
  'elb.nlb.hour': {
    unit: 'USD per Network Load Balancer-hour',
    description: 'Network Load Balancer, per hour or partial hour running',
    list: { 'us-east-1': 0.0225, 'ap-northeast-2': 0.0225 },
    elsewhere: { kind: 'us-east-1' },
    source: ELB_SOURCE,
  },
  'elb.nlb.nlcuHour': {
    unit: 'USD per NLCU-hour',
    description: 'Network Load Balancer capacity unit, used or reserved (LCU reservation), per hour',
    list: { 'us-east-1': 0.006, 'ap-northeast-2': 0.006 },
    elsewhere: { kind: 'us-east-1' },
    source: ELB_SOURCE,
  },
  'elb.classic.hour': {
    unit: 'USD per Classic Load Balancer-hour',
    description: 'Classic Load Balancer, per hour or partial hour running',
    list: { 'us-east-1': 0.025 },
    elsewhere: { kind: 'us-east-1' },
    source: ELB_SOURCE,
  },
  'logs.storage.gbMonth': {
    unit: 'USD per GB-month',
    description: 'CloudWatch Logs storage (archival), per GB stored per month',
    list: LOGS_STORAGE,
    elsewhere: { kind: 'us-east-1' },
    source: LOGS_SOURCE,
  },
  'eks.extendedSupport.clusterHour': {
    unit: 'USD per cluster-hour',
    description:
      'EKS extended support surcharge: $0.60 per cluster-hour in extended support instead of $0.10 in standard support; the same in every commercial region',
    list: { 'us-east-1': 0.5 },
    elsewhere: { kind: 'same' },
    source:
      'https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/ ("a total of $0.60 per ' +
      'cluster per hour … standard support is unchanged — you will continue to pay $0.10 per cluster per hour"); https://aws.amazon.com/eks/pricing/ — ' +
      'AWS\'s price-page feed for EKS, published 2025-10-28 (copy lamngockhuong/aws-price lib/data/pricing/eks.json @ 10e2f59: "Compute ' +
      'ExtendedSupport per Hours" 0.50 next to "Compute per hours" 0.10 in US West (Oregon)); its per-region copy eks-transformed.json @ 6e8bf8c ' +
      'lists 0.50 and 0.10 per cluster-hour in all 34 commercial regions (and both GovCloud regions)',
  },
  'rds.extendedSupport.yr1to2.vcpuHour': {
    unit: 'USD per vCPU-hour',
    description: 'RDS Extended Support, years 1 and 2 after the end of standard support (provisioned instances; standbys too)',
    list: { 'us-east-1': 0.1 },
    elsewhere: { kind: 'us-east-1' },
    source: RDS_EXTENDED_SOURCE,
  },
  'rds.extendedSupport.yr3.vcpuHour': {
    unit: 'USD per vCPU-hour',
    description: 'RDS Extended Support, year 3 after the end of standard support (Aurora MySQL stays at the years 1–2 price)',
    list: { 'us-east-1': 0.2 },
    elsewhere: { kind: 'us-east-1' },
    source: RDS_EXTENDED_SOURCE,
  },
} as const satisfies Record<string, PriceDefinition>;

export type PriceKey = keyof typeof PRICES;
export const PRICE_KEYS = Object.keys(PRICES) as PriceKey[];

/** Overrides from the configuration file: region (or '*') → price key → USD in the key's unit. */
export type PriceOverrides = Readonly<Record<string, Partial<Record<PriceKey, number>>>>;

/** The `prices:` section of the configuration file, derived from the table: unknown keys are rejected by name. */
export const priceOverridesSchema = z.record(
  z.string().regex(/^(\*|[a-z]{2}(-[a-z]+)+-\d)$/, "must be a region name such as eu-west-1, or '*' for every region"),
  z
    .object(Object.fromEntries(PRICE_KEYS.map((k) => [k, z.number().nonnegative().optional().describe(`${PRICES[k].description} (${PRICES[k].unit})`)])))
    .strict(),
);

export interface ResolvedPrice {
  key: PriceKey;
  usd: number;
  unit: string;
  /**
   * list: the region's list price from the table; same: the price page's one price for every region;
   * estimate: us-east-1's list price times the region's factor; us-east-1: no price known for the region, us-east-1's used;
   * override: the configuration file's.
   */
  basis: 'list' | 'same' | 'estimate' | 'us-east-1' | 'override';
}

export interface PriceBook {
  /** USD for a key in a region, in the key's unit. */
  get(key: PriceKey, region: string): number;
  resolve(key: PriceKey, region: string): ResolvedPrice;
}

// Factor estimates keep the price pages' precision (0.1 × 1.19 → 0.119).
const round5 = (n: number): number => Math.round(n * 100_000) / 100_000;

/** The table's price of a key in a region. */
export function listPrice(key: PriceKey, region: string): ResolvedPrice {
  const def: PriceDefinition = PRICES[key];
  const base = { key, unit: def.unit };
  const listed = (def.list as Partial<Record<string, number>>)[region];
  if (listed !== undefined) return { ...base, usd: listed, basis: 'list' };
  const usEast1 = def.list['us-east-1'];
  const elsewhere = def.elsewhere;
  if (elsewhere.kind === 'same') return { ...base, usd: usEast1, basis: 'same' };
  if (elsewhere.kind === 'factor') {
    const factor = (elsewhere.factors as Partial<Record<string, number>>)[region];
    if (factor !== undefined) return { ...base, usd: round5(usEast1 * factor), basis: 'estimate' };
  }
  return { ...base, usd: usEast1, basis: 'us-east-1' };
}

/** A price book from the table with the configuration's overrides ('*' applies to every region, a region's own wins). */
export function createPriceBook(overrides: PriceOverrides = {}): PriceBook {
  const cache = new Map<string, ResolvedPrice>();
  const resolve = (key: PriceKey, region: string): ResolvedPrice => {
    const cacheKey = `${key}|${region}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const override = overrides[region]?.[key] ?? overrides['*']?.[key];
    const resolved: ResolvedPrice = override === undefined ? listPrice(key, region) : { key, unit: PRICES[key].unit, usd: override, basis: 'override' };
    cache.set(cacheKey, resolved);
    return resolved;
  };
  return { resolve, get: (key, region) => resolve(key, region).usd };
}
