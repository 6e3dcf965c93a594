import { randomUUID } from 'node:crypto'
import { waitForPosition, type AppendResult, type EventStore, type NewEvent } from '@gsr/event-store'

/**
 * Appends `count` events carrying `{ amount }` spread over `streams` streams, `perAppend`
 * events per append, and returns the last append's result (its position is the head) once
 * readers can see it: on a shared PostgreSQL server another transaction still open holds the
 * last appends back, and a catch-up or readAll right after would stop short of them.
 */
export async function appendLedgerEvents(
  store: EventStore,
  options: {
    count: number
    streams?: number
    perAppend?: number
    type?: (index: number) => string
    /** false: return at once, readable or not (a test that holds readers back on purpose). */
    waitUntilReadable?: boolean
  },
): Promise<AppendResult | undefined> {
  const streams = options.streams ?? 7
  const perAppend = options.perAppend ?? 10
  let last: AppendResult | undefined
  for (let start = 0; start < options.count; start += perAppend) {
    const stream = `ledger-${(start / perAppend) % streams}`
    const events: NewEvent[] = []
    for (let index = start; index < Math.min(options.count, start + perAppend); index++) {
      events.push({
        id: randomUUID(),
        type: options.type?.(index) ?? 'LedgerEntryRecorded',
        data: { amount: index + 1 },
        metadata: {
          actor: { organisationId: 'org-test', role: 'tester' },
          occurredAt: new Date().toISOString(),
          schemaVersion: 1,
        },
      })
    }
    last = await store.appendToStream(stream, events)
  }
  if (last && options.waitUntilReadable !== false) await waitForPosition(store, last.position)
  return last
}
