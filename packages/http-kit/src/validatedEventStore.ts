import type { EventStore } from '@gsr/event-store'
import { catalogueSchemaVersionOf, parseCatalogueEvent, upcastCatalogueEvent } from '@gsr/events'

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
 * The event store every route writes through: each event is stamped with its type's current
 * schema version (`catalogueSchemaVersionOf`: what today's code decides has today's shape, so a
 * type at version 2 is recorded as 2, whatever metadata the caller built) and validated against
 * its catalogue schema (@gsr/events) before the append, all or nothing, so an event nobody could
 * read back is never written. A refused event is an internal error (500, logged): nothing is
 * appended. (Events of an older version reach a log only from an older server: read them with
 * the store itself, the catalogue's upcasters lift them.)
 */
export function validatedEventStore(store: EventStore): EventStore {
  return {
    // What deciders fold: each event lifted to its current schema (an older server's too).
    readStream: async (name, options) => (await store.readStream(name, options)).map(upcastCatalogueEvent),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    ...(store.heldBack ? { heldBack: store.heldBack.bind(store) } : {}),
    ...(store.ping ? { ping: store.ping.bind(store) } : {}),
    close: () => store.close(),
    appendToStream(streamName, events, options) {
      const stamped = []
      for (const event of events) {
        try {
          const current = {
            ...event,
            metadata: { ...event.metadata, schemaVersion: catalogueSchemaVersionOf(event.type) },
          }
          parseCatalogueEvent(current)
          stamped.push(current)
        } catch (cause) {
          return Promise.reject(new InvalidEventError(streamName, event.type, cause))
        }
      }
      return store.appendToStream(streamName, stamped, options)
    },
  }
}
