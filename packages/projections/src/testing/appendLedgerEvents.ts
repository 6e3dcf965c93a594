import { randomUUID } from 'node:crypto'
import type { AppendResult, EventStore, NewEvent } from '@gsr/event-store'

/**
 * Appends `count` events carrying `{ amount }` spread over `streams` streams, `perAppend`
 * events per append, and returns the last append's result (its position is the head).
 */
export async function appendLedgerEvents(
  store: EventStore,
  options: { count: number; streams?: number; perAppend?: number; type?: (index: number) => string },
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
  return last
}
