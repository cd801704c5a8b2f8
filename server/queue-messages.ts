// Messages on the service's SQS queue (put there by EventBridge Scheduler or by hand).
import { z } from 'zod';

const list = z.array(z.string().min(1).max(128)).min(1).max(1000);

export const queueMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('scan'), accounts: list.optional(), regions: list.optional(), checks: list.optional() }).strict(),
  z.object({ type: z.literal('weekly-report') }).strict(),
  // One shard of a scan shared by several service tasks (server/shard-worker.ts); sent by the service itself.
  z.object({ type: z.literal('shard'), scanId: z.string().min(1).max(128), shard: z.number().int().min(0).max(1_000_000) }).strict(),
]);

export type QueueMessage = z.infer<typeof queueMessageSchema>;

export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

export function parseQueueMessage(body: string | undefined): QueueMessage {
  if (!body) throw new MalformedMessageError('empty message body');
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('body is not JSON');
  }
  const result = queueMessageSchema.safeParse(raw);
  if (!result.success) {
    const detail = result.error.issues
      .map((i) => {
        const path = i.path.length ? i.path.join('.') : 'message';
        if (i.code === 'unrecognized_keys') return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
        if (i.code === 'invalid_union') return `${path}: "type" must be "scan", "weekly-report" or "shard"`;
        return `${path}: ${i.message}`;
      })
      .join('; ');
    throw new MalformedMessageError(detail);
  }
  return result.data;
}
