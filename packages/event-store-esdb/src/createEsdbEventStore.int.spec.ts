import t from 'tap'
import { eventStoreContract } from '@gsr/event-store/testing'
import { createEsdbEventStore } from './createEsdbEventStore.ts'

/** Runs only against a server: set GSR_TEST_ESDB_URL (see infra/eventstoredb/README.md). */
const url = process.env.GSR_TEST_ESDB_URL
if (!url) {
  t.pass('GSR_TEST_ESDB_URL not set: EventStoreDB contract skipped', { skip: true })
} else {
  t.test('eventstoredb', async (t) => {
    eventStoreContract(t, () => createEsdbEventStore(url), {
      eventIdsUniqueAcrossStreams: false,
      reportsReplays: false,
    })
  })
}
