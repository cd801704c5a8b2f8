// Console links per resource type and region.
import { describe, expect, it } from 'vitest';
import { consoleUrl } from '../../reports/html/console-link.js';

const at = (resourceType: string, resourceId: string, region = 'eu-west-1', resourceArn: string | null = null) => consoleUrl({ resourceType, resourceId, region, resourceArn });

describe('consoleUrl', () => {
  it('links regional resources in their region', () => {
    expect(at('AWS::EC2::Volume', 'vol-0abc')).toBe('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#VolumeDetails:volumeId=vol-0abc');
    expect(at('AWS::EC2::NatGateway', 'nat-0abc')).toBe('https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#NatGatewayDetails:natGatewayId=nat-0abc');
    expect(at('AWS::RDS::DBInstance', 'db-1')).toBe('https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=db-1;is-cluster=false');
    // Log group names are escaped twice, "%" written as "$".
    expect(at('AWS::Logs::LogGroup', '/aws/lambda/fn')).toBe('https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ffn');
  });

  it('links global resources to the global consoles, and nothing for an unknown type or region', () => {
    expect(at('AWS::IAM::User', 'alice', 'global')).toBe('https://console.aws.amazon.com/iam/home#/users/details/alice');
    expect(at('AWS::S3::Bucket', 'my-bucket', 'global')).toBe('https://s3.console.aws.amazon.com/s3/buckets/my-bucket');
    expect(at('AWS::EC2::Volume', 'vol-0abc', 'global')).toBeNull();
    expect(at('AWS::Unknown::Thing', 'x')).toBeNull();
    // Ids are encoded: a hostile id stays inside the fragment.
    expect(at('AWS::EC2::Instance', 'i-1#"><script>')).toContain('instanceId=i-1%23%22%3E%3Cscript%3E');
  });
});
