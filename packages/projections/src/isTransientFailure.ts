/**
 * SQLSTATE classes and codes of failures no event causes: the connection, the server, a
 * concurrent transaction, or the projection's own schema and SQL. A batch failing with one of
 * them is retried for ever and never quarantines an event.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const transientClasses = new Set([
  '08', // connection exception
  '40', // transaction rollback: serialization failure, deadlock
  '42', // syntax error or access rule violation: a missing table or privilege, whatever the event
  '53', // insufficient resources: disk full, out of memory, too many connections
  '57', // operator intervention: admin shutdown, cannot connect now, query canceled (statement timeout)
  '58', // system error (I/O)
  'XX', // internal error
])
const transientCodes = new Set([
  '55P03', // lock not available (lock_timeout)
  '55006', // object in use
  '3D000', // invalid catalog name: the database is gone
  '3F000', // invalid schema name
])

/** Node's socket errors, and what node-postgres says when it loses or cannot get a connection. */
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
])
const connectionMessages =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|terminating connection|server closed the connection|connection refused|socket hang up|pool .*ended|database system is (starting up|shutting down)/i

/**
 * True when the failure cannot be the event's fault (see the lists above), looking through
 * `cause` chains. Anything else (a data exception such as a date out of range, a constraint, an
 * exception thrown by the projection's code) may be the event's: the runner then applies the
 * event alone, probes the database, and quarantines it only if it keeps failing alone.
 */
export function isTransientFailure(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (typeof code === 'string') {
      if (networkCodes.has(code) || transientCodes.has(code)) return true
      if (/^[0-9A-Z]{5}$/.test(code) && transientClasses.has(code.slice(0, 2))) return true
    }
    if (typeof message === 'string' && connectionMessages.test(message)) return true
    current = cause
  }
  return false
}
