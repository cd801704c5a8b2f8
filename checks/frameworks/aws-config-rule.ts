// Transcribed from the per-rule pages of the AWS Config Developer Guide, listed at
// https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html ("List of AWS Config
// Managed Rules"), as stored on 2026-12-02. Key = the managed rule's name (lower-case-hyphen, as the rule page's title
// writes it, e.g. `restricted-ssh`, whose identifier is INCOMING_SSH_DISABLED); value = the opening sentence(s) of
// the rule's page https://docs.aws.amazon.com/config/latest/developerguide/<name>.html.
// The list page itself was NOT transcribed: this file is a selection, not the complete catalog. It holds
//   (a) every rule named in today's check claims and the waste-check rules, with the description from the rule page;
//       three of those descriptions (ec2-ebs-encryption-by-default, mfa-enabled-for-iam-console-access,
//       s3-account-level-public-access-blocks-periodic) come from the AWS Config guide's source repository
//       (github.com/awsdocs/aws-config-developer-guide, archived copy) because no current copy could be read;
//   (b) rules whose existence is confirmed only because a current AWS page names them as the rule behind a Security Hub
//       control or a Trusted Advisor check — their value says so and names that page; the rule page was not read.
// Parameters and defaults of the rules claimed today are in /work/notes/framework-audit.md.
import type { StandardDefinition } from './types.js';

const securityHubBacked = (control: string, title: string, page: string): string =>
  `AWS Config rule behind Security Hub control ${control} (${title}), per https://docs.aws.amazon.com/securityhub/latest/userguide/${page}; rule page not transcribed.`;

