// What the service container gets: its configuration file, its command, its health check.
import { parseConfig } from '../scanner/config.js';
import type { DeploySettings } from './settings.js';

export const CONTAINER_PORT = 8080;
export const DATA_DIR = '/data';
/** Stands in for "no API token yet": the SHA-256 of no known token. Operators replace it (see the README, "Deploy to AWS"). */
export const LOCKED_API_TOKENS = `reader:${'0'.repeat(64)}`;

/** The service's configuration file, validated against orgscan's own schema at synth time. */
export function serviceConfig(settings: DeploySettings): Record<string, unknown> {
  const config: Record<string, unknown> = {
    organization: true,
    roleName: settings.roleName,
    externalId: settings.externalId,
    ...(settings.scanRegions ? { regions: settings.scanRegions } : {}),
    ...(settings.mailTo && settings.mailFrom
      ? { mail: { from: settings.mailFrom, to: settings.mailTo, ...(settings.reportBaseUrl ? { reportBaseUrl: settings.reportBaseUrl } : {}) } }
      : {}),
  };
  parseConfig(config, 'generated service configuration');
  return config;
}

/**
 * The container's command: write the config to the data volume, assemble DATABASE_URL from the injected
 * secret fields (the generated password has no character that needs escaping), start the server.
 */
export function serviceCommand(): string[] {
  const script = [
    'set -eu',
    'config="$ORGSCAN_DATA_DIR/orgscan.config.json"',
    `printf '%s' "$ORGSCAN_CONFIG_JSON" > "$config"`,
    // $VAR rather than ${VAR}: CloudFormation's linter reads ${...} as an unsubstituted Fn::Sub parameter.
    'DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@$DB_HOST:$DB_PORT/$DB_NAME?sslmode=verify-full"',
    'export DATABASE_URL',
    `exec node dist/cli/index.js serve --host 0.0.0.0 --port ${CONTAINER_PORT} --data-dir "$ORGSCAN_DATA_DIR" --config "$config"`,
  ].join('\n');
  return ['sh', '-c', script];
}

/** The same probe as the Dockerfile's HEALTHCHECK: slim images have no curl. */
export function healthCheckCommand(): string[] {
  return ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${CONTAINER_PORT}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`];
}
