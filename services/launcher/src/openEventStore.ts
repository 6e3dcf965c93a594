import type { SqlClient } from '@gsr/db'
import { createPostgresEventStore, type EventStore } from '@gsr/event-store'
import type { KitConfig } from '@gsr/http-kit'
import type * as EsdbAdapter from '@gsr/event-store-esdb'

/** Loaded only in cluster mode, so the other modes never touch the gRPC client. */
const esdbPackage = '@gsr/event-store-esdb'

/**
 * A request waits at most 5 s for an unreachable node (a leader election takes a few seconds),
 * then answers 503 with Retry-After; the projector's subscription keeps retrying for ever.
 */
export const requestRetryPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, giveUpAfterMs: 5_000 }

/**
 * Embedded and single-server modes keep events in the same database as the read models; the
 * cluster mode appends to KurrentDB/EventStoreDB at EVENTSTORE_URL.
 */
export async function openEventStore(config: KitConfig, sql: SqlClient): Promise<EventStore> {
  // The store's defaults: concurrent appends share statements and commits (adaptive group
  // commit: several groups in flight on PostgreSQL, one on PGlite, a lone append goes alone).
  if (config.mode !== 'cluster') return createPostgresEventStore(sql)
  if (!config.eventStoreUrl) throw new Error('EVENTSTORE_URL is required when MODE=cluster')
  const adapter = (await import(esdbPackage)) as typeof EsdbAdapter
  return adapter.createEsdbEventStore(config.eventStoreUrl, { retry: requestRetryPolicy })
}
