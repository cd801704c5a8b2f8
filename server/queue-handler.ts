// Turns queue messages into work: a scan request, or the weekly report.
import type { Message } from '@aws-sdk/client-sqs';
import type { ScanRequest } from '../scanner/types.js';
import { MalformedMessageError, parseQueueMessage, type QueueMessage } from './queue-messages.js';

type ShardMessage = Extract<QueueMessage, { type: 'shard' }>;
import { NotAcceptingError, QueueFullError, type Logger, type ScanManager } from './scan-manager.js';
import { narrowScope, ScopeError } from './scope.js';
import type { MessageOutcome } from './sqs-consumer.js';

/** Sends the weekly report; injected by whoever wires reports/weekly.ts. */
export type WeeklyReportHandler = () => Promise<void>;

export interface QueueHandlerOptions {
  manager: ScanManager;
  baseRequest: ScanRequest;
  organizationAccounts: () => Promise<string[]>;
  logger: Logger;
  weeklyReport?: WeeklyReportHandler | undefined;
  /** Runs shard messages of scans shared by several tasks; absent when this service does not scale out. */
  shards?: ((message: Message, shard: ShardMessage) => Promise<MessageOutcome>) | undefined;
}

export function createQueueHandler(options: QueueHandlerOptions): (message: Message) => Promise<MessageOutcome> {
  const { manager, logger } = options;
  return async (message) => {
    const parsed = parseQueueMessage(message.Body);
    if (parsed.type === 'weekly-report') {
      if (!options.weeklyReport) {
        logger.warn(
          { messageId: message.MessageId },
          'weekly-report message received, but this build has no weekly report sender (reports/weekly.ts); message deleted',
        );
        return 'delete';
      }
      await options.weeklyReport();
      logger.info({ messageId: message.MessageId }, 'weekly report sent');
      return 'delete';
    }
    if (parsed.type === 'shard') {
      if (options.shards) return options.shards(message, parsed);
      // Sent by a task that shares scans: this one (configured without it) leaves it to them.
      logger.error({ messageId: message.MessageId, scanId: parsed.scanId }, 'shard message received, but this service does not run shards (--shard-accounts); message left');
      return 'defer';
    }
    let scope;
    try {
      scope = await narrowScope(options.baseRequest, parsed, options.organizationAccounts);
    } catch (err) {
      if (err instanceof ScopeError) throw new MalformedMessageError(err.message);
      throw err;
    }
    try {
      // The message id as idempotency key: a redelivered message (delete lost) does not start a second scan.
      const result = await manager.submit({ scope, source: 'queue', idempotencyKey: message.MessageId ? `sqs:${message.MessageId}` : null });
      logger.info(
        { scanId: result.scan.id, messageId: message.MessageId, created: result.created, reason: result.created ? null : result.reason },
        'scan requested from the queue',
      );
      return 'delete';
    } catch (err) {
      if (err instanceof NotAcceptingError) return 'release';
      if (err instanceof QueueFullError) {
        // Kept in SQS: it comes back when its visibility timeout ends, when there may be room.
        logger.warn({ messageId: message.MessageId, maxQueued: err.maxQueued }, 'scan queue full; message left for redelivery');
        return 'defer';
      }
      throw err;
    }
  };
}
