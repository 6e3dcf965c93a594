import type { ExpectedRevision } from './EventStore.ts'

/** The stream is not at the revision the caller expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError'
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamName}: expected revision ${String(expected)}, actual ${String(actual)}`)
  }
}

/** An event id was re-used for a different event (other stream, type or data). */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError'
  constructor(
    readonly eventId: string,
    readonly streamName: string,
  ) {
    super(`event id ${eventId} is already recorded with different content (stream ${streamName})`)
  }
}

/**
 * The store could not be reached, or the connection was lost, during the call (a node restart,
 * a leader change, a network cut). Nothing was acknowledged: a write may or may not have been
 * recorded, so a caller retries it with the same event ids, which the store records once.
 */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError'
  constructor(override readonly cause: unknown) {
    super(`event store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}
