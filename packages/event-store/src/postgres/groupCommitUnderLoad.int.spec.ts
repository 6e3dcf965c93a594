import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../EventStore.ts'
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors.ts'
import { chainHashes, genesisHash } from '../chain/eventHash.ts'
import { comparePositions } from '../position.ts'
import { newEvent, readAllUntil, uniqueStream } from '../testing/index.ts'
import { createPostgresEventStore } from './createPostgresEventStore.ts'
import { eventStoreMigrations } from './eventStoreMigrations.ts'

/**
 * The adaptive group commit under real concurrency: many appenders at once (so groups form,
 * several in flight), with every kind of outcome interleaved in the same groups: fresh streams,
 * racing exact expectations on shared streams, `any` appends to them, an event PostgreSQL
 * refuses (a NUL character in its data), an idempotent re-send, a re-used id with other
 * content. Each caller must get its own outcome; afterwards every stream holds exactly the
 * events of the appends that succeeded, in revision order, hash-chained, and the global order
 * agrees with every stream's order. No timing is asserted.
 */
type Kind = 'fresh' | 'exact' | 'any' | 'bad' | 'replay' | 'reused'
const kinds: readonly Kind[] = ['fresh', 'exact', 'any', 'bad', 'replay', 'reused']

interface Attempt {
  kind: Kind
  stream: string
  events: NewEvent[]
  expected: ExpectedRevision
  outcome?: { ok: true; result: AppendResult } | { ok: false; error: unknown }
}

