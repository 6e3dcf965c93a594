import {
  comparePositions,
  waitForPosition,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
} from '@gsr/event-store'
import type { City } from './generateCity.ts'

export interface AppendProgress {
  readonly day: string
  readonly events: number
  readonly elapsedMs: number
  readonly eventsPerSecond: number
}

/**
 * Appends the city through the event store, batch by batch: within a batch, different streams
 * go concurrently (`concurrency` appends in flight; the store may group-commit them), one
 * stream's events in one append, in order. Batches follow each other, so the log's order keeps
 * the city's chronology (a registration is in the log before the fills that rely on it).
 * Resolves once every appended event is readable, so a catch-up right after sees them all.
 */
export async function appendCity(
  store: EventStore,
  city: City,
  options: { concurrency?: number; onProgress?: (p: AppendProgress) => void; progressEvery?: number } = {},
): Promise<{ events: number; elapsedMs: number }> {
  const concurrency = options.concurrency ?? 16
  const every = options.progressEvery ?? 20_000
  const started = Date.now()
  let events = 0
  let reported = 0
  let last: GlobalPosition | undefined
  for (const batch of city.batches()) {
    const byStream = new Map<string, NewEvent[]>()
    for (const [stream, event] of batch.events) {
      const list = byStream.get(stream)
      if (list) list.push(event)
      else byStream.set(stream, [event])
    }
    const groups = [...byStream]
    let next = 0
    const worker = async () => {
      while (next < groups.length) {
        const [stream, list] = groups[next++]!
        const { position } = await store.appendToStream(stream, list)
        if (!last || comparePositions(position, last) > 0) last = position
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker))
    events += batch.events.length
    if (options.onProgress && events - reported >= every) {
      reported = events
      const elapsedMs = Date.now() - started
      options.onProgress({
        day: batch.day,
        events,
        elapsedMs,
        eventsPerSecond: Math.round((events * 1000) / elapsedMs),
      })
    }
  }
  // Readers see an event once every older write transaction has ended: wait for ours.
  if (last) await waitForPosition(store, last, 120_000)
  return { events, elapsedMs: Date.now() - started }
}
