import { describe, expect, it } from 'vitest';
import { MalformedMessageError, parseQueueMessage } from '../../server/queue-messages.js';

describe('queue messages', () => {
  it('parses scan and weekly-report messages', () => {
    expect(parseQueueMessage('{"type":"scan"}')).toEqual({ type: 'scan' });
    expect(parseQueueMessage('{"type":"scan","accounts":["111111111111"],"regions":["eu-west-1"]}')).toEqual({
      type: 'scan',
      accounts: ['111111111111'],
      regions: ['eu-west-1'],
    });
    expect(parseQueueMessage('{"type":"weekly-report"}')).toEqual({ type: 'weekly-report' });
  });

  it('rejects malformed messages with a reason', () => {
    expect(() => parseQueueMessage('not json')).toThrow(new MalformedMessageError('body is not JSON'));
    expect(() => parseQueueMessage(undefined)).toThrow('empty message body');
    expect(() => parseQueueMessage('{"type":"reboot"}')).toThrow(/"type" must be "scan" or "weekly-report"|type/);
    expect(() => parseQueueMessage('{"type":"scan","roleArn":"arn:aws:iam::1:role/x"}')).toThrow(/unknown field roleArn/);
    expect(() => parseQueueMessage('{"type":"scan","accounts":[]}')).toThrow(/accounts/);
  });
});
