// Renders replies and errors in each protocol's wire format, as AWS sends them.
import type { AwsError } from '../errors.js';
import type { Protocol, Reply } from '../service.js';
import { esc } from './xml.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const XML = 'text/xml';

export function renderSuccess(protocol: Protocol, xmlns: string | undefined, operation: string, reply: Reply, requestId: string): WireResponse {
  const status = reply.status ?? 200;
  const base = { 'x-amzn-requestid': requestId, ...reply.headers };
  switch (protocol) {
    case 'query':
      return {
        status,
        headers: { ...base, 'content-type': XML },
        body:
          `<${operation}Response xmlns="${xmlns}"><${operation}Result>${reply.body}</${operation}Result>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
      };
    case 'ec2':
      return {
        status,
        headers: { ...base, 'content-type': XML },
        body: `<${operation}Response xmlns="${xmlns}"><requestId>${requestId}</requestId>${reply.body}</${operation}Response>`,
      };
    case 'json1.0':
    case 'json1.1':
      return { status, headers: { ...base, 'content-type': `application/x-amz-json-${protocol.slice(4)}` }, body: reply.body };
    case 'rest-xml':
      return { status, headers: { 'x-amz-request-id': requestId, 'content-type': 'application/xml', ...reply.headers }, body: reply.body };
    case 'rest-json':
      return { status, headers: { 'x-amzn-requestid': requestId, 'content-type': 'application/json', ...reply.headers }, body: reply.body };
  }
}

export function renderError(protocol: Protocol, error: AwsError, requestId: string, options: { queryCompatible?: boolean } = {}): WireResponse {
  const code = esc(error.code);
  const message = esc(error.message);
  switch (protocol) {
    case 'query':
      return {
        status: error.status,
        headers: { 'x-amzn-requestid': requestId, 'content-type': XML },
        body: `<ErrorResponse><Error><Type>${error.fault}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'ec2':
      return {
        status: error.status,
        headers: { 'content-type': XML },
        body: `<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
      };
    case 'json1.0':
    case 'json1.1': {
      const headers: Record<string, string> = {
        'x-amzn-requestid': requestId,
        'content-type': `application/x-amz-json-${protocol.slice(4)}`,
      };
      // Services that moved from the query protocol to JSON also send the old error code in a header.
      if (options.queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.fault}`;
      const type = options.queryCompatible && error.code === 'Throttling' ? 'ThrottlingException' : error.code;
      return { status: error.status, headers, body: JSON.stringify({ __type: type, message: error.message }) };
    }
    case 'rest-json':
      return {
        status: error.status,
        headers: { 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code, 'content-type': 'application/json' },
        body: JSON.stringify({ message: error.message }),
      };
    case 'rest-xml':
      return {
        status: error.status,
        headers: { 'x-amz-request-id': requestId, 'content-type': 'application/xml' },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`,
      };
  }
}
