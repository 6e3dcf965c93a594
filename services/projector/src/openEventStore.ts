import { createPostgresClient, runMigrations, type SqlClient } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations, type EventStore } from '@gsr/event-store'
import type { ProjectorConfig } from './loadProjectorConfig.ts'

export interface OpenedEventStore {
  readonly store: EventStore
  close(): Promise<void>
}

/** Resolved at run time so the projector runs without the adapter in PostgreSQL modes. */
const esdbPackage = '@gsr/event-store-esdb'

/**
 * The event store the config names: the read-model database itself (single server), another
 * PostgreSQL, or KurrentDB/EventStoreDB (cluster mode, adapter `createEsdbEventStore`).
 */
export async function openEventStore(config: ProjectorConfig, readModels: SqlClient): Promise<OpenedEventStore> {
  if (config.eventStoreKind === 'esdb') {
    const adapter = (await import(esdbPackage)) as {
      createEsdbEventStore?: (connectionString: string) => EventStore | Promise<EventStore>
    }
    if (!adapter.createEsdbEventStore) throw new Error(`${esdbPackage} does not export createEsdbEventStore`)
    const store = await adapter.createEsdbEventStore(config.eventStoreUrl)
    return { store, close: () => store.close() }
  }
  const sameDatabase = config.eventStoreUrl === config.databaseUrl
  const sql = sameDatabase ? readModels : await createPostgresClient({ connectionString: config.eventStoreUrl })
  // Idempotent: whichever process starts first creates the tables.
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  return {
    store,
    async close() {
      await store.close()
      if (!sameDatabase) await sql.close()
    },
  }
}
