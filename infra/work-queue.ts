// The service's work queue and its dead-letter queue, fed by EventBridge Scheduler:
// {"type":"scan"} on the scan schedule, {"type":"weekly-report"} weekly.
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeploySettings } from './settings.js';

export interface WorkQueueProps {
  settings: DeploySettings;
  namePrefix: string;
}

export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const { settings, namePrefix } = props;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `${namePrefix}-work-dlq`,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: `${namePrefix}-work`,
      visibilityTimeout: Duration.minutes(5),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Malformed messages are left for redrive rather than dropped (the consumer never deletes them).
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });

    const timeZone = TimeZone.of(settings.scheduleTimeZone);
    const schedules: [string, string, string, string][] = [
      ['ScanSchedule', 'scan', settings.scanSchedule, 'orgscan: scan the organization'],
      ['WeeklyReportSchedule', 'weekly-report', settings.weeklyReportSchedule, 'orgscan: weekly email to security'],
    ];
    for (const [id, type, expression, description] of schedules) {
      new scheduler.Schedule(this, id, {
        scheduleName: `${namePrefix}-${type}`,
        description,
        // Time zones apply to cron expressions only.
        schedule: scheduler.ScheduleExpression.expression(expression, expression.startsWith('cron(') ? timeZone : undefined),
        target: new schedulerTargets.SqsSendMessage(this.queue, {
          input: scheduler.ScheduleTargetInput.fromObject({ type }),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 3,
        }),
      });
    }
  }
}
