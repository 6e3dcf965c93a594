import type { SqlClient } from '@gsr/db'
import { createPostgresEventStore, type EventStore } from '@gsr/event-store'
import type { KitConfig } from '@gsr/http-kit'

/** Loaded only in cluster mode, so the other modes never touch the gRPC client. */
const esdbPackage = '@gsr/event-store-esdb'

/**
 * Embedded and single-server modes keep events in the same database as the read models; the
 * cluster mode appends to KurrentDB/EventStoreDB at EVENTSTORE_URL.
 */
export async function openEventStore(config: KitConfig, sql: SqlClient): Promise<EventStore> {
  // PGlite has one connection: concurrent appends queue behind each other, so group them into
  // one transaction (measured ~3x at 32 writers). PostgreSQL already groups WAL flushes itself.
  if (config.mode !== 'cluster') return createPostgresEventStore(sql, { groupCommit: sql.dialect === 'pglite' })
  if (!config.eventStoreUrl) throw new Error('EVENTSTORE_URL is required when MODE=cluster')
  const adapter = (await import(esdbPackage)) as { createEsdbEventStore: (url: string) => EventStore }
  return adapter.createEsdbEventStore(config.eventStoreUrl)
}
