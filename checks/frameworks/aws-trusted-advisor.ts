// Transcribed from https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html ("Cost
// optimization", AWS Support User Guide — every check on the page: heading → "Check ID"), plus one check from
// https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html ("Fault tolerance": "Amazon RDS
// Multi-AZ"), as stored on 2026-12-02 (read through stored copies of the page texts; the copies themselves are undated).
// Complete for the cost optimization category (44 checks); other categories (security, fault tolerance, performance,
// service limits, operational excellence) are NOT transcribed except f2iK5R6Dep.
// Names are the page headings exactly (e.g. "Underutilized Amazon EBS volumes", lower-case "volumes").
// Several checks are marked "legacy" by the page in favour of Cost Optimization Hub checks: COr6dfpM03 → c1z7kmr02n,
// Ti39halfu8 → c1z7kmr03n, COr6dfpM05 → c1z7kmr05n, Qch7DwouX1 → c1z7kmr00n.
import type { StandardDefinition } from './types.js';

export const awsTrustedAdvisor = {
  id: 'aws-trusted-advisor',
  title: 'AWS Trusted Advisor',
  source: 'https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html',
  retrieved: '2026-12-02',
  controls: {
    // Cost optimization — https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html
    c18d2gz127: 'AWS account not part of AWS Organizations',
    c1z7kmr17n: 'Amazon Aurora cost optimization recommendations for DB cluster storage',
    Cm24dfsM12: 'Amazon Comprehend underutilized endpoints',
    c1z7kmr15n: 'Amazon DynamoDB reserved capacity purchase recommendations',
    c1z7kmr02n: 'Amazon EBS cost optimization recommendations for volumes',
    COr6dfpM03: 'Amazon EBS over-provisioned volumes',
    c1z7kmr01n: 'Amazon EC2 cost optimization recommendations for Amazon EC2 Auto Scaling groups',
    c1z7kmr00n: 'Amazon EC2 cost optimization recommendations for instances',
    Qsdfp3A4L2: 'Amazon EC2 instances consolidation for Microsoft SQL Server',
    Qsdfp3A4L1: 'Amazon EC2 instances over-provisioned for Microsoft SQL Server',
    c18d2gz150: 'Amazon EC2 instances stopped',
    '1e93e4c0b5': 'Amazon EC2 Reserved Instance lease expiration',
    cX3c2R1chu: 'Amazon EC2 Reserved Instance optimization',
    c18d2gz128: 'Amazon ECR Repository without lifecycle policy configured',
    c1z7kmr13n: 'Amazon ElastiCache reserved node purchase recommendations',
    c1z7kmr06n: 'AWS Fargate cost optimization recommendations for Amazon ECS',
    c1z7kmr16n: 'Amazon MemoryDB reserved node purchase recommendations',
    c1z7kmr14n: 'Amazon OpenSearch Service Reserved Instance purchase recommendations',
    c1z7kmr03n: 'Amazon RDS cost optimization recommendations for DB instances',
    c1z7kmr04n: 'Amazon RDS cost optimization recommendations for DB instance storage',
    Ti39halfu8: 'Amazon RDS idle DB instances',
    c1z7kmr11n: 'Amazon RDS Reserved Instance purchase recommendations',
    c1z7kmr12n: 'Amazon Redshift reserved node purchase recommendations',
    '51fC20e7I2': 'Amazon Route 53 Latency Resource Record Sets',
    c18d2gz100: 'Amazon S3 Bucket Lifecycle Policy Configured',
    c1cj39rr6v: 'Amazon S3 Incomplete Multipart Upload Abort Configuration',
    c18d2gz171: 'Amazon S3 version-enabled buckets without lifecycle policies configured',
    c1z7kmr05n: 'AWS Lambda cost optimization recommendations for functions',
    L4dfs2Q3C3: 'AWS Lambda functions with excessive timeouts',
    L4dfs2Q3C2: 'AWS Lambda functions with high error rates',
    COr6dfpM05: 'AWS Lambda over-provisioned functions for memory size',
    c1z7kmr09n: 'AWS Savings Plans purchase recommendations for compute',
    c1z7kmr08n: 'AWS Savings Plans purchase recommendations for Amazon SageMaker AI',
    Wxdfp4B1L1: 'AWS Well-Architected high risk issues for cost optimization',
    hjLMh88uM8: 'Idle Load Balancers',
    c1z7kmr18n: 'Idle NAT gateways',
    c2vlfg0bfw: 'Inactive AWS Network Firewall',
    c2vlfg0jp6: 'Inactive VPC interface endpoints',
    c2vlfg0k35: 'Inactive Gateway Load Balancer endpoints',
    c2vlfg022t: 'Inactive NAT Gateways',
    Qch7DwouX1: 'Low utilization Amazon EC2 instances',
    Z4AUBRNSmz: 'Unassociated Elastic IP Addresses',
    DAvU99Dc4C: 'Underutilized Amazon EBS volumes',
    G31sQ1E9U: 'Underutilized Amazon Redshift Clusters',
    // Fault tolerance — https://docs.aws.amazon.com/awssupport/latest/user/fault-tolerance-checks.html
    f2iK5R6Dep: 'Amazon RDS Multi-AZ',
  },
} as const satisfies StandardDefinition;
