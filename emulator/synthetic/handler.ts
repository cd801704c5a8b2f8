// The synthetic AWS as an SDK request handler: the real SDK clients sign and serialize requests,
// this handler answers them from the synthetic organization after a latency, applying AWS-like throttling.
import { HttpResponse, type HttpHandler, type HttpRequest } from '@smithy/protocol-http';
import { AwsError } from './errors.js';
import type { SyntheticOrganization } from './model/organization.js';
import { parseRequest, type SynthRequest } from './request.js';
import type { CallContext, RateLimit, SyntheticService } from './service.js';
import { cloudWatchService } from './services/cloudwatch.js';
import { configService } from './services/config.js';
import { ec2Service } from './services/ec2.js';
import { iamService } from './services/iam.js';
import { organizationsService } from './services/organizations.js';
import { rdsService } from './services/rds.js';
import { s3ControlService, s3Service } from './services/s3.js';
import { accountOfAccessKey, stsService } from './services/sts.js';
import { elbClassicService, elbV2Service } from './services/elb.js';
import { logsService } from './services/logs.js';
import { eksService } from './services/eks.js';
import { TokenBuckets, type BucketBound } from './throttle.js';
import { renderError, renderSuccess, type WireResponse } from './wire/render.js';

export interface ThrottleRates {
  ec2: RateLimit;
  rds: RateLimit;
  describeAlarms: RateLimit;
  getMetricData: RateLimit;
  config: RateLimit;
  s3: RateLimit;
  s3control: RateLimit;
  iam: RateLimit;
  sts: RateLimit;
  organizations: RateLimit;
  elb: RateLimit;
  logs: RateLimit;
  eks: RateLimit;
}

/**
 * Default rates, per account × region for regional services and per account for global ones.
 * EC2's are its documented non-mutating bucket; CloudWatch's are its documented TPS quotas;
 * the others are conservative guesses at AWS's undocumented limits.
 */
export const DEFAULT_THROTTLE_RATES: ThrottleRates = {
  ec2: { rate: 20, burst: 100 },
  rds: { rate: 10, burst: 40 },
  describeAlarms: { rate: 9, burst: 9 },
  getMetricData: { rate: 50, burst: 50 },
  config: { rate: 5, burst: 10 },
  s3: { rate: 100, burst: 200 },
  s3control: { rate: 20, burst: 40 },
  iam: { rate: 15, burst: 30 },
  sts: { rate: 600, burst: 600 },
  organizations: { rate: 10, burst: 20 },
  elb: { rate: 10, burst: 40 },
  logs: { rate: 10, burst: 10 },
  eks: { rate: 10, burst: 20 },
};

export interface SyntheticAwsOptions {
  /** Mean latency of a call in ms (default 40). */
  latencyMs?: number;
  /** Latency varies uniformly within ±jitter × latency (default 0.25). */
  jitter?: number;
  throttle?: Partial<ThrottleRates>;
  /** Turn throttling off (tests of the wire formats). */
  throttling?: boolean;
  /** Role names that exist in member accounts (default OrgScanReadOnly). */
  roleNames?: readonly string[];
  /** Random source for latency jitter (default Math.random). */
  random?: () => number;
}

export interface SyntheticAwsStats {
  /** Every request answered, throttled ones included. */
  requests: number;
  throttled: number;
  /** Error answers other than throttling, expected ones included (NoSuchBucketPolicy, NoSuchEntity …). */
  errors: number;
  byOperation: Record<string, number>;
  /** Largest page size the caller asked for per operation ("ec2:DescribeVolumes" → 500). */
  pageSizes: Record<string, number>;
  buckets: BucketBound[];
}

const PAGE_SIZE_PARAMS = ['MaxResults', 'MaxRecords', 'MaxItems', 'max-buckets'];

