import type { EventStore, ReadAllOptions, RecordedEvent } from '../EventStore.ts'

/**
 * Reads the global order until `done` accepts what was read. On PostgreSQL an event becomes
 * readable once every older write transaction in the cluster has ended (that is how readers
 * never skip one), so a test reading right after its own append must wait, not expect it.
 */
export async function readAllUntil(
  store: EventStore,
  options: ReadAllOptions,
  done: (events: RecordedEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const events = await store.readAll(options)
    if (done(events)) return events
    if (Date.now() > deadline)
      throw new Error(`readAll: condition not met within ${timeoutMs} ms (${events.length} read)`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
