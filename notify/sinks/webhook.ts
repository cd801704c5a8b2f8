// Generic webhook: the message as JSON, signed so the receiver can tell it came from orgscan.
// X-Orgscan-Signature: sha256=<lowercase hex HMAC-SHA256 of the exact request body bytes, keyed by the shared secret>.
import { createHmac } from 'node:crypto';
import type { TeamMessage } from '../message.js';

export const SIGNATURE_HEADER = 'X-Orgscan-Signature';

export function webhookBody(m: TeamMessage): Record<string, unknown> {
  return { type: 'orgscan.team-notification', version: 1, ...m };
}

export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
