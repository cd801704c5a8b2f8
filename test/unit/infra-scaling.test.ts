// Scale-out in the CDK app: shards configured in the container, and ECS service autoscaling on the
// work queue's visible messages per running task (metric math), between desiredCount and maxTasks.
import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { parseSettings, SettingsError } from '../../infra/settings.js';
import { BASE_CONTEXT, buildTestApp } from './infra-fixtures.js';

const containerEnv = (template: Template): { Name: string; Value: unknown }[] => {
  const defs = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  return (defs[0]!.Properties.ContainerDefinitions[0].Environment ?? []) as { Name: string; Value: unknown }[];
};

describe('service autoscaling on the queue backlog', () => {
  it('is off by default: one task, no scaling target, no shards', () => {
    const template = Template.fromStack(buildTestApp().stacks.scanner);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 1 });
    expect(containerEnv(template).map((e) => e.Name)).not.toContain('ORGSCAN_SHARD_ACCOUNTS');
  });

  it('tracks visible messages ÷ running tasks between desiredCount and maxTasks, and shares scans in shards', () => {
    const template = Template.fromStack(buildTestApp({ desiredCount: 2, maxTasks: 8, backlogPerTask: 6, shardAccounts: 10, shardLeaseSeconds: 90 }).stacks.scanner);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 2,
      MaxCapacity: 8,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 6,
        CustomizedMetricSpecification: {
          Metrics: [
            Match.objectLike({
              Id: 'm1',
              ReturnData: false,
              MetricStat: {
                Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: Match.anyValue() }] },
                Stat: 'Sum',
              },
            }),
            Match.objectLike({
              Id: 'm2',
              ReturnData: false,
              MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' }), Stat: 'Average' }),
            }),
            Match.objectLike({ Id: 'e1', Expression: 'm1 / m2', ReturnData: true }),
          ],
        },
      },
    });
    // The running count belongs to autoscaling: a deploy does not reset it.
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: Match.absent() });
    const env = Object.fromEntries(containerEnv(template).map((e) => [e.Name, e.Value]));
    expect(env).toMatchObject({ ORGSCAN_SHARD_ACCOUNTS: '10', ORGSCAN_SHARD_LEASE: '90' });
    // RunningTaskCount is a Container Insights metric.
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
  });

  it('refuses autoscaling without shards, and a maximum below the minimum', () => {
    expect(() => parseSettings({ ...BASE_CONTEXT, maxTasks: 4 })).toThrow(/context shardAccounts: must be set/);
    expect(() => parseSettings({ ...BASE_CONTEXT, desiredCount: 3, maxTasks: 2, shardAccounts: 5 })).toThrow(/context maxTasks: must be at least desiredCount/);
    expect(() => parseSettings({ ...BASE_CONTEXT, desiredCount: 1, maxTasks: 2 })).toThrow(SettingsError);
    // Several fixed tasks without shards stay possible (each runs whole scans).
    expect(parseSettings({ ...BASE_CONTEXT, desiredCount: 2 })).toMatchObject({ desiredCount: 2, shardAccounts: 0 });
    expect(parseSettings({ ...BASE_CONTEXT, maxTasks: '4', shardAccounts: '10' })).toMatchObject({ maxTasks: 4, shardAccounts: 10, backlogPerTask: 10, shardLeaseSeconds: 60 });
  });
});
