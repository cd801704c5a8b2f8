// ARNs of the resources checks report.

/** arn:<partition>:ec2:<region>:<account>:<type>/<id> */
export function ec2Arn(partition: string, region: string, accountId: string, type: string, id: string): string {
  return `arn:${partition}:ec2:${region}:${accountId}:${type}/${id}`;
}

export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export function rootUserArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}
