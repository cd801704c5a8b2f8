// The shape of one synthetic AWS service: its wire protocol, how operations map to throttling
// buckets, and the operations themselves (each returns the response payload in the protocol's format).
import type { SyntheticOrganization } from './model/organization.js';
import type { SynthRequest } from './request.js';

export type Protocol = 'query' | 'ec2' | 'json1.0' | 'json1.1' | 'rest-xml' | 'rest-json';

/** A token bucket's shape: `burst` calls at once, refilled at `rate` per second. */
export interface RateLimit {
  rate: number;
  burst: number;
}

export interface ThrottleFamily extends RateLimit {
  /** Bucket name within its scope, e.g. "ec2:describe". */
  name: string;
  /** unit: per account × region; account: per account (global services); caller: per calling account. */
  scope: 'unit' | 'account' | 'caller';
}

export interface CallContext {
  org: SyntheticOrganization;
  /** The account the credentials act in. */
  accountId: string;
  region: string;
  requestId: string;
  /** State that outlives one call (credential reports generated so far). */
  state: { credentialReports: Set<string> };
}

/** A response payload: for query/ec2 the inner XML of the result element, for JSON the body, for REST the full body. */
export interface Reply {
  body: string;
  status?: number;
  headers?: Record<string, string>;
}

export interface SyntheticService {
  protocol: Protocol;
  /** XML namespace of query/ec2 responses. */
  xmlns?: string;
  /** The operation a request calls; RPC protocols name it in the request, REST services derive it. */
  operation(request: SynthRequest): string;
  throttle(operation: string): ThrottleFamily;
  /** The error code and HTTP status AWS uses for throttling in this service. */
  throttleError: { code: string; status: number; message: string };
  operations: Record<string, (request: SynthRequest, ctx: CallContext) => Reply | string>;
}
