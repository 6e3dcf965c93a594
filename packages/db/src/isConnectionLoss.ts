/**
 * True when an error means the database could not be reached or dropped the connection (the
 * server restarted, `pg_terminate_backend`, a network cut, a refused or timed-out connect),
 * rather than that the statement itself was refused. Such a failure is transient: the pool
 * makes new connections, so callers answer "unavailable, retry" (HTTP 503) and retry loops keep
 * going. Errors wrapped in `cause` or an AggregateError are looked through.
 */
export function isConnectionLoss(error: unknown): boolean {
  for (let depth = 0, current = error; depth < 5 && current; depth++) {
    if (current instanceof AggregateError && current.errors.some((inner) => isConnectionLoss(inner))) return true
    if (typeof current !== 'object') return false
    const { code, message } = current as { code?: unknown; message?: unknown }
    if (typeof code === 'string' && (lostSqlStates.has(code) || code.startsWith('08') || networkCodes.has(code)))
      return true
    if (typeof message === 'string' && lostMessages.some((pattern) => pattern.test(message))) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/** SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now (class 08 is tested apart). */
const lostSqlStates = new Set(['57P01', '57P02', '57P03'])
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])
/** node-postgres raises these as plain Errors, without a code. */
const lostMessages = [/^Connection terminated/, /is not queryable/, /^timeout exceeded when trying to connect$/]
