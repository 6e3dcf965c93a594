import { comparePositions, type EventStore, type GlobalPosition, type NewEvent } from '@gsr/event-store'

/**
 * On PostgreSQL an appended event becomes readable once every older write transaction in the
 * cluster has ended (readers never skip one). Tests and loaders that append and then catch the
 * projections up must wait for that, or catch-up may stop short on a busy shared server.
 */
export async function waitUntilReadable(
  store: EventStore,
  position: GlobalPosition,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const head = await store.headPosition()
    if (head && comparePositions(head, position) >= 0) return
    if (Date.now() > deadline) throw new Error(`appended events not readable within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Appends each (stream, event) in order, then waits until the last one is readable. */
export async function appendVisibly(
  store: EventStore,
  events: readonly (readonly [string, NewEvent])[],
): Promise<void> {
  let last: GlobalPosition | undefined
  for (const [stream, event] of events) {
    const { position } = await store.appendToStream(stream, [event])
    if (!last || comparePositions(position, last) > 0) last = position
  }
  if (last) await waitUntilReadable(store, last)
}
