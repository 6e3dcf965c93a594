import type { Test } from 'tap'
import { forEachDatabase, openTestPglite, type TestDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, type EventStore } from '@gsr/event-store'
import { createEsdbEventStore } from '@gsr/event-store-esdb'
import { startEsdbTestDouble } from '@gsr/event-store-esdb/testing'

/**
 * Runs a projection suite on every event store: the PostgreSQL store on each test database
 * (`forEachDatabase`), and the EventStoreDB adapter talking to the in-process gRPC test double,
 * with the read models and checkpoints on a fresh PGlite. Not exported from the testing index:
 * only specs that mean to pay for a gRPC server import it.
 */
export function forEachEventStore(
  t: Test,
  suite: (t: Test, db: TestDatabase, store: EventStore) => Promise<void>,
): void {
  forEachDatabase(t, async (t, db) => {
    const store = createPostgresEventStore(db.client)
    t.teardown(() => store.close())
    await suite(t, db, store)
  })
  t.test('eventstoredb test double', async (sub) => {
    const pglite = await openTestPglite()
    // The node writes its own events between ours, as a real one does on its stats timer.
    const double = await startEsdbTestDouble({ statsEveryAppends: 7 })
    const store = createEsdbEventStore(double.connectionString)
    sub.teardown(async () => {
      await store.close()
      await double.close()
      await pglite.dispose()
    })
    await suite(sub, { name: 'pglite', client: pglite.client }, store)
  })
}
