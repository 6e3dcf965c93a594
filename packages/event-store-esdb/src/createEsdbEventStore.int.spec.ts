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

  t.test('a live subscription is one filtered server subscription, not polling', async (t) => {
    const store = createEsdbEventStore(double.connectionString)
    t.teardown(() => store.close())
    const head = await store.headPosition()
    const before = { ...double.calls }
    const controller = new AbortController()
    const subscription = store.subscribeToAll({ ...(head ? { after: head } : {}), signal: controller.signal })
    const iterator = subscription[Symbol.asyncIterator]()
    const stream = uniqueStream('live')
    const next = iterator.next()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    double.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected')
    await store.appendToStream(stream, [newEvent('Live')])
    t.equal((await next).value?.streamName, stream, 'the next event is ours: the system event never arrives')
    controller.abort()
    t.equal(double.calls.subscriptions - before.subscriptions, 1, 'one subscription')
    t.equal(double.calls.filteredSubscriptions - before.filteredSubscriptions, 1, 'filtered on the server')
    t.ok(double.calls.reads - before.reads <= 2, `no polling while idle (${double.calls.reads - before.reads} reads)`)
  })

  t.test('a slow subscriber holds the server back (backpressure)', async (t) => {
    const store = createEsdbEventStore(double.connectionString)
    t.teardown(() => store.close())
    const head = await store.headPosition()
    const stream = uniqueStream('slow')
    const total = 3_000
    const padding = 'x'.repeat(400)
    for (let i = 0; i < total; i += 100) {
      await store.appendToStream(
        stream,
        Array.from({ length: 100 }, (_, j) => newEvent('Bulk', { i: i + j, padding })),
      )
    }
    const sentBefore = double.calls.subscriptionEventsSent
    const controller = new AbortController()
    const subscription = store.subscribeToAll({
      ...(head ? { after: head } : {}),
      batchSize: 10,
      signal: controller.signal,
    })
    const iterator = subscription[Symbol.asyncIterator]()
    t.equal(((await iterator.next()).value?.data as { i: number }).i, 0)
    await new Promise((resolve) => setTimeout(resolve, 500))
    const sent = double.calls.subscriptionEventsSent - sentBefore
    t.ok(sent < total / 2, `the server sent ${sent} of ${total} events to a reader that took one`)
    controller.abort()
    await iterator.return?.()
  })

  t.test('connection loss: reads retry with backoff, a subscription resumes after its last event', async (t) => {
    const store = createEsdbEventStore(double.connectionString)
    t.teardown(() => store.close())
    const head = await store.headPosition()
    const stream = uniqueStream('lost')
    const controller = new AbortController()
    const subscription = store.subscribeToAll({ ...(head ? { after: head } : {}), signal: controller.signal })
    const iterator = subscription[Symbol.asyncIterator]()
    const first = newEvent('BeforeLoss')
    await store.appendToStream(stream, [first])
    t.equal((await iterator.next()).value?.id, first.id)

    const down = double.dropConnections(500)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const read = await store.readStream(stream)
    t.same(
      read.map((e) => e.id),
      [first.id],
      'a read while the node is down succeeds once it is back',
    )
    await down
    const second = newEvent('AfterLoss')
    await store.appendToStream(stream, [second])
    t.equal((await iterator.next()).value?.id, second.id, 'the subscription resumed, nothing twice')
    controller.abort()
    await iterator.return?.()
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
