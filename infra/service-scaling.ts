// ECS service autoscaling on the work queue's backlog per task: target tracking on
// (visible messages) ÷ (running tasks), the metric math AWS documents for SQS workers:
// https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
// CloudFormation takes the math as CustomizedMetricSpecification.Metrics:
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-applicationautoscaling-scalingpolicy-customizedmetricspecification.html
// (CDK's L2 target tracking accepts direct metrics only, hence the L1 policy.)
import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ServiceScalingProps {
  service: ecs.FargateService;
  clusterName: string;
  queue: sqs.IQueue;
  minTasks: number;
  maxTasks: number;
  /** Messages waiting in the queue per running task that the policy steers towards. */
  backlogPerTask: number;
}

export class ServiceScaling extends Construct {
  readonly target: appscaling.ScalableTarget;
  readonly policy: appscaling.CfnScalingPolicy;

  constructor(scope: Construct, id: string, props: ServiceScalingProps) {
    super(scope, id);
    this.target = new appscaling.ScalableTarget(this, 'Target', {
      serviceNamespace: appscaling.ServiceNamespace.ECS,
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${props.clusterName}/${props.service.serviceName}`,
      minCapacity: props.minTasks,
      maxCapacity: props.maxTasks,
    });
    this.target.node.addDependency(props.service);
    this.policy = new appscaling.CfnScalingPolicy(this, 'BacklogPerTask', {
      policyName: 'queue-backlog-per-task',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: this.target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.backlogPerTask,
        // Out fast when a scan is split into shards; in slowly, so tasks are not stopped between shards.
        scaleOutCooldown: Duration.minutes(1).toSeconds(),
        scaleInCooldown: Duration.minutes(5).toSeconds(),
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'm1',
              label: 'messages waiting in the work queue',
              metricStat: {
                metric: { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: [{ name: 'QueueName', value: props.queue.queueName }] },
                stat: 'Sum',
              },
              returnData: false,
            },
            {
              id: 'm2',
              label: 'running tasks of the service (Container Insights)',
              metricStat: {
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: props.clusterName },
                    { name: 'ServiceName', value: props.service.serviceName },
                  ],
                },
                stat: 'Average',
              },
              returnData: false,
            },
            { id: 'e1', label: 'backlog per task', expression: 'm1 / m2', returnData: true },
          ],
        },
      },
    });
  }
}
