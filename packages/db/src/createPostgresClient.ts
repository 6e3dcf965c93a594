import pg from 'pg'
import type { QueryOptions, QueryResult, SqlClient, SqlTransaction } from './SqlClient.ts'
import { isConnectionLoss } from './isConnectionLoss.ts'
import { statementNames } from './statementNames.ts'

const INT8_OID = 20
const NUMERIC_OID = 1700

export interface PostgresClientOptions {
  connectionString: string
  /** Schema to use as search_path (created if missing); isolates tests and tenants. */
  schema?: string
  maxConnections?: number
  /** How long a query may wait for a connection (a new one, or a free one of the pool); default 5 s. */
  connectTimeoutMs?: number
  /**
   * How long one of our transactions may sit idle between statements before the server ends its
   * connection (rolling it back); default 60 s. Readers of the event store wait for every open
   * write transaction on the server, so a process of ours frozen or cut off mid-transaction would
   * otherwise stall every reader until TCP gives up (hours). Our transactions are idle only while
   * Node works between two statements.
   */
  idleInTransactionTimeoutMs?: number
}

/** Parses int8 as a JS number, like PGlite does; values beyond 2^53 are not expected here. */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === INT8_OID) return (value: string) => Number(value)
    if (oid === NUMERIC_OID) return (value: string) => Number(value)
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format)
  },
} as pg.CustomTypesConfig

export async function createPostgresClient(options: PostgresClientOptions): Promise<SqlClient> {
  if (options.schema) {
    const bootstrap = new pg.Client({ connectionString: options.connectionString })
    await bootstrap.connect()
    try {
      await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`)
    } finally {
      await bootstrap.end()
    }
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    // Idle connections are kept (the pool stays bounded by max): a new one costs a backend
    // fork and re-planning every PL/pgSQL function on first use, milliseconds that land on
    // the request that happens to need it (measured: the pre-fill check's p99 at 500 checks/s
    // fell from 7-18 ms to 4.7 ms when the pool stopped closing connections after 10 s idle).
    // allowExitOnIdle: idle connections do not keep a process alive that is otherwise done.
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    // Without a bound, a request waits for ever on an unreachable server instead of failing
    // (and being answered 503) so the caller can retry.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    types,
    options: [
      `-c idle_in_transaction_session_timeout=${options.idleInTransactionTimeoutMs ?? 60_000}`,
      ...(options.schema ? [`-c search_path=${quoteIdentifier(options.schema)}`] : []),
    ].join(' '),
  })
  // An idle client's connection error must not crash the process; the pool replaces it.
  pool.on('error', () => {})
  // A client checked out for a transaction has no listener of the pool's: the server ending
  // the connection between two statements (a restart, pg_terminate_backend) would emit an
  // unhandled 'error' and kill the process. The failure reaches the transaction through its
  // next query instead; the client is then discarded, not returned to the pool.
  const ignoreConnectionError = () => {}

  const checkName = statementNames()
  const run = async <R>(
    executor: pg.Pool | pg.PoolClient,
    text: string,
    params?: readonly unknown[],
    queryOptions?: QueryOptions,
  ) => {
    const name = queryOptions?.name
    if (name !== undefined) checkName(name, text)
    const values = params as unknown[] | undefined
    const result = await (name === undefined
      ? executor.query(text, values)
      : executor.query({ name, text, values: values ?? [] }))
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 } satisfies QueryResult<R>
  }

  return {
    dialect: 'postgres',
    query: (text, params, queryOptions) => run(pool, text, params, queryOptions),
    async transaction(fn) {
      const client = await pool.connect()
      client.on('error', ignoreConnectionError)
      let broken: Error | undefined
      const tx: SqlTransaction = {
        query: (text, params, queryOptions) => run(client, text, params, queryOptions),
        // Without parameters node-postgres uses the simple protocol, which runs several statements.
        exec: async (script) => {
          await client.query(script)
        },
      }
      try {
        await client.query('BEGIN')
        const result = await fn(tx)
        await client.query('COMMIT')
        return result
      } catch (error) {
        if (isConnectionLoss(error)) {
          broken = error instanceof Error ? error : new Error(String(error))
        } else {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
          })
        }
        throw error
      } finally {
        client.removeListener('error', ignoreConnectionError)
        client.release(broken)
      }
    },
    async exec(script) {
      await pool.query(script)
    },
    async close() {
      await pool.end()
    },
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
