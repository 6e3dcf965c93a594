/**
 * The one SQL seam of the project. Everything that talks to PostgreSQL (the event store,
 * read models, the service kit's tables) goes through this interface, so the same code
 * runs on node-postgres against a real server and on PGlite embedded in the process.
 *
 * Type mapping is unified by the adapters: int8 -> number, timestamptz -> Date, jsonb -> value.
 */
export interface QueryResult<R> {
  rows: R[]
  rowCount: number
}

export interface QueryOptions {
  /**
   * Prepares the statement once per connection under this name and runs the prepared one from
   * then on (node-postgres): no parse and plan per call, for a few hot statements. PGlite has no
   * prepared statements and runs it unnamed. A name stands for one text on a client: the same
   * name with another text is refused (TypeError), never run with the first text's plan. The
   * server re-plans it after schema changes, but refuses it if its result columns change (a
   * function's return type): name only statements whose rows keep their shape.
   */
  readonly name?: string
}

export interface SqlExecutor {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>>
}

/** The executor handed to a transaction body; `exec` runs multi-statement scripts (migrations). */
export interface SqlTransaction extends SqlExecutor {
  exec(script: string): Promise<void>
}

export type SqlDialectName = 'postgres' | 'pglite'

export interface SqlClient extends SqlExecutor {
  readonly dialect: SqlDialectName
  /** Runs fn inside BEGIN/COMMIT; rolls back and rethrows on error. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>
  /** Runs a multi-statement script without parameters (migrations). */
  exec(script: string): Promise<void>
  close(): Promise<void>
}
