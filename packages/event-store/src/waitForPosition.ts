import type { EventStore, GlobalPosition } from './EventStore.ts'
import { comparePositions } from './position.ts'

/**
 * Resolves once readers can see the event at `position`. On PostgreSQL an appended event
 * becomes readable only when every older write transaction in the cluster has ended (readers
 * never skip one), so a loader or test that appends and then catches projections up waits
 * for this first, or catch-up may stop short on a busy shared server.
 */
export async function waitForPosition(store: EventStore, position: GlobalPosition, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const head = await store.headPosition()
    if (head && comparePositions(head, position) >= 0) return
    if (Date.now() > deadline) throw new Error(`appended events not readable within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