export class SyntheticAws implements HttpHandler<Record<string, never>> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  private readonly services: Record<string, SyntheticService>;
  private readonly buckets = new TokenBuckets();
  private readonly latencyMs: number;
  private readonly jitter: number;
  private readonly throttling: boolean;
  private readonly random: () => number;
  private readonly state = { credentialReports: new Set<string>() };
  private sequence = 0;
  private readonly counts = { requests: 0, throttled: 0, errors: 0 };
  private readonly byOperation = new Map<string, number>();
  private readonly pageSizes = new Map<string, number>();

  constructor(
    readonly org: SyntheticOrganization,
    options: SyntheticAwsOptions = {},
  ) {
    this.latencyMs = options.latencyMs ?? 40;
    this.jitter = options.jitter ?? 0.25;
    if (!(this.latencyMs >= 0)) throw new RangeError(`latencyMs must be >= 0, got ${this.latencyMs}`);
    if (!(this.jitter >= 0 && this.jitter <= 1)) throw new RangeError(`jitter must be between 0 and 1, got ${this.jitter}`);
    this.throttling = options.throttling ?? true;
    this.random = options.random ?? Math.random;
    const rates = { ...DEFAULT_THROTTLE_RATES, ...options.throttle };
    this.services = {
      sts: stsService({ roleNames: options.roleNames ?? ['OrgScanReadOnly'], ...rates.sts }),
      organizations: organizationsService(rates.organizations),
      ec2: ec2Service(rates.ec2),
      rds: rdsService(rates.rds),
      monitoring: cloudWatchService(rates.describeAlarms, rates.getMetricData),
      config: configService(rates.config),
      s3: s3Service(rates.s3),
      's3-control': s3ControlService(rates.s3control),
      iam: iamService(rates.iam),
      elasticloadbalancing: elbV2Service(rates.elb),
      'elasticloadbalancing-classic': elbClassicService(rates.elb),
      logs: logsService(rates.logs),
      eks: eksService(rates.eks),
    };
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const wire = this.answer(request);
    const delay = this.latencyMs * (1 + this.jitter * (2 * this.random() - 1));
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const response = new HttpResponse({ statusCode: wire.status, headers: wire.headers, body: Buffer.from(wire.body, 'utf8') });
    return { response };
  }

  /** Whether the synthetic AWS implements an operation, named as it names them ("ec2:DescribeVolumes"). */
  answers(operation: string): boolean {
    const [serviceName, name] = operation.split(':') as [string, string];
    const service = this.services[serviceName];
    return service !== undefined && Object.hasOwn(service.operations, name);
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  stats(): SyntheticAwsStats {
    return {
      ...this.counts,
      byOperation: Object.fromEntries(this.byOperation),
      pageSizes: Object.fromEntries(this.pageSizes),
      buckets: this.buckets.bounds(),
    };
  }

  /** Renders the answer to one request synchronously: parse, route, throttle, call the operation. */
  private answer(request: HttpRequest): WireResponse {
    this.counts.requests += 1;
    const requestId = `synth-${(++this.sequence).toString(36).padStart(8, '0')}`;
    let parsed: SynthRequest;
    try {
      parsed = parseRequest(request);
    } catch (err) {
      this.counts.errors += 1;
      return renderError('rest-xml', asAwsError(err), requestId);
    }
    const service = this.services[parsed.service];
    if (!service) {
      this.counts.errors += 1;
      return renderError('rest-xml', new AwsError('UnknownService', `the synthetic AWS does not serve the ${parsed.service} service`), requestId);
    }
    const queryCompatible = parsed.service === 'monitoring';
    try {
      const operation = service.operation(parsed);
      const handler = Object.hasOwn(service.operations, operation) ? service.operations[operation] : undefined;
      if (!handler) {
        throw new AwsError(
          service.protocol.startsWith('json') ? 'UnknownOperationException' : 'InvalidAction',
          `the synthetic AWS does not implement ${parsed.service}:${operation}`,
        );
      }
      const key = `${parsed.service}:${operation}`;
      this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
      const accountId = accountOfAccessKey(parsed.accessKeyId) ?? this.org.managementAccountId;
      const family = service.throttle(operation);
      const bucketKey =
        family.scope === 'unit' ? `${family.name}|${accountId}|${parsed.region}` : family.scope === 'account' ? `${family.name}|${accountId}` : `${family.name}|caller|${accountId}`;
      if (this.throttling && !this.buckets.take(bucketKey, family)) {
        this.counts.throttled += 1;
        const t = service.throttleError;
        return renderError(service.protocol, new AwsError(t.code, t.message, t.status), requestId, { queryCompatible });
      }
      this.recordPageSize(key, parsed);
      const ctx: CallContext = { org: this.org, accountId, region: parsed.region, requestId, state: this.state };
      const reply = handler(parsed, ctx);
      return renderSuccess(service.protocol, service.xmlns, operation, typeof reply === 'string' ? { body: reply } : reply, requestId);
    } catch (err) {
      const error = asAwsError(err);
      this.counts.errors += 1;
      return renderError(service.protocol, error, requestId, { queryCompatible });
    }
  }

  private recordPageSize(key: string, request: SynthRequest): void {
    let size: number | undefined;
    for (const name of PAGE_SIZE_PARAMS) {
      const fromQuery = request.query[name];
      if (typeof fromQuery === 'string') size = Number(fromQuery);
    }
    if (size === undefined && request.body) {
      const match = /(?:^|&|")(MaxResults|MaxRecords|MaxItems)"?[=:](\d+)/.exec(request.body);
      if (match) size = Number(match[2]);
    }
    if (size !== undefined && size > (this.pageSizes.get(key) ?? 0)) this.pageSizes.set(key, size);
  }
}

function asAwsError(err: unknown): AwsError {
  if (err instanceof AwsError) return err;
  // A bug in the synthetic AWS itself: answer like an internal error so the scan reports it.
  return new AwsError('InternalError', `synthetic AWS failure: ${err instanceof Error ? err.message : String(err)}`, 500, 'Receiver');
}
