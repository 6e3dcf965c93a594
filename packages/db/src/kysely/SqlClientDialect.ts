import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult as KyselyQueryResult,
  type TransactionSettings,
} from 'kysely'
import type { SqlClient, SqlExecutor } from '../SqlClient.ts'

/**
 * A kysely dialect whose queries run on our SqlClient seam (pg pool or PGlite) or on an
 * executor already inside a transaction (the `tx` a projection's `apply` receives). SQL is
 * compiled by kysely's PostgreSQL compiler: both backends speak the same SQL.
 *
 * Transactions: on a SqlClient, `db.transaction()` runs inside `client.transaction` (so
 * PGlite's own transaction queue and pg's pooled connection are used as they expect); on a
 * bare executor, which is already inside a transaction, it becomes a savepoint.
 * `kysely.destroy()` does not close the SqlClient: whoever opened it closes it.
 */
export class SqlClientDialect implements Dialect {
  constructor(private readonly executor: SqlExecutor | SqlClient) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new SqlClientDriver(this.executor)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }
}

export function isSqlClient(executor: SqlExecutor | SqlClient): executor is SqlClient {
  return typeof (executor as Partial<SqlClient>).transaction === 'function'
}

const affectingKinds = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'])
const affectingRawSql = /^\s*(insert|update|delete|merge)\b/i

/** Like kysely's own PostgreSQL driver: affected rows for writes, also written as raw `sql`. */
function reportsAffectedRows(compiled: CompiledQuery): boolean {
  return (
    affectingKinds.has(compiled.query.kind) || (compiled.query.kind === 'RawNode' && affectingRawSql.test(compiled.sql))
  )
}

/** Thrown into client.transaction's callback to make it roll back; never escapes. */
const rollbackSignal = Symbol('rollback')

interface OpenTransaction {
  readonly tx: SqlExecutor
  /** Lets the client.transaction callback return (commit) or throw (rollback), then awaits it. */
  finish(commit: boolean): Promise<void>
}

let savepointCounter = 0

class SqlClientConnection implements DatabaseConnection {
  #open: OpenTransaction | undefined
  /** Savepoints standing in for transactions on a bare executor. */
  #savepoint: string | undefined

  constructor(readonly executor: SqlExecutor | SqlClient) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<KyselyQueryResult<R>> {
    const target = this.#open?.tx ?? this.executor
    const result = await target.query<R>(compiled.sql, compiled.parameters)
    return {
      rows: result.rows,
      ...(reportsAffectedRows(compiled) ? { numAffectedRows: BigInt(result.rowCount) } : {}),
    }
  }

  /** No server-side cursor on the seam: runs the query, then hands its rows out in chunks. */
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 100): AsyncIterableIterator<KyselyQueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled)
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) }
  }

  async begin(settings: TransactionSettings): Promise<void> {
    if (this.#open || this.#savepoint) throw new Error('a transaction is already open on this connection')
    const executor = this.executor
    if (!isSqlClient(executor)) {
      this.#savepoint = `kysely_tx_${++savepointCounter}`
      await executor.query(`SAVEPOINT ${this.#savepoint}`)
      return
    }
    let started!: (tx: SqlExecutor) => void
    let decide!: (commit: boolean) => void
    const ready = new Promise<SqlExecutor>((resolve) => (started = resolve))
    const decision = new Promise<boolean>((resolve) => (decide = resolve))
    const done = executor.transaction(async (tx) => {
      started(tx)
      if (!(await decision)) throw rollbackSignal
    })
    // If BEGIN itself fails, `done` rejects before the callback ever runs.
    const tx = await Promise.race([
      ready,
      done.then(
        () => Promise.reject(new Error('transaction ended before it began')),
        (error: unknown) => Promise.reject(error),
      ),
    ])
    this.#open = {
      tx,
      async finish(commit) {
        decide(commit)
        try {
          await done
        } catch (error) {
          if (error !== rollbackSignal) throw error
        }
      },
    }
    if (settings.isolationLevel || settings.accessMode) {
      const parts = ['SET TRANSACTION']
      if (settings.isolationLevel) parts.push(`ISOLATION LEVEL ${settings.isolationLevel}`)
      if (settings.accessMode) parts.push(settings.accessMode)
      await tx.query(parts.join(' '))
    }
  }

  async end(commit: boolean): Promise<void> {
    if (this.#savepoint) {
      const name = this.#savepoint
      this.#savepoint = undefined
      if (!commit) await this.executor.query(`ROLLBACK TO SAVEPOINT ${name}`)
      await this.executor.query(`RELEASE SAVEPOINT ${name}`)
      return
    }
    const open = this.#open
    if (!open) throw new Error('no transaction is open on this connection')
    this.#open = undefined
    await open.finish(commit)
  }
}

class SqlClientDriver implements Driver {
  constructor(private readonly executor: SqlExecutor | SqlClient) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // Cheap: a connection is a view on the executor; pooling is the SqlClient's business.
    return new SqlClientConnection(this.executor)
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await (connection as SqlClientConnection).begin(settings)
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SqlClientConnection).end(true)
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as SqlClientConnection).end(false)
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`SAVEPOINT ${quoteSavepoint(name)}`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`ROLLBACK TO SAVEPOINT ${quoteSavepoint(name)}`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`RELEASE SAVEPOINT ${quoteSavepoint(name)}`))
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}

function quoteSavepoint(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
