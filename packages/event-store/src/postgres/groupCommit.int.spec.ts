import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors.ts'
import { chainHashes, genesisHash } from '../chain/eventHash.ts'
import { comparePositions } from '../position.ts'
import { newEvent, readAllUntil, uniqueStream } from '../testing/index.ts'
import { createPostgresEventStore } from './createPostgresEventStore.ts'
import { eventStoreMigrations } from './eventStoreMigrations.ts'

forEachDatabase(t, async (t, db) => {
  await runMigrations(db.client, eventStoreMigrations)
  const store = createPostgresEventStore(db.client, { groupCommit: true })

  t.test('appends arriving together share transactions, and each gets its own outcome', async (t) => {
    const existing = uniqueStream('existing')
    const recorded = [newEvent('Recorded', { n: 1 })]
    const original = await store.appendToStream(existing, recorded, { expectedRevision: 'no_stream' })

    const fresh = Array.from({ length: 12 }, () => ({ stream: uniqueStream('fresh'), events: [newEvent('New')] }))
    const outcomes = await Promise.allSettled([
      ...fresh.map(({ stream, events }) => store.appendToStream(stream, events, { expectedRevision: 'no_stream' })),
      store.appendToStream(existing, [newEvent('Stale')], { expectedRevision: 'no_stream' }),
      store.appendToStream(existing, recorded, { expectedRevision: 'no_stream' }),
      store.appendToStream(existing, [{ ...recorded[0]!, data: { n: 2 } }]),
      store.appendToStream(existing, [newEvent('Next')], { expectedRevision: 0 }),
      store.appendToStream(existing, [newEvent('AlsoNext')], { expectedRevision: 0 }),
    ])
    const [stale, replay, reused, next, alsoNext] = outcomes.slice(fresh.length)
    t.ok(
      outcomes.slice(0, fresh.length).every((o) => o.status === 'fulfilled'),
      'independent appends succeed',
    )
    t.match(stale, { status: 'rejected', reason: WrongExpectedRevisionError }, 'a stale expectation is refused')
    t.same(
      replay,
      { status: 'fulfilled', value: { ...original, replayed: true } },
      'a replay reports the original result',
    )
    t.match(reused, { status: 'rejected', reason: EventIdConflictError }, 'a re-used id is refused')
    t.match(next, { status: 'fulfilled', value: { nextExpectedRevision: 1 } }, 'the first of two racing appends wins')
    t.match(alsoNext, { status: 'rejected', reason: WrongExpectedRevisionError }, 'the second is refused')
    t.same(
      (await store.readStream(existing)).map((e) => e.type),
      ['Recorded', 'Next'],
    )

    const { rows } = await db.client.query<{ transactions: number }>(
      'SELECT count(DISTINCT transaction_id)::int8 AS transactions FROM es_events WHERE stream_name = ANY($1)',
      [fresh.map((f) => f.stream)],
    )
    t.ok(rows[0]!.transactions < fresh.length, `${fresh.length} appends in ${rows[0]!.transactions} transactions`)
  })

  t.test('one bad append fails alone; the rest of its group still share commits', async (t) => {
    // One group in flight: the first append goes alone at once, the next sixteen wait as one group.
    const oneGroup = createPostgresEventStore(db.client, { groupCommit: { maxInFlight: 1 } })
    const good = Array.from({ length: 15 }, () => ({ stream: uniqueStream('good'), events: [newEvent('Good')] }))
    const bad = {
      stream: uniqueStream('bad'),
      events: [newEvent('Bad', { text: 'NUL \u0000 is not allowed in jsonb' })],
    }
    const outcomes = await Promise.allSettled([
      oneGroup.appendToStream(uniqueStream('first'), [newEvent('First')]),
      ...good.slice(0, 5).map(({ stream, events }) => oneGroup.appendToStream(stream, events)),
      oneGroup.appendToStream(bad.stream, bad.events),
      ...good.slice(5).map(({ stream, events }) => oneGroup.appendToStream(stream, events)),
    ])
    t.equal(outcomes.filter((o) => o.status === 'rejected').length, 1, 'one append failed')
    t.equal(outcomes[6]!.status, 'rejected', 'the bad one')
    t.same(await oneGroup.readStream(bad.stream), [], 'it left nothing')
    const { rows } = await db.client.query<{ appends: number; transactions: number }>(
      `SELECT count(*)::int8 AS appends, count(DISTINCT transaction_id)::int8 AS transactions
         FROM es_events WHERE stream_name = ANY($1)`,
      [good.map((g) => g.stream)],
    )
    // Halving a group of 16 around one fault: 8 + 4 + 2 + 1 good appends, four commits.
    t.same(rows, [{ appends: 15, transactions: 4 }], 'the fifteen good appends in four transactions, not fifteen')
  })

  t.test('appends of several events share commits too, and racing ones keep one stream in order', async (t) => {
    const start = await store.headPosition()
    const fresh = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const stream = uniqueStream('several')
        await store.appendToStream(stream, [newEvent('A'), newEvent('B'), newEvent('C')], {
          expectedRevision: 'no_stream',
        })
        return stream
      }),
    )
    const { rows } = await db.client.query<{ transactions: number }>(
      'SELECT count(DISTINCT transaction_id)::int8 AS transactions FROM es_events WHERE stream_name = ANY($1)',
      [fresh],
    )
    t.ok(rows[0]!.transactions < fresh.length, `${fresh.length} appends in ${rows[0]!.transactions} transactions`)

    const shared = uniqueStream('shared')
    await store.appendToStream(shared, [newEvent('Opened')], { expectedRevision: 'no_stream' })
    const racing = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        store.appendToStream(shared, [newEvent(`Race${i}`), newEvent(`Race${i}`)], { expectedRevision: 0 }),
      ),
    )
    const won = racing.filter((o) => o.status === 'fulfilled')
    t.equal(won.length, 1, 'one append wins the expected revision')
    t.match(won[0], { value: { nextExpectedRevision: 2 } })
    t.ok(
      racing.every((o) => o.status === 'fulfilled' || o.reason instanceof WrongExpectedRevisionError),
      'the others get a revision conflict',
    )
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => store.appendToStream(shared, [newEvent(`Any${i}`), newEvent(`Any${i}`)])),
    )
    const events = await store.readStream(shared)
    t.same(
      events.map((e) => e.revision),
      Array.from({ length: 15 }, (_, i) => i),
      'revisions without gaps',
    )
    t.same(
      events.map((e) => e.hash),
      chainHashes(genesisHash, events),
      'every event linked to the one before',
    )
    const inGlobalOrder = (
      await readAllUntil(
        store,
        start ? { after: start } : {},
        (all) => all.filter((e) => e.streamName === shared).length >= 15,
      )
    ).filter((e) => e.streamName === shared)
    t.same(
      inGlobalOrder.map((e) => e.revision),
      events.map((e) => e.revision),
      "the global order follows the stream's revisions",
    )
    t.ok(inGlobalOrder.every((e, i) => i === 0 || comparePositions(inGlobalOrder[i - 1]!.position, e.position) < 0))
  })

  t.test('a large group maps every stream back to its own append', async (t) => {
    const big = createPostgresEventStore(db.client, { groupCommit: { maxGroupSize: 1000, aloneFrom: Infinity } })
    t.teardown(() => big.close())
    // Half the streams exist already (revision 1), half are new; appends of 1 or 2 events.
    const streams = Array.from({ length: 400 }, (_, i) => ({ stream: uniqueStream(`big${i}`), exists: i % 2 === 0 }))
    for (const { stream, exists } of streams) {
      if (exists) await big.appendToStream(stream, [newEvent('A'), newEvent('B')])
    }
    const results = await Promise.all(
      streams.map(({ stream, exists }, i) =>
        big.appendToStream(
          stream,
          Array.from({ length: 1 + (i % 3 === 0 ? 1 : 0) }, () => newEvent(`E${i}`)),
          { expectedRevision: exists ? 'any' : 'no_stream' },
        ),
      ),
    )
    streams.forEach(({ exists }, i) => {
      const count = 1 + (i % 3 === 0 ? 1 : 0)
      t.equal(results[i]!.nextExpectedRevision, (exists ? 1 : -1) + count, `stream ${i}`)
    })
    for (const i of [0, 1, 3, 398, 399]) {
      const events = await big.readStream(streams[i]!.stream)
      t.same(
        events.slice(streams[i]!.exists ? 2 : 0).map((e) => e.type),
        Array.from({ length: 1 + (i % 3 === 0 ? 1 : 0) }, () => `E${i}`),
      )
    }
  })
})
