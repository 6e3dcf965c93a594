import t from 'tap'
import { eventStoreContract, newEvent, uniqueStream } from '@gsr/event-store/testing'
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

  t.test('close returns promptly after reads that stop before the end of $all', async (t) => {
    const store = createEsdbEventStore(double.connectionString)
    const stream = uniqueStream('close')
    for (let i = 0; i < 5; i++) await store.appendToStream(stream, [newEvent(`E${i}`)])
    t.equal((await store.readAll({ maxCount: 1 })).length, 1)
    t.ok(await store.headPosition())
    let timer: NodeJS.Timeout | undefined
    const outcome = await Promise.race([
      store.close().then(() => 'closed'),
      new Promise((resolve) => (timer = setTimeout(() => resolve('still open after 5 s'), 5_000))),
    ]).finally(() => clearTimeout(timer))
    t.equal(outcome, 'closed')
  })
}
