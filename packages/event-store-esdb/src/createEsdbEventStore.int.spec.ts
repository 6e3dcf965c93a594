import t from 'tap'
import { eventStoreContract } from '@gsr/event-store/testing'
import { createEsdbEventStore } from './createEsdbEventStore.ts'
import { startEsdbTestDouble } from './testing/esdbTestDouble.ts'

/**
 * The event-store contract on the EventStoreDB adapter: against a real server when
 * GSR_TEST_ESDB_URL names one (see infra/eventstoredb/README.md), otherwise against the
 * in-process protocol test double on loopback, so every `npm test` runs it.
 */
const url = process.env.GSR_TEST_ESDB_URL
const contractOptions = { eventIdsUniqueAcrossStreams: false, reportsReplays: false }

if (url) {
  t.test('eventstoredb server', async (t) => {
    eventStoreContract(t, () => createEsdbEventStore(url), contractOptions)
  })
} else {
  // The node writes its own events between ours, as a real one does on its stats timer.
  const double = await startEsdbTestDouble({ statsEveryAppends: 3 })
  t.teardown(() => double.close())
  t.test('eventstoredb test double', async (t) => {
    eventStoreContract(t, () => createEsdbEventStore(double.connectionString), contractOptions)
  })
}
