import { ConfigError } from '../scanner/config.js';
import { UsageError } from '../scanner/validation.js';
import { UnknownCheckError } from '../checks/index.js';
import { SuppressionRuleError } from '../scanner/suppressions.js';
import { TimeoutConfigError } from '../scanner/timeouts.js';

/** Exit code 2 for bad usage or configuration, 1 for anything else; a one-line message, no stack. */
export function exitWithError(err: unknown): never {
  const usage =
    err instanceof UsageError ||
    err instanceof ConfigError ||
    err instanceof UnknownCheckError ||
    err instanceof SuppressionRuleError ||
    err instanceof TimeoutConfigError;
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`orgscan: ${message}\n`);
  if (!usage && process.env.ORGSCAN_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
  process.exit(usage ? 2 : 1);
}
