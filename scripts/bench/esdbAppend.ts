/**
 * Cost of the EventStoreDB adapter's append paths, through the in-process test double (loopback
 * gRPC, no disk): the client's bare append, the adapter's append (append, then the read-back of
 * the appended revisions for the content check), and an idempotent replay (the same, the server
 * writing nothing). Only the ratio means something: a real server adds its own write and read.
 *
 *   npx tsx scripts/bench/esdbAppend.ts [--count=1000]
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { EventStoreDBClient } from '@eventstore/db-client'
import type { NewEvent } from '@gsr/event-store'
import { createEsdbEventStore, toEsdbEvent } from '@gsr/event-store-esdb'
import { startEsdbTestDouble } from '@gsr/event-store-esdb/testing'

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' } } })
const count = Number(values.count)
const metadata = {
  actor: { organisationId: 'bench', role: 'operator' },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
}
const newEvent = (): NewEvent => ({ id: randomUUID(), type: 'Filled', data: { kg: 12.5, code: 'C-1' }, metadata })

const double = await startEsdbTestDouble()
const store = createEsdbEventStore(double.connectionString)
const client = EventStoreDBClient.connectionString(double.connectionString)

async function msPerAppend(append: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 100; i++) await append(i) // warm-up
  const started = performance.now()
  for (let i = 0; i < count; i++) await append(i)
  return (performance.now() - started) / count
}

const bare = await msPerAppend((i) => client.appendToStream(`bare-${i % 50}`, [toEsdbEvent(newEvent())]))
const adapter = await msPerAppend((i) => store.appendToStream(`adapter-${i % 50}`, [newEvent()]))
const replayed = newEvent()
await store.appendToStream('replayed', [replayed])
const replay = await msPerAppend(() => store.appendToStream('replayed', [replayed]))

console.log(
  JSON.stringify({
    count,
    bareAppendMs: bare.toFixed(3),
    adapterAppendMs: adapter.toFixed(3),
    adapterReplayMs: replay.toFixed(3),
    readBackCost: `${((adapter / bare - 1) * 100).toFixed(0)}%`,
  }),
)
await store.close()
await client.dispose()
await double.close()
