import {
  comparePositions,
  waitForPosition,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
} from '@gsr/event-store'

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
  if (last) await waitForPosition(store, last)
}