export const awsConfigRule = {
  id: 'aws-config-rule',
  title: 'AWS Config managed rules',
  source: 'https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html',
  retrieved: '2026-12-02',
  controls: {
    // (a) Described from the rule's own page.
    'access-keys-rotated':
      'Checks if active IAM access keys are rotated (changed) within the number of days specified in maxAccessKeyAge. The rule is NON_COMPLIANT if access keys are not rotated within the specified time period. The default value is 90 days.',
    'cloudwatch-alarm-action-check':
      'Checks if CloudWatch alarms have an action configured for the ALARM, INSUFFICIENT_DATA, or OK state. Optionally checks if any actions match a named ARN. The rule is NON_COMPLIANT if there is no action specified for the alarm or optional parameter.',
    'cloudwatch-alarm-action-enabled-check':
      'Checks if Amazon CloudWatch alarms actions are in enabled state. The rule is NON_COMPLIANT if the CloudWatch alarms actions are not in enabled state.',
    'cw-loggroup-retention-period-check':
      'Checks if an Amazon CloudWatch LogGroup retention period is set to greater than 365 days or else a specified retention period. The rule is NON_COMPLIANT if the retention period is less than MinRetentionTime, if specified, or else 365 days.',
    'ec2-ebs-encryption-by-default':
      'Check that Amazon Elastic Block Store (EBS) encryption is enabled by default. The rule is NON_COMPLIANT if the encryption is not enabled.',
    'ec2-stopped-instance':
      'Checks if there are Amazon Elastic Compute Cloud (Amazon EC2) instances stopped for more than the allowed number of days. The rule is NON_COMPLIANT if the state of an Amazon EC2 instance has been stopped for longer than the allowed number of days, or if the amount of time cannot be determined.',
    'ec2-volume-inuse-check':
      'Checks if EBS volumes are attached to EC2 instances. Optionally checks if EBS volumes are marked for deletion when an instance is terminated. The rule is COMPLIANT if an EBS volume is attached to running or stopped EC2 instances. The rule is NON_COMPLIANT if an EBS volume is not attached to any EC2 instance or is attached to a terminated EC2 instance.',
    'eip-attached':
      "Checks if all Elastic IP addresses that are allocated to an AWS account are attached to EC2 instances or in-use elastic network interfaces. The rule is NON_COMPLIANT if the 'AssociationId' is null for the Elastic IP address.",
    'encrypted-volumes':
      'Checks if attached Amazon EBS volumes are encrypted and optionally are encrypted with a specified KMS key. The rule is NON_COMPLIANT if attached EBS volumes are unencrypted or are encrypted with a KMS key not in the supplied parameters.',
    'iam-password-policy':
      'Checks if the account password policy for AWS Identity and Access Management (IAM) users meets the specified requirements indicated in the parameters. The rule is NON_COMPLIANT if the account password policy does not meet the specified requirements.',
    'iam-policy-no-statements-with-admin-access':
      'Checks if AWS Identity and Access Management (IAM) policies that you create have Allow statements that grant permissions to all actions on all resources. The rule is NON_COMPLIANT if any customer managed IAM policy statement includes "Effect": "Allow" with "Action": "*" over "Resource": "*".',
    'iam-root-access-key-check':
      'Checks if the root user access key is available. The rule is COMPLIANT if the user access key does not exist. Otherwise, NON_COMPLIANT.',
    'iam-user-unused-credentials-check':
      'Checks if your AWS Identity and Access Management (IAM) users have passwords or active access keys that have not been used within the specified number of days you provided. The rule is NON_COMPLIANT if there are inactive accounts not recently used.',
    'mfa-enabled-for-iam-console-access':
      'Checks whether AWS Multi-Factor Authentication (MFA) is enabled for all AWS Identity and Access Management (IAM) users that use a console password. The rule is compliant if MFA is enabled.',
    'rds-cluster-multi-az-enabled':
      'Checks if Multi-Availability Zone (Multi-AZ) replication is enabled on Amazon Aurora and Multi-AZ DB clusters managed by Amazon Relational Database Service (Amazon RDS). The rule is NON_COMPLIANT if an Amazon RDS instance is not configured with Multi-AZ.',
    'rds-multi-az-support': 'Checks whether high availability is enabled for your RDS DB instances.',
    'restricted-common-ports':
      'Checks if the security groups in use do not allow unrestricted incoming Transmission Control Protocol (TCP) traffic to specified ports. The rule is NON_COMPLIANT if IP addresses for inbound TCP connections are not restricted to specified ports.',
    'restricted-ssh':
      'Checks if the incoming SSH traffic for the security groups is accessible. The rule is COMPLIANT if the IP addresses of the incoming SSH traffic in the security groups are restricted (CIDR other than 0.0.0.0/0 or ::/0). Otherwise, NON_COMPLIANT.',
    'root-account-hardware-mfa-enabled':
      'Checks if your AWS account is enabled to use multi-factor authentication (MFA) hardware device to sign in with root credentials. The rule is NON_COMPLIANT if any virtual MFA devices are permitted for signing in with root credentials.',
    'root-account-mfa-enabled':
      'Checks if the root user of your AWS account requires multi-factor authentication for console sign-in. The rule is NON_COMPLIANT if the AWS Identity and Access Management (IAM) root account user does not have multi-factor authentication (MFA) enabled.',
    's3-account-level-public-access-blocks':
      'Checks if the required public access block settings are configured from account level. The rule is only NON_COMPLIANT when the fields set below do not match the corresponding fields in the configuration item.',
    's3-account-level-public-access-blocks-periodic':
      'Checks if the required public access block settings are configured from account level.',
    's3-bucket-level-public-access-prohibited':
      'Checks if S3 buckets are publicly accessible. The rule is NON_COMPLIANT if an S3 bucket is not listed in the excludedPublicBuckets parameter and bucket level settings are public.',
    's3-bucket-public-read-prohibited':
      'Checks if your Amazon S3 buckets do not allow public read access. The rule checks the Block Public Access settings, the bucket policy, and the bucket access control list (ACL).',
    's3-bucket-public-write-prohibited':
      'Checks if your Amazon S3 buckets do not allow public write access. The rule checks the Block Public Access settings, the bucket policy, and the bucket access control list (ACL).',
    's3-bucket-server-side-encryption-enabled':
      'Checks if your Amazon S3 bucket either has the Amazon S3 default encryption enabled or that the Amazon S3 bucket policy explicitly denies put-object requests without server side encryption that uses AES-256 or AWS Key Management Service. The rule is NON_COMPLIANT if your Amazon S3 bucket is not encrypted by default.',
    's3-bucket-ssl-requests-only':
      'Checks if S3 buckets have policies that require requests to use SSL/TLS. The rule is NON_COMPLIANT if any S3 bucket has policies allowing HTTP requests.',
    's3-bucket-versioning-enabled':
      'Checks if versioning is enabled for your S3 buckets. Optionally, the rule checks if MFA delete is enabled for your S3 buckets.',
    's3-lifecycle-policy-check':
      'Checks if a lifecycle rule is configured for an Amazon Simple Storage Service (Amazon S3) bucket. The rule is NON_COMPLIANT if there is no active lifecycle configuration rules or the configuration does not match with the parameter values.',
    // Only this sentence of the rule page could be read; the page's opening sentence is not transcribed.
    'vpc-default-security-group-closed':
      'The rule is NON_COMPLIANT if the default security group has one or more inbound or outbound traffic rules.',
    'vpc-flow-logs-enabled':
      'Checks if Amazon Virtual Private Cloud (Amazon VPC) flow logs are found and enabled for all Amazon VPCs. The rule is NON_COMPLIANT if flow logs are not enabled for at least one Amazon VPC.',
    'vpc-sg-port-restriction-check':
      'Checks if security groups restrict incoming traffic to restricted ports explicitly from 0.0.0.0/0 or ::/0. The rule is NON_COMPLIANT if security groups allow incoming traffic from 0.0.0.0/0 or ::/0 over TCP/UDP ports 22/3389 or as specified in parameters.',

    // (b) Existence confirmed by the Security Hub control page (or Trusted Advisor page) that names the rule.
    'ec2-imdsv2-check': securityHubBacked(
      'EC2.8',
      'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
      'ec2-controls.html',
    ),
    'ec2-instance-no-public-ip': securityHubBacked(
      'EC2.9',
      'Amazon EC2 instances should not have a public IPv4 address',
      'ec2-controls.html',
    ),
    'vpc-endpoint-enabled': securityHubBacked(
      'EC2.10',
      'Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service',
      'ec2-controls.html',
    ),
    'subnet-auto-assign-public-ip-disabled': securityHubBacked(
      'EC2.15',
      'Amazon EC2 subnets should not automatically assign public IP addresses',
      'ec2-controls.html',
    ),
    'vpc-network-acl-unused-check': securityHubBacked(
      'EC2.16',
      'Unused Network Access Control Lists should be removed',
      'ec2-controls.html',
    ),
    'ec2-instance-multiple-eni-check': securityHubBacked(
      'EC2.17',
      'Amazon EC2 instances should not use multiple ENIs',
      'ec2-controls.html',
    ),
    'vpc-sg-open-only-to-authorized-ports': securityHubBacked(
      'EC2.18',
      'Security groups should only allow unrestricted incoming traffic for authorized ports',
      'ec2-controls.html',
    ),
    'vpc-vpn-2-tunnels-up': securityHubBacked(
      'EC2.20',
      'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up',
      'ec2-controls.html',
    ),
    'nacl-no-unrestricted-ssh-rdp': securityHubBacked(
      'EC2.21',
      'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
      'ec2-controls.html',
    ),
    'ec2-security-group-attached-to-eni-periodic': securityHubBacked(
      'EC2.22',
      'Unused Amazon EC2 security groups should be removed',
      'ec2-controls.html',
    ),
    'ec2-transit-gateway-auto-vpc-attach-disabled': securityHubBacked(
      'EC2.23',
      'Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests',
      'ec2-controls.html',
    ),
    'ec2-paravirtual-instance-check': securityHubBacked(
      'EC2.24',
      'Amazon EC2 paravirtual instance types should not be used',
      'ec2-controls.html',
    ),
    'ec2-launch-template-public-ip-disabled': securityHubBacked(
      'EC2.25',
      'Amazon EC2 launch templates should not assign public IPs to network interfaces',
      'ec2-controls.html',
    ),
    'ebs-resources-protected-by-backup-plan': securityHubBacked(
      'EC2.28',
      'EBS volumes should be covered by a backup plan',
      'ec2-controls.html',
    ),
    'ec2-client-vpn-connection-log-enabled': securityHubBacked(
      'EC2.51',
      'EC2 Client VPN endpoints should have client connection logging enabled',
      'ec2-controls.html',
    ),
    'iam-user-no-policies-check': securityHubBacked(
      'IAM.2',
      'IAM users should not have IAM policies attached',
      'iam-controls.html',
    ),
    'iam-policy-in-use': securityHubBacked(
      'IAM.18',
      'Ensure a support role has been created to manage incidents with AWS Support',
      'iam-controls.html',
    ),
    'iam-user-mfa-enabled': securityHubBacked('IAM.19', 'MFA should be enabled for all IAM users', 'iam-controls.html'),
    'iam-policy-no-statements-with-full-access': securityHubBacked(
      'IAM.21',
      'IAM customer managed policies that you create should not allow wildcard actions for services',
      'iam-controls.html',
    ),
    'iam-server-certificate-expiration-check': securityHubBacked(
      'IAM.26',
      'Expired SSL/TLS certificates managed in IAM should be removed',
      'iam-controls.html',
    ),
    's3-bucket-blacklisted-actions-prohibited': securityHubBacked(
      'S3.6',
      'S3 general purpose bucket policies should restrict access to other AWS accounts',
      's3-controls.html',
    ),
    's3-bucket-cross-region-replication-enabled': securityHubBacked(
      'S3.7',
      'S3 general purpose buckets should use cross-Region replication',
      's3-controls.html',
    ),
    's3-bucket-logging-enabled': securityHubBacked(
      'S3.9',
      'S3 general purpose buckets should have server access logging enabled',
      's3-controls.html',
    ),
    's3-version-lifecycle-policy-check': securityHubBacked(
      'S3.10',
      'S3 general purpose buckets with versioning enabled should have Lifecycle configurations',
      's3-controls.html',
    ),
    's3-event-notifications-enabled': securityHubBacked(
      'S3.11',
      'S3 general purpose buckets should have event notifications enabled',
      's3-controls.html',
    ),
    's3-bucket-acl-prohibited': securityHubBacked(
      'S3.12',
      'ACLs should not be used to manage user access to S3 general purpose buckets',
      's3-controls.html',
    ),
    's3-bucket-default-lock-enabled': securityHubBacked(
      'S3.15',
      'S3 general purpose buckets should have Object Lock enabled',
      's3-controls.html',
    ),
    'cloudtrail-all-write-s3-data-event-check': securityHubBacked(
      'S3.22',
      'S3 general purpose buckets should log object-level write events',
      's3-controls.html',
    ),
    'cloudtrail-all-read-s3-data-event-check': securityHubBacked(
      'S3.23',
      'S3 general purpose buckets should log object-level read events',
      's3-controls.html',
    ),
    's3express-dir-bucket-lifecycle-rules-check': securityHubBacked(
      'S3.25',
      'S3 directory buckets should have lifecycle configurations',
      's3-controls.html',
    ),
    'account-part-of-organizations':
      'AWS Config rule behind Trusted Advisor check c18d2gz127 (AWS account not part of AWS Organizations), per https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html; rule page not transcribed.',
    'ecr-private-lifecycle-policy-configured':
      'AWS Config rule behind Trusted Advisor check c18d2gz128 (Amazon ECR Repository without lifecycle policy configured), per https://docs.aws.amazon.com/awssupport/latest/user/cost-optimization-checks.html; rule page not transcribed.',
  },
} as const satisfies StandardDefinition;
