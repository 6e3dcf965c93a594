import { comparePositions, type EventStore, type GlobalPosition } from '@gsr/event-store'

/**
 * For tests that read their own writes through projections: wraps a store so it remembers
 * its latest append, and `visible()` resolves once readers can see it. On a shared PostgreSQL
 * server another database's open transaction delays what readers see (it never skips), so a
 * catch-up started right after an append may stop short of it.
 */
export function awaitVisibleAppends(inner: EventStore): { store: EventStore; visible: () => Promise<void> } {
  let last: GlobalPosition | undefined
  const store: EventStore = {
    appendToStream: async (...args) => {
      const result = await inner.appendToStream(...args)
      if (!last || comparePositions(result.position, last) > 0) last = result.position
      return result
    },
    readStream: (...args) => inner.readStream(...args),
    readAll: (...args) => inner.readAll(...args),
    subscribeToAll: (...args) => inner.subscribeToAll(...args),
    headPosition: () => inner.headPosition(),
    close: () => inner.close(),
  }
  return {
    store,
    async visible() {
      for (let attempt = 0; attempt < 200 && last; attempt++) {
        const head = await inner.headPosition()
        if (head && comparePositions(head, last) >= 0) return
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
  }
}
