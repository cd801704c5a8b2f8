// SDK settings that every client would otherwise look up on its own. A client constructed without
// them reads the environment and the shared config files for each one (failed look-ups throw and
// catch errors with stack traces): ~5 % of a scan's CPU when clients are created per unit. Here
// they are read once per scan, with the SDK's own selectors, so environment variables and
// ~/.aws/config keep working exactly as they do for a plain client.
import { NODE_APP_ID_CONFIG_OPTIONS } from '@aws-sdk/core/client';
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import {
  CONFIG_PREFIX_SEPARATOR,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  SelectorType,
  booleanSelector,
  loadConfig,
} from '@smithy/core/config';
import type { EndpointOrigin } from './endpoint-errors.js';

/** Providers shared by every client of a scan (each is loaded once, on first use). */
export interface SharedSdkSettings {
  useFipsEndpoint: () => Promise<boolean>;
  useDualstackEndpoint: () => Promise<boolean>;
  userAgentAppId: () => Promise<string | undefined>;
  authSchemePreference: () => Promise<string[]>;
}

export function sharedSdkSettings(): SharedSdkSettings {
  return {
    useFipsEndpoint: loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS),
    useDualstackEndpoint: loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS),
    userAgentAppId: loadConfig(NODE_APP_ID_CONFIG_OPTIONS),
    authSchemePreference: loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS),
  };
}

// The SDK's service-specific endpoint configuration (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
// a profile's endpoint_url and its services section), as @smithy/core/endpoints reads it for
// every client; that reader is not exported, so its selectors are restated here.
const ignoreConfiguredEndpointUrls = {
  environmentVariableSelector: (env: Record<string, string | undefined>) =>
    booleanSelector(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', SelectorType.ENV),
  configFileSelector: (profile: Record<string, string | undefined>) =>
    booleanSelector(profile, 'ignore_configured_endpoint_urls', SelectorType.CONFIG),
  default: false,
};

function endpointUrlSelectors(serviceId: string) {
  return {
    environmentVariableSelector: (env: Record<string, string | undefined>) =>
      env[serviceEndpointVariable(serviceId)] || env.AWS_ENDPOINT_URL || undefined,
    configFileSelector: (profile: Record<string, string | undefined>, config?: Record<string, Record<string, string | undefined>>) => {
      if (profile.services) {
        const section = config?.[['services', profile.services].join(CONFIG_PREFIX_SEPARATOR)];
        if (!section) throw new Error(`The services section "${profile.services}" specified in the profile is not present in the shared configuration file.`);
        const url = section[[serviceId.split(' ').map((w) => w.toLowerCase()).join('_'), 'endpoint_url'].join(CONFIG_PREFIX_SEPARATOR)];
        if (url) return url;
      }
      return profile.endpoint_url || undefined;
    },
    default: undefined,
  };
}

/** The endpoint configured for an SDK service id ("EC2", "S3 Control" …) outside code, or undefined. */
export async function configuredEndpointUrl(serviceId: string): Promise<string | undefined> {
  if (await loadConfig(ignoreConfiguredEndpointUrls)()) return undefined;
  return loadConfig(endpointUrlSelectors(serviceId) as Parameters<typeof loadConfig<string | undefined>>[0])();
}

/** The variable that sets one service's endpoint: AWS_ENDPOINT_URL_EC2, AWS_ENDPOINT_URL_S3_CONTROL … */
export function serviceEndpointVariable(serviceId: string): string {
  return ['AWS_ENDPOINT_URL', ...serviceId.split(' ').map((w) => w.toUpperCase())].join('_');
}

/** The configured endpoint of a service and where it was set, for error messages. */
export async function configuredEndpointOrigin(serviceId: string, env: NodeJS.ProcessEnv = process.env): Promise<EndpointOrigin> {
  const url = await configuredEndpointUrl(serviceId);
  if (!url) return { url: undefined, source: "the SDK's default endpoint for the region" };
  const specific = serviceEndpointVariable(serviceId);
  if (env[specific]) return { url, source: specific };
  if (env.AWS_ENDPOINT_URL) return { url, source: 'AWS_ENDPOINT_URL' };
  return { url, source: 'the endpoint_url of the AWS config profile' };
}
