// Transcribed from https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
// ("CIS AWS Foundations Benchmark in Security Hub CSPM": section "Controls that apply to CIS AWS Foundations Benchmark
// version 3.0.0" and the table "Mapping of controls to CIS requirements in each version", column "CIS v3.0.0
// requirement"), as stored on 2026-12-02 (read through a stored copy of the page text; the copy itself is undated).
// S3.22 → 3.8 and S3.23 → 3.9 are not rows of that table; they come from the "Related requirements" of those controls on
// https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html ("CIS AWS Foundations Benchmark v3.0.0/3.8",
// ".../3.9").
//
// Complete: the page lists 37 Security Hub controls for v3.0.0, covering the 36 requirement numbers below (2.1.4 is
// checked by two controls). Requirements that Security Hub does not automate (e.g. the 4.x monitoring section, 1.16)
// are not on the page and so are not here; in particular IAM.1 is "Not supported" for v3.0.0.
// The page does not print CIS's own recommendation wording: each title below is the title of the Security Hub control
// that the page maps to the requirement (joined with " / " for 2.1.4); cisAws30SecurityHubControls gives the ids.
import type { StandardDefinition } from './types.js';

export const cisAws30 = {
  id: 'cis-aws-3.0',
  title: 'CIS AWS Foundations Benchmark',
  version: '3.0.0',
  source: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html',
  retrieved: '2026-12-02',
  controls: {
    '1.2': 'Security contact information should be provided for an AWS account',
    '1.4': 'IAM root user access key should not exist',
    '1.5': 'MFA should be enabled for the root user',
    '1.6': 'Hardware MFA should be enabled for the root user',
    '1.8': 'Ensure IAM password policy requires minimum password length of 14 or greater',
    '1.9': 'Ensure IAM password policy prevents password reuse',
    '1.10': 'MFA should be enabled for all IAM users that have a console password',
    '1.12': 'IAM user credentials unused for 45 days should be removed',
    '1.14': "IAM users' access keys should be rotated every 90 days or less",
    '1.15': 'IAM users should not have IAM policies attached',
    '1.17': 'Ensure a support role has been created to manage incidents with AWS Support',
    '1.19': 'Expired SSL/TLS certificates managed in IAM should be removed',
    '1.20': 'IAM Access Analyzer external access analyzer should be enabled',
    '1.22': 'IAM identities should not have the AWSCloudShellFullAccess policy attached',
    '2.1.1': 'S3 general purpose buckets should require requests to use SSL',
    '2.1.2': 'S3 general purpose buckets should have MFA delete enabled',
    '2.1.4':
      'S3 general purpose buckets should have block public access settings enabled / S3 general purpose buckets should block public access',
    '2.2.1': 'EBS default encryption should be enabled',
    '2.3.1': 'RDS DB instances should have encryption at-rest enabled',
    '2.3.2': 'RDS automatic minor version upgrades should be enabled',
    '2.3.3': 'RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration',
    '2.4.1': 'Elastic File System should be configured to encrypt file data at-rest using AWS KMS',
    '3.1':
      'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    '3.2': 'CloudTrail log file validation should be enabled',
    '3.3': 'AWS Config should be enabled and use the service-linked role for resource recording',
    '3.4': 'Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket',
    '3.5': 'CloudTrail should have encryption at-rest enabled',
    '3.6': 'AWS KMS key rotation should be enabled',
    '3.7': 'VPC flow logging should be enabled in all VPCs',
    '3.8': 'S3 general purpose buckets should log object-level write events',
    '3.9': 'S3 general purpose buckets should log object-level read events',
    '5.1': 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
    '5.2': 'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports',
    '5.3': 'EC2 security groups should not allow ingress from ::/0 to remote server administration ports',
    '5.4': 'VPC default security groups should not allow inbound or outbound traffic',
    '5.6': 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
  },
} as const satisfies StandardDefinition;

/** The Security Hub control(s) that the same page maps to each CIS v3.0.0 requirement above. */
export const cisAws30SecurityHubControls: Readonly<Record<keyof typeof cisAws30.controls, readonly string[]>> = {
  '1.2': ['Account.1'],
  '1.4': ['IAM.4'],
  '1.5': ['IAM.9'],
  '1.6': ['IAM.6'],
  '1.8': ['IAM.15'],
  '1.9': ['IAM.16'],
  '1.10': ['IAM.5'],
  '1.12': ['IAM.22'],
  '1.14': ['IAM.3'],
  '1.15': ['IAM.2'],
  '1.17': ['IAM.18'],
  '1.19': ['IAM.26'],
  '1.20': ['IAM.28'],
  '1.22': ['IAM.27'],
  '2.1.1': ['S3.5'],
  '2.1.2': ['S3.20'],
  '2.1.4': ['S3.1', 'S3.8'],
  '2.2.1': ['EC2.7'],
  '2.3.1': ['RDS.3'],
  '2.3.2': ['RDS.13'],
  '2.3.3': ['RDS.2'],
  '2.4.1': ['EFS.1'],
  '3.1': ['CloudTrail.1'],
  '3.2': ['CloudTrail.4'],
  '3.3': ['Config.1'],
  '3.4': ['CloudTrail.7'],
  '3.5': ['CloudTrail.2'],
  '3.6': ['KMS.4'],
  '3.7': ['EC2.6'],
  '3.8': ['S3.22'],
  '3.9': ['S3.23'],
  '5.1': ['EC2.21'],
  '5.2': ['EC2.53'],
  '5.3': ['EC2.54'],
  '5.4': ['EC2.2'],
  '5.6': ['EC2.8'],
};
