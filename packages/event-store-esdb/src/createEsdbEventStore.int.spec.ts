import t, { type Test } from 'tap'
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@gsr/event-store'
import { eventStoreContract, newEvent, readAllUntil, uniqueStream } from '@gsr/event-store/testing'
import { createEsdbEventStore } from './createEsdbEventStore.ts'
import { startEsdbTestDouble } from './testing/esdbTestDouble.ts'

/**
 * The event-store contract on the EventStoreDB adapter: against a real server when
 * GSR_TEST_ESDB_URL names one (see infra/eventstoredb/README.md), otherwise against the
 * in-process protocol test double on loopback, so every `npm test` runs it.
 */
const url = process.env.GSR_TEST_ESDB_URL
const contractOptions = { eventIdsUniqueAcrossStreams: false, reportsReplays: false }

/**
 * What `waitFor(position)` of the projections and read-your-writes of the HTTP layer rely on:
 * an append reports the position of its last event as `$all` reads and subscriptions report
 * it, for one event and for several, written or replayed (the server's answer, not a read).
 */
async function appendReportsItsLastEventsPosition(t: Test, store: EventStore) {
  const start = await store.headPosition()
  const stream = uniqueStream('positions')
  const other = uniqueStream('positions')
  const one = [newEvent('One')]
  const three = [newEvent('A'), newEvent('B', { padding: 'x'.repeat(300) }), newEvent('C')]
  const two = [newEvent('D'), newEvent('E')]
  const created = [newEvent('F'), newEvent('G')]
  const appends: [string, readonly NewEvent[], Promise<AppendResult>][] = []
  const append = async (
    label: string,
    streamName: string,
    events: readonly NewEvent[],
    expectedRevision?: number | 'no_stream',
  ) => {
    const result = store.appendToStream(streamName, events, expectedRevision === undefined ? {} : { expectedRevision })
    appends.push([label, events, result])
    await result
  }
  await append('no_stream, one event', stream, one, 'no_stream')
  await append('an exact revision, three events', stream, three, 0)
  await append('any, two events', stream, two)
  await append('no_stream, two events', other, created, 'no_stream')
  await append('a replay with the exact revision', stream, three, 0)
  await append('a replay with any', stream, two)
  await append('a replay with no_stream, the stream moved on', stream, one, 'no_stream')
  await append('a replay of two events with no_stream', other, created, 'no_stream')
  const ours = (events: readonly RecordedEvent[]) =>
    events.filter((e) => e.streamName === stream || e.streamName === other)
  const all = ours(await readAllUntil(store, start ? { after: start } : {}, (events) => ours(events).length >= 8))
  t.equal(all.length, 8, 'each event recorded once')
  const controller = new AbortController()
  const subscribed: RecordedEvent[] = []
  for await (const event of store.subscribeToAll({ ...(start ? { after: start } : {}), signal: controller.signal })) {
    subscribed.push(...ours([event]))
    if (subscribed.length === all.length) break
  }
  controller.abort()
  const byId = (events: readonly RecordedEvent[]) => new Map(events.map((e) => [e.id, e]))
  const [read, delivered] = [byId(all), byId(subscribed)]
  for (const [label, events, result] of appends) {
    const last = events.at(-1)!.id
    const { nextExpectedRevision, position } = await result
    t.same([nextExpectedRevision, position], [read.get(last)?.revision, read.get(last)?.position], `${label}: readAll`)
    t.same(position, delivered.get(last)?.position, `${label}: the subscription`)
  }
}

if (url) {
  t.test('eventstoredb server', async (t) => {
    eventStoreContract(t, () => createEsdbEventStore(url), contractOptions)
  })
  t.test('an append reports the position of its last event', async (t) => {
    const store = createEsdbEventStore(url)
    t.teardown(() => store.close())
    await appendReportsItsLastEventsPosition(t, store)
  })
} else {
  // The node writes its own events between ours, as a real one does on its stats timer.
  const double = await startEsdbTestDouble({ statsEveryAppends: 3 })
  t.teardown(() => double.close())
  t.test('eventstoredb test double', async (t) => {
    eventStoreContract(t, () => createEsdbEventStore(double.connectionString), contractOptions)
  })

  t.test('an append reports the position of its last event', async (t) => {
    const store = createEsdbEventStore(double.connectionString)
    t.teardown(() => store.close())
    await appendReportsItsLastEventsPosition(t, store)
  })

  t.test('a fresh append is not read back; a replay is seen before appending and its content compared', async (t) => {
    const store = createEsdbEventStore(double.connectionString)
    t.teardown(() => store.close())
    const stream = uniqueStream('reads')
    const calls = async (append: () => Promise<unknown>) => {
      const [reads, appends] = [double.calls.reads, double.calls.appends]
      await append()
      return { reads: double.calls.reads - reads, appends: double.calls.appends - appends }
    }
    const first = [newEvent('A'), newEvent('B')]
    t.same(
      await calls(() => store.appendToStream(stream, first, { expectedRevision: 'no_stream' })),
      { reads: 1, appends: 1 },
      'no_stream: the append, then the read of what it stored (no read came before it)',
    )
    const second = [newEvent('C')]
    t.same(
      await calls(() => store.appendToStream(stream, second, { expectedRevision: 1 })),
      { reads: 1, appends: 1 },
      'an exact revision: the predecessor and the revisions after it in one read, then the append',
    )
    t.same(await calls(() => store.appendToStream(stream, [newEvent('D')])), { reads: 1, appends: 1 }, 'any: the tail')
    const replayed = await store.appendToStream(stream, second, { expectedRevision: 1 })
    t.same(await calls(() => store.appendToStream(stream, second, { expectedRevision: 1 })), { reads: 1, appends: 0 })
    t.equal(replayed.replayed, true, 'a replay seen before appending is reported as one')
    t.equal(replayed.nextExpectedRevision, 2)
    t.same(await calls(() => store.appendToStream(stream, first)), { reads: 1, appends: 0 }, 'any: found in the tail')
    await t.rejects(
      store.appendToStream(stream, [{ ...second[0]!, data: { other: true } }], { expectedRevision: 1 }),
      EventIdConflictError,
      'a re-used id with other data, at the expected revision: refused before the server takes it as a replay',
    )
    await t.rejects(
      store.appendToStream(stream, [second[0]!, newEvent('X')], { expectedRevision: 1 }),
      WrongExpectedRevisionError,
      'part of a recorded batch: the server refuses it (corrupted idempotency)',
    )
    t.same(
      (await store.readStream(stream)).map((e) => e.type),
      ['A', 'B', 'C', 'D'],
      'recorded once each',
    )
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
