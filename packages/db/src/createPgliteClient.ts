import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import type { QueryResult, SqlClient, SqlTransaction } from './SqlClient.ts'

export interface PgliteClientOptions {
  /** Folder holding the database files; omit for an in-memory database. */
  dataDir?: string
}

/**
 * PGlite is one connection: it serialises transactions itself, and queries issued outside a
 * transaction wait for a running one to finish. That is why the same SQL is correct here.
 */
export async function createPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const db = options.dataDir ? new PGlite(options.dataDir) : new PGlite()
  await db.waitReady
  return wrapPglite(db)
}

export function wrapPglite(db: PGlite): SqlClient {
  const run = async <R>(
    executor: Pick<PGlite, 'query'>,
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>> => {
    const result = await executor.query<R>(text, params as unknown[] | undefined)
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
  }
  return {
    dialect: 'pglite',
    query: (text, params) => run(db, text, params),
    transaction: (fn) =>
      db.transaction(async (raw) => {
        const tx: SqlTransaction = {
          query: (text, params) => run(raw, text, params),
          exec: async (script) => {
            await raw.exec(script)
          },
        }
        return fn(tx)
      }),
    async exec(script) {
      await db.exec(script)
    },
    async close() {
      if (!db.closed) await db.close()
    },
  }
}
