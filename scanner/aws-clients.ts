// Creates every SDK client of a scan with one policy: the account's credentials, adaptive
// retries for throttling, one shared HTTP agent, the scan-wide API limiter and call counters.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EKSClient } from '@aws-sdk/client-eks';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import type { UnitClients } from './collectors/clients.js';
import { describeNetworkFailures, type EndpointOrigin } from './endpoint-errors.js';
import { configuredEndpointOrigin, serviceEndpointVariable, sharedSdkSettings, type SharedSdkSettings } from './sdk-settings.js';
import { CachedKeySignatureV4 } from './signing.js';
import { abortableHandler, handlerTimeouts, resolveTimeouts, TimeoutBoundedRetryStrategy, type AwsTimeouts } from './timeouts.js';
import type { AwsEnvironment } from './types.js';

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The region that serves a partition's global APIs (IAM, Organizations, S3 listing). */
export function homeRegionOf(partition: string): string {
  if (partition === 'aws-cn') return 'cn-north-1';
  if (partition === 'aws-us-gov') return 'us-gov-west-1';
  return 'us-east-1';
}

/** An explicit endpoint for a service: the environment's, else AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL. */
export function configuredEndpoint(env: AwsEnvironment, serviceEnvName: string): string | undefined {
  return env.endpoint ?? process.env[`AWS_ENDPOINT_URL_${serviceEnvName}`] ?? process.env.AWS_ENDPOINT_URL;
}

interface ClientClass<C> {
  new (config: Record<string, unknown>): C;
}

/** The SDK service ids of the clients the scanner makes (they name AWS_ENDPOINT_URL_<SERVICE_ID>). */
const SERVICE_IDS = [
  'EC2', 'RDS', 'CloudWatch', 'Config Service', 'S3', 'S3 Control', 'IAM', 'STS', 'Organizations',
  'Elastic Load Balancing v2', 'Elastic Load Balancing', 'CloudWatch Logs', 'EKS',
] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

const SERVICE_ID_OF = new Map<unknown, ServiceId>([
  [EC2Client, 'EC2'],
  [RDSClient, 'RDS'],
  [CloudWatchClient, 'CloudWatch'],
  [ConfigServiceClient, 'Config Service'],
  [S3Client, 'S3'],
  [S3ControlClient, 'S3 Control'],
  [IAMClient, 'IAM'],
  [STSClient, 'STS'],
  [OrganizationsClient, 'Organizations'],
  [ElasticLoadBalancingV2Client, 'Elastic Load Balancing v2'],
  [ElasticLoadBalancingClient, 'Elastic Load Balancing'],
  [CloudWatchLogsClient, 'CloudWatch Logs'],
  [EKSClient, 'EKS'],
]);

/**
 * Drops the SDK's logger middleware: with no logger configured it still copies and filters every
 * input and output for a log line nobody reads (~2 % of a scan's CPU, and garbage).
 */
const withoutSdkLogging: Pluggable<any, any> = {
  applyToStack(stack) {
    stack.remove('loggerMiddleware');
  },
};

export class AwsClientFactory {
  private readonly requestHandler;
  private readonly settings: SharedSdkSettings = sharedSdkSettings();
  /** Endpoints configured outside code and where they were set, per service id; set by prepare(). */
  private endpoints: Map<ServiceId, EndpointOrigin> | undefined;
  /** Connection, request and unit time limits of the scan. */
  readonly timeouts: AwsTimeouts;

  constructor(
    private readonly env: AwsEnvironment,
    /** Instrumentation for clients made outside a unit (STS, Organizations, region discovery). */
    private readonly plugin: Pluggable<any, any>,
    maxSockets: number,
  ) {
    this.timeouts = resolveTimeouts(env);
    this.requestHandler =
      env.requestHandler ??
      new NodeHttpHandler({
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
        ...handlerTimeouts(this.timeouts),
      });
  }

