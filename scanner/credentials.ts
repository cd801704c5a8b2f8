// One assumed-role credential provider per target account, cached and refreshed before expiry.
// The role name and ExternalId come from configuration; a caller never supplies a role ARN.
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { memoize } from '@smithy/property-provider';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Pluggable } from '@smithy/types';
import type { AwsClientFactory, Credentials } from './aws-clients.js';

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface AccountCredentialsOptions {
  roleName: string;
  externalId?: string | undefined;
  partition: string;
  homeRegion: string;
  scanId: string;
  baseCredentials?: Credentials | undefined;
  /** Use the base credentials for every account instead of assuming the role. */
  useBaseCredentials?: boolean | undefined;
}

export function roleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The session name CloudTrail shows for orgscan's calls: says orgscan and the scan. */
export function sessionName(scanId: string): string {
  return `orgscan-${scanId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export class AccountCredentials {
  private readonly providers = new Map<string, AwsCredentialIdentityProvider>();
  private readonly base: Credentials;

  constructor(
    private readonly factory: AwsClientFactory,
    private readonly plugin: Pluggable<any, any>,
    private readonly options: AccountCredentialsOptions,
  ) {
    this.base = options.baseCredentials ?? fromNodeProviderChain();
  }

  /** The scanner's own credentials (Organizations, and STS to assume member roles). */
  get baseCredentials(): Credentials {
    return this.base;
  }

  forAccount(accountId: string): AwsCredentialIdentityProvider {
    let provider = this.providers.get(accountId);
    if (!provider) {
      provider = this.options.useBaseCredentials ? this.baseProvider() : this.assumeRoleProvider(accountId);
      this.providers.set(accountId, provider);
    }
    return provider;
  }

  /** Forgets an account's provider (and its cached credentials) once its units are done. */
  release(accountId: string): void {
    this.providers.delete(accountId);
  }

  /** Accounts whose providers are held. */
  get held(): number {
    return this.providers.size;
  }

  private baseProvider(): AwsCredentialIdentityProvider {
    const base = this.base;
    return typeof base === 'function' ? base : async () => base;
  }

  private assumeRoleProvider(accountId: string): AwsCredentialIdentityProvider {
    const { roleName, externalId, partition, homeRegion, scanId } = this.options;
    const provider = fromTemporaryCredentials({
      params: {
        RoleArn: roleArn(partition, accountId, roleName),
        RoleSessionName: sessionName(scanId),
        DurationSeconds: 3600,
        ...(externalId ? { ExternalId: externalId } : {}),
      },
      masterCredentials: this.base,
      clientConfig: this.factory.baseConfig(homeRegion),
      clientPlugins: [this.plugin, this.factory.networkErrorPlugin('STS')],
    });
    return memoize(
      provider,
      (c: AwsCredentialIdentity) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_BEFORE_EXPIRY_MS,
      (c: AwsCredentialIdentity) => c.expiration !== undefined,
    );
  }
}
