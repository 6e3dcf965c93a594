import type { Test } from 'tap'
import { runMigrations } from '@gsr/db'
import type { TestDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations, type EventStore } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { awaitVisibleAppends } from '../awaitVisibleAppends.ts'
import { equipmentProjections } from '../index.ts'

export interface EquipmentTestStore {
  readonly store: EventStore
  /** Waits until every append so far is visible to readers, then brings the registers up to date. */
  catchUp(): Promise<void>
  rebuild(name: string): Promise<void>
}

/**
 * For int tests: the PostgreSQL event store on a test database (closed at teardown) and the
 * equipment registers (migrated), caught up on demand.
 */
export async function equipmentTestStore(t: Test, db: TestDatabase): Promise<EquipmentTestStore> {
  await runMigrations(db.client, eventStoreMigrations)
  const tracked = awaitVisibleAppends(createPostgresEventStore(db.client, { pollIntervalMs: 20 }))
  t.teardown(() => tracked.store.close())
  const projections = createProjectionRunner({
    store: tracked.store,
    sql: db.client,
    projections: equipmentProjections,
  })
  await projections.migrate()
  return {
    store: tracked.store,
    catchUp: async () => {
      await tracked.visible()
      await projections.catchUp()
    },
    rebuild: async (name) => {
      await projections.rebuild(name)
    },
  }
}
