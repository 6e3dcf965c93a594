import type { EventStore } from '@gsr/event-store'
import { parseCatalogueEvent } from '@gsr/events'

/** A decided event its catalogue schema refuses: a bug upstream (input validation should have refused it). */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError'
  constructor(
    readonly streamName: string,
    readonly eventType: string,
    override readonly cause: unknown,
  ) {
    super(`refusing to append ${eventType} to ${streamName}: it does not match its catalogue schema`)
  }
}

/**
 * The event store every route writes through: each event is validated against its catalogue
 * schema (@gsr/events) before the append, all or nothing, so an event nobody could read back is
 * never written. A refused event is an internal error (500, logged): nothing is appended.
 */
export function validatedEventStore(store: EventStore): EventStore {
  return {
    readStream: (name, options) => store.readStream(name, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    ...(store.heldBack ? { heldBack: store.heldBack.bind(store) } : {}),
    ...(store.ping ? { ping: store.ping.bind(store) } : {}),
    close: () => store.close(),
    appendToStream(streamName, events, options) {
      for (const event of events) {
        try {
          parseCatalogueEvent(event)
        } catch (cause) {
          return Promise.reject(new InvalidEventError(streamName, event.type, cause))
        }
      }
      return store.appendToStream(streamName, events, options)
    },
  }
}
