// What the synthetic AWS reads from a signed SDK request: the service and region of the SigV4
// credential scope, the access key (which names the account), and the operation's input.
import type { HttpRequest } from '@smithy/protocol-http';
import { AwsError } from './errors.js';

export interface SynthRequest {
  /** SigV4 signing name (ec2, rds, monitoring, config, s3, iam, sts, organizations), or 's3-control'. */
  service: string;
  region: string;
  accessKeyId: string;
  method: string;
  hostname: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  throw new AwsError('InvalidRequest', 'the synthetic AWS only accepts string or byte bodies, not streams');
}

export function parseRequest(request: HttpRequest): SynthRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const scope = SCOPE.exec(headers.authorization ?? '');
  if (!scope) {
    throw new AwsError('MissingAuthenticationToken', 'Request is missing a SigV4 Authorization header with a credential scope', 403);
  }
  const [, accessKeyId, region, signingName] = scope as unknown as [string, string, string, string];
  const body = bodyText(request.body);
  // S3 Control signs as "s3"; its REST paths are versioned. Classic Load Balancing signs as ELBv2 does; its API version differs.
  const service =
    signingName === 's3' && request.path.startsWith('/v20180820/')
      ? 's3-control'
      : signingName === 'elasticloadbalancing' && /(^|&)Version=2012-06-01(&|$)/.test(body)
        ? 'elasticloadbalancing-classic'
        : signingName;
  return {
    service,
    region,
    accessKeyId,
    method: request.method.toUpperCase(),
    hostname: request.hostname,
    path: request.path,
    query: (request.query ?? {}) as Record<string, string | string[] | null>,
    headers,
    body,
  };
}
