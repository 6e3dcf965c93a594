import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { QueryResult, SqlClient, SqlTransaction } from './SqlClient.ts'
import { lockDataFolder } from './lockDataFolder.ts'

export interface PgliteClientOptions {
  /** Folder holding the database files; omit for an in-memory database. */
  dataDir?: string
}

/**
 * PGlite is one connection: it serialises transactions itself, and queries issued outside a
 * transaction wait for a running one to finish. That is why the same SQL is correct here.
 */
export async function createPgliteClient(options: PgliteClientOptions = {}): Promise<SqlClient> {
  if (!options.dataDir) {
    const db = new PGlite()
    await db.waitReady
    return wrapPglite(db)
  }
  // The store's files are the registry's records: readable by this user alone.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  chmodSync(options.dataDir, 0o700)
  // One process at a time: PGlite takes no lock of its own, and a second process on the folder
  // would see only its own writes and lose them (or the first's) at the next start.
  const lock = lockDataFolder(options.dataDir)
  try {
    const db = new PGlite(options.dataDir)
    await db.waitReady
    // PGlite unpacks its initial files world-readable (0666); files it makes later follow the umask.
    makePrivate(options.dataDir)
    const client = wrapPglite(db)
    return {
      ...client,
      async close() {
        try {
          await client.close()
        } finally {
          lock.release()
        }
      },
    }
  } catch (error) {
    lock.release()
    throw error
  }
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

/** Takes group and other permissions off every entry of the tree. */
function makePrivate(dir: string): void {
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const path = join(dir, name)
    const { mode } = statSync(path)
    if (mode & 0o077) chmodSync(path, mode & 0o700)
  }
}
