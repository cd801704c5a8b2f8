// Turning SDK errors into stable codes and safe messages for ERROR findings and scan errors.
import { awsErrorCode } from '../checks/support/aws-errors.js';

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);

interface SdkErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The AWS error code of an SDK error (AccessDenied, UnauthorizedOperation, …): the checks' one reading of it. */
export const errorCode = awsErrorCode;

export function isThrottlingError(err: unknown): boolean {
  const e = (err ?? {}) as SdkErrorLike;
  return THROTTLING_CODES.has(errorCode(err)) || e.$metadata?.httpStatusCode === 429;
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, '$1****************'],
  [/(Signature|X-Amz-Signature|X-Amz-Security-Token|SecretAccessKey|SessionToken)=([^&\s]+)/gi, '$1=<redacted>'],
  [/(Bearer\s+)[\w.~+/=-]+/gi, '$1<redacted>'],
];

/** The error's message with access keys, signatures and tokens removed, cut to a readable length. */
export function safeErrorMessage(err: unknown): string {
  let message = err instanceof Error ? err.message : String(err);
  const e = (err ?? {}) as SdkErrorLike;
  if (e.name === 'SyntaxError' && e.$metadata?.httpStatusCode) {
    message = `the endpoint answered HTTP ${e.$metadata.httpStatusCode} with a body that is not an AWS response (operation not supported there?)`;
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) message = message.replace(pattern, replacement);
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}
