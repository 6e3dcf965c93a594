import type { EventStore } from '@gsr/event-store'

const refuse = () => {
  throw new Error('no event store given to createTestApp (pass options.eventStore)')
}

/** For apps whose modules never touch the event store (the admin service's tests). */
export const unwiredEventStore: EventStore = {
  appendToStream: async () => refuse(),
  readStream: async () => refuse(),
  readAll: async () => refuse(),
  subscribeToAll: () => refuse(),
  headPosition: async () => undefined,
  close: async () => {},
}
