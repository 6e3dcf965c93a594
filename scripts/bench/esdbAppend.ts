/**
 * Cost of the EventStoreDB adapter's append paths, through the in-process test double (loopback
 * gRPC, no disk), with and without a read-back of the appended revisions after the append (what
 * the adapter did on every append before: "with read-back" is the adapter as it is plus that
 * read, `readStream(fromRevision, maxCount: events)`; for a replay also the append the server
 * answered idempotently, which the adapter now skips when its pre-read has found the replay).
 * The two variants of a row alternate append by append in one run, each timed on its own, so
 * the shared machine's load falls on both. Only ratios mean something: a real server adds its
 * own disk write to every append and its index to every read.
 *
 *   npx tsx scripts/bench/esdbAppend.ts [--count=1000]
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { EventStoreDBClient } from '@eventstore/db-client'
import type { AppendOptions, EventStore, NewEvent } from '@gsr/event-store'
import { createEsdbEventStore, toEsdbEvent } from '@gsr/event-store-esdb'
import { startEsdbTestDouble } from '@gsr/event-store-esdb/testing'

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } })
const count = Number(values.count)
const streams = 50
const metadata = {
  actor: { organisationId: 'bench', role: 'operator' },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
}
const newEvent = (): NewEvent => ({ id: randomUUID(), type: 'Filled', data: { kg: 12.5, code: 'C-1' }, metadata })
const batch = (size: number) => Array.from({ length: size }, newEvent)

const double = await startEsdbTestDouble()
const store = createEsdbEventStore(double.connectionString)
const client = EventStoreDBClient.connectionString(double.connectionString)

/** The adapter's append, then the read-back it used to make (the old path, measured in the same run). */
async function withReadBack(streamName: string, events: readonly NewEvent[], options: AppendOptions = {}) {
  const result = await store.appendToStream(streamName, events, options)
  await store.readStream(streamName, {
    fromRevision: result.nextExpectedRevision - events.length + 1,
    maxCount: events.length,
  })
  return result
}

type Append = (i: number) => Promise<unknown>

/** Mean ms per append of each variant, alternating them append by append (after a warm-up). */
async function alternate(a: Append, b: Append): Promise<[number, number]> {
  const total = [0, 0]
  for (let i = 0; i < count + 100; i++) {
    for (const [k, append] of (i % 2 ? [b, a] : [a, b]).entries()) {
      const started = performance.now()
      await append(i)
      if (i >= 100) total[i % 2 ? 1 - k : k]! += performance.now() - started
    }
  }
  return [total[0]! / count, total[1]! / count]
}

/** Appends with the exact revision to `streams` streams, each variant on streams of its own. */
function exactAppends(prefix: string, size: number, append: EventStore['appendToStream']): Append {
  const revisions = new Map<number, number>()
  return async (i) => {
    const s = i % streams
    const expectedRevision = revisions.get(s) ?? 'no_stream'
    const result = await append(`${prefix}-${s}`, batch(size), { expectedRevision })
    revisions.set(s, result.nextExpectedRevision)
  }
}

const rows: { path: string; without: number; with: number }[] = []
const row = async (path: string, without: Append, readBack: Append) => {
  const [a, b] = await alternate(without, readBack)
  rows.push({ path, without: a, with: b })
}

const adapterAppend: EventStore['appendToStream'] = (...args) => store.appendToStream(...args)
const readBackAppend: EventStore['appendToStream'] = (...args) => withReadBack(...args)

await row(
  'exact revision, 1 event',
  exactAppends('exact-a', 1, adapterAppend),
  exactAppends('exact-b', 1, readBackAppend),
)
await row(
  'exact revision, 10 events',
  exactAppends('exact10-a', 10, adapterAppend),
  exactAppends('exact10-b', 10, readBackAppend),
)
await row(
  'any, 1 event',
  (i) => store.appendToStream(`any-a-${i % streams}`, [newEvent()]),
  (i) => withReadBack(`any-b-${i % streams}`, [newEvent()]),
)
// no_stream keeps its read-back (no read comes before it): both variants are the adapter as it is.
await row(
  'no_stream, 1 event (read-back kept)',
  () => store.appendToStream(`new-${randomUUID()}`, [newEvent()], { expectedRevision: 'no_stream' }),
  () => store.appendToStream(`new-${randomUUID()}`, [newEvent()], { expectedRevision: 'no_stream' }),
)
// A retry of an append at revision 1 (expected revision 0) that landed.
const replayed = [newEvent()]
await store.appendToStream('replayed', [newEvent()], { expectedRevision: 'no_stream' })
await store.appendToStream('replayed', replayed, { expectedRevision: 0 })
await row(
  'replay, exact revision, 1 event',
  () => store.appendToStream('replayed', replayed, { expectedRevision: 0 }),
  async () => {
    await store.appendToStream('replayed', replayed, { expectedRevision: 0 })
    await client.appendToStream(
      'replayed',
      replayed.map((event) => toEsdbEvent(event)),
      { expectedRevision: 0n },
    )
    await store.readStream('replayed', { fromRevision: 1, maxCount: 1 })
  },
)
const [bare] = await alternate(
  (i) => client.appendToStream(`bare-${i % streams}`, [toEsdbEvent(newEvent())]),
  async () => undefined,
)

const ms = (value: number) => value.toFixed(3)
console.log(`| path | ms per append without read-back | with read-back | ratio without ÷ with |`)
console.log(`| --- | ---: | ---: | ---: |`)
for (const r of rows)
  console.log(`| ${r.path} | ${ms(r.without)} | ${ms(r.with)} | ${(r.without / r.with).toFixed(2)} |`)
console.log(`| the client's bare append, 1 event (no chain, no check) | ${ms(bare!)} | | |`)
await store.close()
await client.dispose()
await double.close()
