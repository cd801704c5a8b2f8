// Which store errors are worth retrying: the database was unreachable or went away (a restart, a
// fail-over, a killed connection), as opposed to a statement PostgreSQL rejects every time.

/** SQLSTATE classes and codes of a connection lost or refused, or a server not accepting work yet. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3]|40001|40P01)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
/** pg reports a dropped connection, a connect timeout or a query timeout without a code. */
const TRANSIENT_MESSAGE = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Query read timeout|Client was closed and is not queryable/i;

export function isTransientStoreError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  if (err instanceof AggregateError) return err.errors.some(isTransientStoreError);
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}
