// Long-polls the service's SQS queue. A message is deleted only once handled (a scan recorded as
// started); a malformed one is logged and left for the queue's redrive policy (dead-letter queue).
// While the service cannot take more scans it receives nothing, so waiting messages stay in SQS
// (each receive counts towards the dead-letter redrive).
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { setTimeout as delay } from 'node:timers/promises';
import { safeErrorMessage } from '../scanner/errors.js';
import { MalformedMessageError } from './queue-messages.js';
import type { Logger } from './scan-manager.js';

/**
 * What to do with a message once handled. `release` makes it visible again at once (e.g. shutting
 * down); `defer` leaves it alone, so it is redelivered when its visibility timeout ends (e.g. the scan
 * queue is full).
 */
export type MessageOutcome = 'delete' | 'release' | 'defer';

export interface SqsConsumerOptions {
  client: SQSClient;
  queueUrl: string;
  logger: Logger;
  /** Handles one message; throwing MalformedMessageError leaves the message for the dead-letter redrive. */
  handle(message: Message): Promise<MessageOutcome>;
  /** Long-poll wait, 1–20 s. Default 20. */
  waitTimeSeconds?: number | undefined;
  /** Pause after a failed receive. Default 5 s. */
  errorBackoffMs?: number | undefined;
  /** How many more messages the service can take now (e.g. room in the scan queue); none are received at 0. Default: no limit. */
  capacity?: (() => number) | undefined;
  /** How often capacity is looked at again while it is 0. Default 1 s. */
  capacityPollMs?: number | undefined;
}

export class SqsConsumer {
  private stopped = false;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;

  constructor(private readonly options: SqsConsumerOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops polling; an in-flight long poll is abandoned, a message being handled finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { client, queueUrl, logger } = this.options;
    logger.info({ queueUrl }, 'polling the scan queue');
    while (!this.stopped) {
      const room = Math.min(10, this.options.capacity?.() ?? 10);
      if (room <= 0) {
        await this.pause(this.options.capacityPollMs ?? 1_000);
        continue;
      }
      let messages: Message[];
      try {
        const res = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: room,
            WaitTimeSeconds: this.options.waitTimeSeconds ?? 20,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = res.Messages ?? [];
      } catch (err) {
        if (this.stopped) break;
        logger.error({ queueUrl, err: safeErrorMessage(err) }, 'cannot receive from the scan queue; retrying');
        await this.pause(this.options.errorBackoffMs ?? 5_000);
        continue;
      }
      for (const message of messages) await this.process(message);
    }
    logger.info({ queueUrl }, 'stopped polling the scan queue');
  }

  /** Waits `ms`, or less when stopped. */
  private async pause(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }

  private async process(message: Message): Promise<void> {
    const { client, queueUrl, logger } = this.options;
    const meta = { messageId: message.MessageId, receiveCount: message.Attributes?.ApproximateReceiveCount };
    let outcome: MessageOutcome;
    try {
      outcome = await this.options.handle(message);
    } catch (err) {
      if (err instanceof MalformedMessageError) {
        logger.error({ ...meta, reason: err.message }, 'malformed queue message left for the dead-letter queue');
      } else {
        logger.error({ ...meta, err: safeErrorMessage(err) }, 'queue message could not be handled; it will be retried');
      }
      return;
    }
    if (outcome === 'defer') return;
    try {
      if (outcome === 'delete') {
        await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      } else {
        await client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
      }
    } catch (err) {
      logger.error({ ...meta, outcome, err: safeErrorMessage(err) }, 'cannot settle the queue message');
    }
  }
}
