// The one way to read an AWS error code, shared by checks and the scanner.

interface SdkErrorLike {
  name?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The AWS error code of a failed call (AccessDenied, NoSuchBucket, …), or HTTP<status> / UnknownError. */
export function awsErrorCode(err: unknown): string {
  const e = (err ?? {}) as SdkErrorLike;
  const status = e.$metadata?.httpStatusCode;
  // An endpoint that answers a non-AWS body (an emulator's "not implemented" page) surfaces as a parse error.
  if (e.name === 'SyntaxError' && status) return `HTTP${status}`;
  const code = e.Code ?? e.code ?? e.name;
  if (code && code !== 'Error') return code;
  if (status) return `HTTP${status}`;
  return 'UnknownError';
}
