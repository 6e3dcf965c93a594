import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import type { QueryOptions, QueryResult, SqlClient, SqlTransaction } from './SqlClient.ts'
import { lockDataFolder } from './lockDataFolder.ts'
import { statementNames } from './statementNames.ts'

export interface PgliteClientOptions {
  /** Folder holding the database files; omit for an in-memory database. */
  dataDir?: string
  /**
   * PostgreSQL's `shared_buffers` (PGlite's default: 128MB). The WebAssembly heap holds them,
   * and it never shrinks: a long-running server with a small store may want less.
   */
  sharedBuffers?: string
  /**
   * Creates a new data folder (PGlite's initdb) in a child process, then opens it here. The
   * creation grows the WebAssembly heap to ~600 MB, which this process would keep for its
   * whole life; opened afterwards it stays at its working size. Costs a Node start, once.
   */
  createInChildProcess?: boolean
}

/** PGlite's own start parameters (its defaultStartParams), with shared_buffers set. */
function startParams(sharedBuffers: string): string[] {
  return [
    ...['--single', '-F', '-O', '-j', '-c', 'search_path=public', '-c', 'exit_on_error=false'],
    ...['-c', 'log_checkpoints=false', '-c', 'max_worker_processes=0', '-c', 'max_parallel_workers=0'],
    ...['-c', 'max_parallel_workers_per_gather=0', '-c', 'io_method=sync', '-c', 'max_parallel_maintenance_workers=0'],
    ...['-c', `shared_buffers=${sharedBuffers}`],
  ]
}

/** Runs PGlite's creation of a data folder in a child process, which then exits. */
async function createDataFolderApart(dataDir: string): Promise<void> {
  const script = [
    'const { PGlite } = await import(process.argv[1])',
    'const db = new PGlite(process.argv[2])',
    'await db.waitReady',
    'await db.close()',
  ].join('\n')
  await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script, import.meta.resolve('@electric-sql/pglite'), dataDir],
    { maxBuffer: 16 * 1024 * 1024 },
  )
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
    const created = !existsSync(join(options.dataDir, 'PG_VERSION'))
    if (created && options.createInChildProcess) await createDataFolderApart(options.dataDir)
    const pgliteOptions: PGliteOptions = options.sharedBuffers
      ? { startParams: startParams(options.sharedBuffers) }
      : {}
    const db = new PGlite(options.dataDir, pgliteOptions)
    await db.waitReady
    // PGlite unpacks its initial files world-readable (0666); files it makes later follow the
    // umask. Once, when it made the folder (a walk of its ~1,000 files costs ~0.2 s a start).
    if (created) makePrivate(options.dataDir)
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
  // PGlite prepares nothing: a name is only checked (the same code runs on node-postgres).
  const checkName = statementNames()
  const run = async <R>(
    executor: Pick<PGlite, 'query'>,
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<R>> => {
    if (options?.name !== undefined) checkName(options.name, text)
    const result = await executor.query<R>(text, params as unknown[] | undefined)
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length }
  }
  return {
    dialect: 'pglite',
    query: (text, params, queryOptions) => run(db, text, params, queryOptions),
    transaction: (fn) =>
      db.transaction(async (raw) => {
        const tx: SqlTransaction = {
          query: (text, params, queryOptions) => run(raw, text, params, queryOptions),
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