forEachDatabase(t, async (t, db) => {
  await runMigrations(db.client, eventStoreMigrations)

  const scenario = (name: string, makeStore: () => EventStore) =>
    t.test(name, async (t) => {
      const store = makeStore()
      t.teardown(() => store.close())
      const start = await store.headPosition()
      const hot = Array.from({ length: 3 }, () => uniqueStream('hot'))
      const opened: string[] = []
      for (const stream of hot) {
        const event = newEvent('Opened')
        opened.push(event.id)
        await store.appendToStream(stream, [event], { expectedRevision: 'no_stream' })
      }

      const workers = 40
      const rounds = 6
      const attempts: Attempt[] = []
      // What each worker appended successfully to a fresh stream: re-sent later, as a client retry.
      const firstFresh = new Map<number, Attempt>()

      const run = async (attempt: Attempt) => {
        attempts.push(attempt)
        try {
          attempt.outcome = {
            ok: true,
            result: await store.appendToStream(attempt.stream, attempt.events, { expectedRevision: attempt.expected }),
          }
        } catch (error) {
          attempt.outcome = { ok: false, error }
        }
        return attempt
      }

      await Promise.all(
        Array.from({ length: workers }, async (_, w) => {
          for (let r = 0; r < rounds; r++) {
            const kind = kinds[(w + r) % kinds.length]!
            const size = 1 + ((w + r) % 3)
            const events = () => Array.from({ length: size }, (_, i) => newEvent(`E-${kind}`, { w, r, i }))
            const shared = hot[(w + r) % hot.length]!
            if (kind === 'fresh') {
              const done = await run({ kind, stream: uniqueStream('fresh'), events: events(), expected: 'no_stream' })
              if (!firstFresh.has(w) && done.outcome?.ok) firstFresh.set(w, done)
            } else if (kind === 'exact') {
              const [last] = (await store.readStream(shared)).slice(-1)
              await run({ kind, stream: shared, events: events(), expected: last!.revision })
            } else if (kind === 'any') {
              await run({ kind, stream: shared, events: events(), expected: 'any' })
            } else if (kind === 'bad') {
              const bad = events()
              bad[bad.length - 1] = newEvent('E-bad', { text: 'NUL \u0000 is not allowed in jsonb' })
              await run({ kind, stream: uniqueStream('bad'), events: bad, expected: 'no_stream' })
            } else {
              const earlier = firstFresh.get(w)
              if (!earlier) continue
              await run(
                kind === 'replay'
                  ? { kind, stream: earlier.stream, events: earlier.events, expected: earlier.expected }
                  : {
                      kind,
                      stream: earlier.stream,
                      events: [{ ...earlier.events[0]!, data: { other: true } }],
                      expected: 'any',
                    },
              )
            }
          }
        }),
      )

      const by = (kind: Kind) => attempts.filter((a) => a.kind === kind)
      t.ok(
        by('fresh').every((a) => a.outcome?.ok),
        `${by('fresh').length} appends to fresh streams all succeeded`,
      )
      t.ok(
        by('any').every((a) => a.outcome?.ok),
        `${by('any').length} 'any' appends to shared streams all succeeded`,
      )
      t.ok(
        by('bad').every((a) => a.outcome && !a.outcome.ok && !(a.outcome.error instanceof WrongExpectedRevisionError)),
        `${by('bad').length} appends with a bad event each failed, as themselves`,
      )
      for (const a of by('bad')) t.same(await store.readStream(a.stream), [], 'a failed append left nothing')
      t.ok(
        by('exact').every(
          (a) =>
            a.outcome &&
            (a.outcome.ok
              ? a.outcome.result.nextExpectedRevision === (a.expected as number) + a.events.length
              : a.outcome.error instanceof WrongExpectedRevisionError),
        ),
        'each racing exact append either moved the stream from its revision or got a revision conflict',
      )
      const exactWins = by('exact').filter((a) => a.outcome?.ok).length
      const exactLosses = by('exact').length - exactWins
      t.comment(`exact appends: ${exactWins} won, ${exactLosses} refused`)
      t.ok(
        by('replay').every(
          (a) => a.outcome?.ok && a.outcome.result.replayed === true && a.outcome.result.nextExpectedRevision >= 0,
        ),
        `${by('replay').length} re-sent appends were recognised as replays`,
      )
      for (const a of by('replay')) {
        const original = attempts.find((o) => o.kind === 'fresh' && o.events === a.events)!
        if (a.outcome?.ok && original.outcome?.ok) {
          t.same(
            a.outcome.result,
            { ...original.outcome.result, replayed: true },
            'a replay reports the original result',
          )
        }
      }
      t.ok(
        by('reused').every((a) => a.outcome && !a.outcome.ok && a.outcome.error instanceof EventIdConflictError),
        `${by('reused').length} re-used ids with other content were refused`,
      )

      // Every stream: exactly the events of its successful appends, at their revisions, chained.
      const streams = new Set(attempts.filter((a) => a.kind !== 'bad').map((a) => a.stream))
      for (const stream of hot) streams.add(stream)
      const expectedIds = new Set<string>(opened)
      let total = 0
      for (const stream of streams) {
        const events = await store.readStream(stream)
        total += events.length
        t.same(
          events.map((e) => e.revision),
          events.map((_, i) => i),
          `${stream}: revisions without gaps`,
          { diagnostic: false },
        )
        t.same(
          events.map((e) => e.hash),
          chainHashes(genesisHash, events),
          `${stream}: every event linked to the one before`,
          { diagnostic: false },
        )
        const byId = new Map(events.map((e) => [e.id, e]))
        for (const a of attempts.filter((x) => x.stream === stream && x.outcome?.ok && x.kind !== 'replay')) {
          if (!a.outcome?.ok) continue
          const last = a.outcome.result.nextExpectedRevision
          a.events.forEach((sent, i) => {
            expectedIds.add(sent.id)
            const recorded = byId.get(sent.id)
            if (recorded?.revision !== last - a.events.length + 1 + i || recorded.type !== sent.type) {
              t.fail(`${stream}: event ${i} of an append is not where its result says`)
            }
          })
        }
      }
      t.equal(total, expectedIds.size, 'no event lost or duplicated, nothing from a failed append')

      // The global order has every event once and agrees with each stream's revision order.
      const all = (
        await readAllUntil(
          store,
          start ? { after: start } : {},
          (read) => read.filter((e) => streams.has(e.streamName)).length >= total,
        )
      ).filter((e) => streams.has(e.streamName))
      t.equal(all.length, total, 'readAll has every event once')
      t.equal(new Set(all.map((e) => e.id)).size, all.length, 'no id twice in the global order')
      const lastSeen = new Map<string, RecordedEvent>()
      let inOrder = true
      for (const event of all) {
        const previous = lastSeen.get(event.streamName)
        if (
          previous &&
          (previous.revision + 1 !== event.revision || comparePositions(previous.position, event.position) >= 0)
        ) {
          inOrder = false
        }
        lastSeen.set(event.streamName, event)
      }
      t.ok(inOrder, "the global order follows every stream's revisions")

      // The appends really shared commits (the point of the group commit).
      const { rows } = await db.client.query<{ appends: number; transactions: number }>(
        `SELECT count(DISTINCT (stream_name, transaction_id))::int8 AS appends,
                count(DISTINCT transaction_id)::int8 AS transactions
           FROM es_events WHERE stream_name = ANY($1)`,
        [[...streams]],
      )
      t.ok(
        rows[0]!.transactions < rows[0]!.appends,
        `${rows[0]!.appends} stream appends in ${rows[0]!.transactions} transactions`,
      )
    })

  scenario('the default store (adaptive group commit)', () => createPostgresEventStore(db.client))
  scenario('four small groups in flight, appends of any size grouped', () =>
    createPostgresEventStore(db.client, { groupCommit: { maxInFlight: 4, maxGroupSize: 5, aloneFrom: Infinity } }),
  )
})
