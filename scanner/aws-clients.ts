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
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import type { UnitClients } from './collectors/clients.js';
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

export class AwsClientFactory {
  private readonly requestHandler;

  constructor(
    private readonly env: AwsEnvironment,
    /** Instrumentation for clients made outside a unit (STS, Organizations, region discovery). */
    private readonly plugin: Pluggable<any, any>,
    maxSockets: number,
  ) {
    this.requestHandler =
      env.requestHandler ??
      new NodeHttpHandler({
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
        connectionTimeout: 5_000,
        requestTimeout: 60_000,
      });
  }

  /** Attempts per call: the environment's, else AWS_MAX_ATTEMPTS, else 8 (adaptive retries ride out throttling). */
  get maxAttempts(): number {
    return this.env.maxAttempts ?? (Number(process.env.AWS_MAX_ATTEMPTS) || 8);
  }

  /** Client configuration shared by every client, for the STS client of fromTemporaryCredentials too. */
  baseConfig(region: string, credentials?: Credentials): Record<string, unknown> {
    const config: Record<string, unknown> = {
      region,
      maxAttempts: this.maxAttempts,
      retryMode: 'adaptive',
      requestHandler: this.requestHandler,
    };
    if (credentials) config.credentials = credentials;
    if (this.env.endpoint) config.endpoint = this.env.endpoint;
    return config;
  }

  create<C extends { middlewareStack: { use(p: Pluggable<any, any>): void } }>(
    Client: ClientClass<C>,
    region: string,
    credentials: Credentials | undefined,
    extra: Record<string, unknown> = {},
    plugin: Pluggable<any, any> = this.plugin,
  ): C {
    const client = new Client({ ...this.baseConfig(region, credentials), ...extra });
    client.middlewareStack.use(plugin);
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

  s3(region: string, credentials: Credentials, plugin?: Pluggable<any, any>): S3Client {
    // Emulators on an IP address cannot serve virtual-hosted bucket names.
    const forcePathStyle = Boolean(configuredEndpoint(this.env, 'S3'));
    return this.create(S3Client, region, credentials, { forcePathStyle, followRegionRedirects: true }, plugin);
  }

  s3control(region: string, credentials: Credentials, plugin?: Pluggable<any, any>): S3ControlClient {
    const endpoint = configuredEndpoint(this.env, 'S3_CONTROL');
    // S3 Control prefixes the host with the account id, which breaks on a loopback endpoint.
    const extra: Record<string, unknown> = endpoint
      ? { endpointProvider: () => ({ url: new URL(endpoint) }), disableHostPrefix: true }
      : {};
    return this.create(S3ControlClient, region, credentials, extra, plugin);
  }

  /** The clients of one unit, created on first use. */
  unitClients(accountId: string, region: string, credentials: Credentials, plugin: Pluggable<any, any> = this.plugin): UnitClients {
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
      ec2: () => lazy('ec2', () => this.create(EC2Client, clientRegion, credentials, {}, plugin)),
      rds: () => lazy('rds', () => this.create(RDSClient, clientRegion, credentials, {}, plugin)),
      cloudwatch: () => lazy('cloudwatch', () => this.create(CloudWatchClient, clientRegion, credentials, {}, plugin)),
      config: () => lazy('config', () => this.create(ConfigServiceClient, clientRegion, credentials, {}, plugin)),
      s3: (bucketRegion?: string) => {
        const r = bucketRegion ?? clientRegion;
        return lazy(`s3:${r}`, () => this.s3(r, credentials, plugin));
      },
      s3control: () => lazy('s3control', () => this.s3control(clientRegion, credentials, plugin)),
      iam: () => lazy('iam', () => this.create(IAMClient, clientRegion, credentials, {}, plugin)),
    };
  }
}
