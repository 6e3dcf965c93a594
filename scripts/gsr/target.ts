import { join, resolve } from 'node:path'
import type { KeyObject } from 'node:crypto'
import type { SqlClient } from '@gsr/db'
import type { EventStore } from '@gsr/event-store'
import { CliError } from './Command.ts'

/** The options every command that opens the store takes. */
export const targetOptions = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
} as const

export const targetHelp = `  --database-url <url>   PostgreSQL (default $DATABASE_URL, unless MODE=embedded; $DATABASE_SCHEMA
                         picks a schema); MODE=cluster with $EVENTSTORE_URL reads events from KurrentDB
  --data-dir <dir>       the embedded data folder (default $DATA_DIR, else ./.data/embedded); refused
                         while a server has it open (gsr.lock): stop the server first`

export interface Target {
  readonly sql: SqlClient
  readonly store: EventStore
  /** Where, for messages (no password). */
  readonly where: string
  /** The embedded data folder, when that is the target. */
  readonly dataDir?: string
  close(): Promise<void>
}

type Env = Record<string, string | undefined>

/**
 * Opens the database the arguments and environment name, as the server would, and migrates
 * the event store and its anchor tables (the chain migration included: see the event-store README).
 */
export async function openTarget(
  values: { 'database-url'?: string | boolean | undefined; 'data-dir'?: string | boolean | undefined },
  env: Env = process.env,
): Promise<Target> {
  const { createPgliteClient, createPostgresClient, DataFolderInUseError, runMigrations } = await import('@gsr/db')
  const { anchorMigrations, createPostgresEventStore, eventStoreMigrations } = await import('@gsr/event-store')
  const flagUrl = typeof values['database-url'] === 'string' ? values['database-url'] : undefined
  const databaseUrl = flagUrl ?? (env['MODE'] === 'embedded' ? undefined : env['DATABASE_URL'] || undefined)
  if (databaseUrl && typeof values['data-dir'] === 'string')
    throw new CliError('give either --database-url or --data-dir, not both', 2)
  let sql: SqlClient
  let where: string
  let dataDir: string | undefined
  if (databaseUrl) {
    const schema = env['DATABASE_SCHEMA'] || undefined
    sql = await createPostgresClient({ connectionString: databaseUrl, ...(schema ? { schema } : {}) })
    where = `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//')}${schema ? ` (schema ${schema})` : ''}`
  } else {
    dataDir = resolve(
      typeof values['data-dir'] === 'string' ? values['data-dir'] : env['DATA_DIR'] || './.data/embedded',
    )
    try {
      sql = await createPgliteClient({ dataDir: join(dataDir, 'pglite') })
    } catch (error) {
      if (error instanceof DataFolderInUseError)
        throw new CliError(`${error.message} (a running server holds it: npm start keeps the folder open)`)
      throw error
    }
    where = `embedded store ${dataDir}`
  }
  const eventStoreUrl = env['MODE'] === 'cluster' ? env['EVENTSTORE_URL'] || env['EVENT_STORE_URL'] : undefined
  try {
    await runMigrations(sql, [...(eventStoreUrl ? [] : eventStoreMigrations), ...anchorMigrations])
  } catch (error) {
    await sql.close()
    throw error
  }
  let store: EventStore
  if (eventStoreUrl) {
    const { createEsdbEventStore } = await import('@gsr/event-store-esdb')
    store = createEsdbEventStore(eventStoreUrl)
    where = `KurrentDB ${eventStoreUrl.replace(/\/\/[^@]*@/, '//')}, anchors in ${where}`
  } else {
    store = createPostgresEventStore(sql)
  }
  return {
    sql,
    store,
    where,
    ...(dataDir ? { dataDir } : {}),
    async close() {
      await store.close()
      await sql.close()
    },
  }
}

/** The anchor-signing key: ANCHOR_SIGNING_KEY, else the embedded folder's (made when `create`). */
export async function anchorKeyOf(target: Target, options: { create: boolean }, env: Env = process.env) {
  const { loadAnchorKey } = await import('@gsr/event-store')
  let key: KeyObject | undefined
  try {
    key = loadAnchorKey({
      configured: env['ANCHOR_SIGNING_KEY'] || undefined,
      ...(target.dataDir ? { dataDir: target.dataDir, create: options.create } : {}),
    })
  } catch (error) {
    throw new CliError(`ANCHOR_SIGNING_KEY: ${(error as Error).message}`)
  }
  return key
}
