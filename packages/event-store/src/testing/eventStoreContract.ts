import { randomUUID } from 'node:crypto'
import type { Test } from 'tap'
import type { AppendResult, EventMetadata, EventStore, NewEvent, RecordedEvent } from '../EventStore.ts'
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors.ts'
import { comparePositions } from '../position.ts'
import { chainHashes, genesisHash } from '../chain/eventHash.ts'
import { readAllUntil } from './readAllUntil.ts'

export const contractMetadata: EventMetadata = {
  actor: { organisationId: 'org-contract', userId: 'user-1', role: 'operator' },
  occurredAt: '2026-01-02T03:04:05.000Z',
  correlationId: '5d1c6f0e-7a43-4a43-9a8e-2f7b2a9c1d00',
  schemaVersion: 1,
}

export function newEvent(type: string, data: unknown = {}, id: string = randomUUID()): NewEvent {
  return { id, type, data, metadata: contractMetadata }
}

export function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`
}

/** Collects `count` events from an async iterator, failing after `timeoutMs`. */
async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = []
  const deadline = Date.now() + timeoutMs
  while (taken.length < count) {
    const remaining = deadline - Date.now()
    let timer: NodeJS.Timeout | undefined
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(remaining, 0)))),
    ]).finally(() => clearTimeout(timer))
    if (next === 'timeout') throw new Error(`timed out after ${taken.length} of ${count} events`)
    if (next.done) break
    taken.push(next.value)
  }
  return taken
}

/** Events of these streams only: other tests (and, on EventStoreDB, the server) write too. */
const ofStreams = (events: readonly RecordedEvent[], streams: readonly string[]) =>
  events.filter((event) => streams.includes(event.streamName))

/**
 * The one contract every EventStore adapter passes. `makeStore` is called once; every test
 * writes to fresh stream names and reads the global order from the head it saw first, so the
 * suite also runs against a shared, non-empty store (an EventStoreDB server).
 */
export interface ContractOptions {
  /**
   * Whether an id used in one stream is refused in every other (PostgreSQL: yes; EventStoreDB
   * checks ids per stream only).
   */
  readonly eventIdsUniqueAcrossStreams?: boolean
  /** Whether an idempotent retry says so (`replayed: true`); EventStoreDB does not tell. */
  readonly reportsReplays?: boolean
}

export function eventStoreContract(
  t: Test,
  makeStore: () => Promise<EventStore> | EventStore,
  options: ContractOptions = {},
): void {
  let store: EventStore
  t.before(async () => {
    store = await makeStore()
  })
  t.teardown(async () => {
    await store?.close()
  })

  t.test('appends and reads a stream forwards, with data, metadata and revisions', async (t) => {
    const stream = uniqueStream()
    const events = [newEvent('Registered', { code: 'C-1', capacityLitres: 50 }), newEvent('Filled', { kg: 12.5 })]
    const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' })
    t.equal(result.nextExpectedRevision, 1)
    const read = await store.readStream(stream)
    t.same(
      read.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata, revision: e.revision })),
      events.map((e, revision) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata, revision })),
    )
    t.ok(read.every((e) => e.streamName === stream && e.recordedAt instanceof Date))
    t.same(read.at(-1)?.position, result.position, 'the append reports the position of its last event')
    t.same(
      (await store.readStream(stream, { fromRevision: 1 })).map((e) => e.id),
      [events[1]!.id],
    )
    t.same(
      (await store.readStream(stream, { maxCount: 1 })).map((e) => e.id),
      [events[0]!.id],
    )
    t.same(await store.readStream(uniqueStream('missing')), [], 'a stream that does not exist reads empty')
  })

  t.test('expected revision: any, no_stream and exact, conflicts are typed and change nothing', async (t) => {
    const stream = uniqueStream()
    t.equal((await store.appendToStream(stream, [newEvent('A')])).nextExpectedRevision, 0, 'any creates')
    t.equal((await store.appendToStream(stream, [newEvent('B')], { expectedRevision: 'any' })).nextExpectedRevision, 1)

    const noStream = await store.appendToStream(stream, [newEvent('X')], { expectedRevision: 'no_stream' }).then(
      () => undefined,
      (error: unknown) => error,
    )
    t.type(noStream, WrongExpectedRevisionError, 'no_stream on an existing stream')
    t.equal((noStream as WrongExpectedRevisionError).actual, 1)

    const stale = await store.appendToStream(stream, [newEvent('X')], { expectedRevision: 0 }).then(
      () => undefined,
      (error: unknown) => error,
    )
    t.type(stale, WrongExpectedRevisionError, 'an exact revision behind the stream')
    t.same([(stale as WrongExpectedRevisionError).expected, (stale as WrongExpectedRevisionError).actual], [0, 1])

    await t.rejects(
      store.appendToStream(stream, [newEvent('X')], { expectedRevision: 5 }),
      WrongExpectedRevisionError,
      'an exact revision ahead of the stream',
    )
    const missing = await store.appendToStream(uniqueStream('missing'), [newEvent('X')], { expectedRevision: 0 }).then(
      () => undefined,
      (error: unknown) => error,
    )
    t.type(missing, WrongExpectedRevisionError, 'an exact revision on a missing stream')
    t.equal((missing as WrongExpectedRevisionError).actual, 'no_stream')

    t.equal((await store.appendToStream(stream, [newEvent('C')], { expectedRevision: 1 })).nextExpectedRevision, 2)
    t.same(
      (await store.readStream(stream)).map((e) => e.type),
      ['A', 'B', 'C'],
      'nothing of the refused appends was written',
    )
  })

  t.test('concurrent appends with the same expected revision: exactly one wins', async (t) => {
    const stream = uniqueStream()
    await store.appendToStream(stream, [newEvent('Created')], { expectedRevision: 'no_stream' })
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.appendToStream(stream, [newEvent(`Writer${i}`)], { expectedRevision: 0 }),
      ),
    )
    const won = attempts.filter((a) => a.status === 'fulfilled')
    const lost = attempts.filter((a) => a.status === 'rejected')
    t.equal(won.length, 1, 'one writer wins')
    t.ok(
      lost.every((a) => a.reason instanceof WrongExpectedRevisionError),
      'every other writer gets a typed conflict',
    )
    t.equal((await store.readStream(stream)).length, 2)

    const creators = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        store.appendToStream(`${stream}-new`, [newEvent(`Creator${i}`)], {
          expectedRevision: 'no_stream',
        }),
      ),
    )
    t.equal(creators.filter((a) => a.status === 'fulfilled').length, 1, 'one creator of a new stream wins')
  })

  t.test('re-sending the same events is a success that reports the original result', async (t) => {
    const stream = uniqueStream()
    const events = [newEvent('Filled', { kg: 11 }), newEvent('Sealed', { seal: 'S-9' })]
    const first = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' })
    t.notOk(first.replayed, 'the first append is not a replay')
    const reportsReplays = options.reportsReplays ?? true
    const { replayed: _firstReplayed, ...firstResult } = first
    const sameAsFirst = (result: AppendResult, message: string) => {
      const { replayed, ...original } = result
      t.same(original, firstResult, message)
      if (reportsReplays) t.equal(replayed, true, `${message}: reported as a replay`)
    }
    sameAsFirst(
      await store.appendToStream(stream, events, { expectedRevision: 'no_stream' }),
      'retry with the original expected revision',
    )
    sameAsFirst(await store.appendToStream(stream, events), 'retry with any')
    await store.appendToStream(stream, [newEvent('Later')], { expectedRevision: 1 })
    sameAsFirst(
      await store.appendToStream(stream, events, { expectedRevision: 'no_stream' }),
      'retry after the stream moved on',
    )
    t.same(
      (await store.readStream(stream)).map((e) => e.type),
      ['Filled', 'Sealed', 'Later'],
      'recorded once',
    )
    const concurrent = uniqueStream()
    const once = [newEvent('Once')]
    const results = await Promise.all(
      Array.from({ length: 4 }, () => store.appendToStream(concurrent, once, { expectedRevision: 'no_stream' })),
    )
    t.ok(
      results.every((r) => r.nextExpectedRevision === 0),
      'concurrent identical sends all succeed',
    )
    t.equal((await store.readStream(concurrent)).length, 1, 'and record one event')
    if (reportsReplays) t.equal(results.filter((r) => !r.replayed).length, 1, 'one of them wrote, the others replayed')
  })

  t.test('a used event id with different content is an EventIdConflictError', async (t) => {
    const stream = uniqueStream()
    const original = newEvent('Filled', { kg: 11 })
    await store.appendToStream(stream, [original])
    await t.rejects(
      store.appendToStream(stream, [{ ...original, data: { kg: 12 } }]),
      EventIdConflictError,
      'different data',
    )
    await t.rejects(
      store.appendToStream(stream, [{ ...original, type: 'Emptied' }]),
      EventIdConflictError,
      'different type',
    )
    if (options.eventIdsUniqueAcrossStreams ?? true) {
      await t.rejects(store.appendToStream(uniqueStream(), [original]), EventIdConflictError, 'another stream')
    }
    await t.rejects(
      store.appendToStream(stream, [original, newEvent('Extra')]),
      EventIdConflictError,
      'the same id within a different batch',
    )
    t.same(
      (await store.readStream(stream)).map((e) => e.data),
      [{ kg: 11 }],
      'the original stays as it was',
    )
  })

  t.test('every event is chained to its predecessor by a hash anyone can recompute', async (t) => {
    const start = await store.headPosition()
    const stream = uniqueStream('chain')
    // Values whose canonical form is easy to get wrong: key order, numbers, escapes, non-ASCII.
    const awkward = {
      zz: 1,
      a: [1.5, -0.25, 1e21, 1.5e-7, 0, -3, 12345678901234567000],
      名称: '液化石油气钢瓶 "YSP-15"',
      bb: { nested: { deeper: [true, false, null, {}] }, '': 'empty key', é: 'é' },
      text: 'line\nbreak\ttab\u0001\u007f\\ / </script>',
      emoji: '🔥',
    }
    await store.appendToStream(stream, [newEvent('Opened', awkward)], { expectedRevision: 'no_stream' })
    await store.appendToStream(stream, [
      newEvent('Batch', { i: 1 }),
      newEvent('Batch', { i: 2 }),
      newEvent('Batch', null),
    ])
    // Concurrent appends to one stream: each must link to whichever event ends up before it.
    await Promise.all(Array.from({ length: 6 }, (_, i) => store.appendToStream(stream, [newEvent('Racing', { i })])))
    const events = await store.readStream(stream)
    t.equal(events.length, 10)
    t.ok(
      events.every((e) => typeof e.hash === 'string' && /^[0-9a-f]{64}$/.test(e.hash)),
      'every event carries a hash',
    )
    t.same(
      events.map((e) => e.hash),
      chainHashes(genesisHash, events),
      'each hash is SHA-256 over the previous one and the canonical form of the event as read back',
    )
    const all = ofStreams(
      await readAllUntil(store, start ? { after: start } : {}, (read) => ofStreams(read, [stream]).length >= 10),
      [stream],
    )
    t.same(
      all.map((e) => e.hash),
      events.map((e) => e.hash),
      'readAll carries the same hashes',
    )
  })

  t.test('readAll returns every stream in one global order, from an exclusive position', async (t) => {
    const start = await store.headPosition()
    const streams = [uniqueStream('order-a'), uniqueStream('order-b')]
    const appended: string[] = []
    for (let i = 0; i < 6; i++) {
      const event = newEvent(`E${i}`, { i })
      await store.appendToStream(streams[i % 2]!, [event])
      appended.push(event.id)
    }
    const all = ofStreams(
      await readAllUntil(store, start ? { after: start } : {}, (events) => ofStreams(events, streams).length >= 6),
      streams,
    )
    t.same(
      all.map((e) => e.id),
      appended,
      'sequential appends appear in the order they were made',
    )
    for (let i = 1; i < all.length; i++) {
      t.ok(comparePositions(all[i - 1]!.position, all[i]!.position) < 0, `position ${i} increases`)
    }
    const fromThird = ofStreams(await store.readAll({ after: all[2]!.position }), streams)
    t.same(
      fromThird.map((e) => e.id),
      appended.slice(3),
      '`after` is exclusive',
    )
    const two = await store.readAll({ after: all[2]!.position, maxCount: 2 })
    t.equal(two.length, 2, 'maxCount limits a read')
    const head = await store.headPosition()
    t.ok(head && comparePositions(head, all.at(-1)!.position) >= 0, 'headPosition is at or after the last event')
  })

  t.test('subscribeToAll catches up in batches, then delivers events appended later', async (t) => {
    const start = await store.headPosition()
    const stream = uniqueStream('subscribed')
    const before = Array.from({ length: 5 }, (_, i) => newEvent(`Before${i}`))
    for (const event of before) await store.appendToStream(stream, [event])
    const controller = new AbortController()
    const subscription = store.subscribeToAll({
      ...(start ? { after: start } : {}),
      batchSize: 2,
      signal: controller.signal,
    })
    const iterator = subscription[Symbol.asyncIterator]()
    const ours = async (count: number) => {
      const seen: RecordedEvent[] = []
      while (seen.length < count) seen.push(...ofStreams(await take(iterator, 1), [stream]))
      return seen
    }
    t.same(
      (await ours(5)).map((e) => e.id),
      before.map((e) => e.id),
      'caught up with what was there',
    )
    const after = [newEvent('After0'), newEvent('After1')]
    setTimeout(() => {
      void store.appendToStream(stream, [after[0]!]).then(() => store.appendToStream(stream, [after[1]!]))
    }, 50)
    t.same(
      (await ours(2)).map((e) => e.id),
      after.map((e) => e.id),
      'then followed live',
    )
    controller.abort()
    const end = await take(iterator, 1, 5_000)
    t.same(end, [], 'aborting ends the iteration')
  })

  t.test('a subscription waiting for live events ends promptly when aborted', async (t) => {
    const head = await store.headPosition()
    const controller = new AbortController()
    const subscription = store.subscribeToAll({ ...(head ? { after: head } : {}), signal: controller.signal })
    const iterator = subscription[Symbol.asyncIterator]()
    const pending = iterator.next()
    const started = Date.now()
    setTimeout(() => controller.abort(), 100)
    // A server may write its own events meanwhile; keep pulling until the end.
    let next = await pending
    while (!next.done) next = await iterator.next()
    t.ok(Date.now() - started < 5_000, 'ended within a few seconds of the abort')
  })

  t.test('a subscription starting from a checkpoint resumes right after it', async (t) => {
    const stream = uniqueStream('resume')
    const events = Array.from({ length: 4 }, (_, i) => newEvent(`R${i}`))
    for (const event of events) await store.appendToStream(stream, [event])
    const recorded = await store.readStream(stream)
    const controller = new AbortController()
    const subscription = store.subscribeToAll({ after: recorded[1]!.position, signal: controller.signal })
    const iterator = subscription[Symbol.asyncIterator]()
    const seen: RecordedEvent[] = []
    while (seen.length < 2) seen.push(...ofStreams(await take(iterator, 1), [stream]))
    controller.abort()
    t.same(
      seen.map((e) => e.id),
      [events[2]!.id, events[3]!.id],
    )
  })
}