  /** Attempts per call: the environment's, else AWS_MAX_ATTEMPTS, else 8 (adaptive retries ride out throttling). */
  get maxAttempts(): number {
    return this.env.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || 8);
  }

  /**
   * Reads, once for the scan, the endpoints configured outside code (AWS_ENDPOINT_URL*, the
   * profile's endpoint_url) that each client would otherwise look up for itself. Optional:
   * clients made before it (or without it) resolve them the SDK's usual way.
   */
  async prepare(): Promise<void> {
    if (this.endpoints) return;
    const entries = await Promise.all(SERVICE_IDS.map(async (id) => [id, await configuredEndpointOrigin(id)] as const));
    this.endpoints = new Map(entries);
  }

  /** The explicit endpoint of a service: the environment's, else the configured one (after prepare()). */
  private endpointFor(serviceId: ServiceId, serviceEnvName: string): string | undefined {
    if (this.env.endpoint) return this.env.endpoint;
    return this.endpoints ? this.endpoints.get(serviceId)?.url : configuredEndpoint(this.env, serviceEnvName);
  }

  /** A service's endpoint and where it was set, for the errors of calls that cannot reach it. */
  endpointOrigin(serviceId: ServiceId): EndpointOrigin {
    if (this.env.endpoint) return { url: this.env.endpoint, source: "the scanner's endpoint setting" };
    const known = this.endpoints?.get(serviceId);
    if (known) return known;
    const variable = serviceEndpointVariable(serviceId);
    if (process.env[variable]) return { url: process.env[variable], source: variable };
    if (process.env.AWS_ENDPOINT_URL) return { url: process.env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL' };
    return { url: undefined, source: "the SDK's default endpoint for the region" };
  }

  /** Names the service, endpoint and its origin in the errors of calls that cannot reach AWS. */
  networkErrorPlugin(serviceId: ServiceId): Pluggable<any, any> {
    return describeNetworkFailures(serviceId, this.endpointOrigin(serviceId));
  }

  /** Client configuration shared by every client, for the STS client of fromTemporaryCredentials too. */
  baseConfig(region: string, credentials?: Credentials, serviceId: ServiceId = 'STS'): Record<string, unknown> {
    const config: Record<string, unknown> = {
      region,
      maxAttempts: this.maxAttempts,
      retryMode: 'adaptive',
      // Adaptive retries, but a call whose attempts keep timing out gives up after a few.
      retryStrategy: new TimeoutBoundedRetryStrategy(this.maxAttempts, this.timeouts.timeoutAttempts),
      requestHandler: this.requestHandler,
      ...this.settings,
    };
    // S3 signs with its own multi-region signer; the others take the signing-key cache.
    if (serviceId !== 'S3') config.signerConstructor = CachedKeySignatureV4;
    if (credentials) config.credentials = credentials;
    if (this.env.endpoint) config.endpoint = this.env.endpoint;
    else if (this.endpoints) {
      const endpoint = this.endpoints.get(serviceId)?.url;
      if (endpoint) config.endpoint = endpoint;
      // Already resolved above: the client need not look again.
      config.ignoreConfiguredEndpointUrls = true;
    }
    return config;
  }

  create<C extends { middlewareStack: { use(p: Pluggable<any, any>): void } }>(
    Client: ClientClass<C>,
    region: string,
    credentials: Credentials | undefined,
    extra: Record<string, unknown> = {},
    plugin: Pluggable<any, any> = this.plugin,
  ): C {
    const serviceId = SERVICE_ID_OF.get(Client) ?? 'STS';
    const client = new Client({ ...this.baseConfig(region, credentials, serviceId), ...extra });
    client.middlewareStack.use(withoutSdkLogging);
    client.middlewareStack.use(plugin);
    client.middlewareStack.use(this.networkErrorPlugin(serviceId));
    return client;
  }

  sts(region: string, credentials?: Credentials): STSClient {
    return this.create(STSClient, region, credentials ?? this.env.baseCredentials);
  }

  organizations(region: string): OrganizationsClient {
    return this.create(OrganizationsClient, region, this.env.baseCredentials);
  }

  ec2(region: string, credentials: Credentials): EC2Client {
    return this.create(EC2Client, region, credentials);
  }

  s3(region: string, credentials: Credentials, plugin?: Pluggable<any, any>, extra: Record<string, unknown> = {}): S3Client {
    // Emulators on an IP address cannot serve virtual-hosted bucket names.
    const forcePathStyle = Boolean(this.endpointFor('S3', 'S3'));
    return this.create(S3Client, region, credentials, { forcePathStyle, followRegionRedirects: true, ...extra }, plugin);
  }

  s3control(region: string, credentials: Credentials, plugin?: Pluggable<any, any>, more: Record<string, unknown> = {}): S3ControlClient {
    const endpoint = this.endpointFor('S3 Control', 'S3_CONTROL');
    // S3 Control prefixes the host with the account id, which breaks on a loopback endpoint.
    const extra: Record<string, unknown> = endpoint
      ? { endpointProvider: () => ({ url: new URL(endpoint) }), disableHostPrefix: true, ...more }
      : more;
    return this.create(S3ControlClient, region, credentials, extra, plugin);
  }

  /** The clients of one unit, created on first use; `signal` (the unit's deadline) aborts their requests. */
  unitClients(
    accountId: string,
    region: string,
    credentials: Credentials,
    plugin: Pluggable<any, any> = this.plugin,
    signal?: AbortSignal,
  ): UnitClients {
    const handler = signal ? { requestHandler: abortableHandler(this.requestHandler, signal) } : {};
    const partition = partitionOf(region === 'global' ? (this.env.homeRegion ?? 'us-east-1') : region);
    const clientRegion = region === 'global' ? (this.env.homeRegion ?? homeRegionOf(partition)) : region;
    const cache = new Map<string, unknown>();
    const lazy = <C>(key: string, make: () => C): C => {
      let client = cache.get(key) as C | undefined;
      if (!client) {
        client = make();
        cache.set(key, client);
      }
      return client;
    };
    return {
      accountId,
      region: clientRegion,
      partition,
      ec2: () => lazy('ec2', () => this.create(EC2Client, clientRegion, credentials, handler, plugin)),
      rds: () => lazy('rds', () => this.create(RDSClient, clientRegion, credentials, handler, plugin)),
      cloudwatch: () => lazy('cloudwatch', () => this.create(CloudWatchClient, clientRegion, credentials, handler, plugin)),
      config: () => lazy('config', () => this.create(ConfigServiceClient, clientRegion, credentials, handler, plugin)),
      s3: (bucketRegion?: string) => {
        const r = bucketRegion ?? clientRegion;
        return lazy(`s3:${r}`, () => this.s3(r, credentials, plugin, handler));
      },
      s3control: () => lazy('s3control', () => this.s3control(clientRegion, credentials, plugin, handler)),
      iam: () => lazy('iam', () => this.create(IAMClient, clientRegion, credentials, handler, plugin)),
      elbv2: () => lazy('elbv2', () => this.create(ElasticLoadBalancingV2Client, clientRegion, credentials, handler, plugin)),
      elb: () => lazy('elb', () => this.create(ElasticLoadBalancingClient, clientRegion, credentials, handler, plugin)),
      logs: () => lazy('logs', () => this.create(CloudWatchLogsClient, clientRegion, credentials, handler, plugin)),
      eks: () => lazy('eks', () => this.create(EKSClient, clientRegion, credentials, handler, plugin)),
    };
  }
}
