import {
  ANY,
  NO_STREAM,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamRecordedEvent,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Position,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client'
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type EventMetadata,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
} from '@gsr/event-store'

/**
 * Pure translations between the port and @eventstore/db-client. EventStoreDB speaks bigint
 * revisions and (commit, prepare) log positions; the port speaks numbers (both stay below 2^53).
 */

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY
  if (expected === 'no_stream') return NO_STREAM
  if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`not a stream revision: ${expected}`)
  return BigInt(expected)
}

/**
 * The server's "wrong expected version" becomes the port's typed conflict; anything else passes
 * through. With expected revision `any` no revision can be wrong: the server reports a batch that
 * re-uses some recorded ids but not as the same batch (its "corrupted idempotency") that way.
 */
export function fromEsdbError(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
  firstEventId?: string,
): unknown {
  if (!(error instanceof WrongExpectedVersionError)) return error
  if (expected === 'any') return new EventIdConflictError(firstEventId ?? '', streamName)
  const actual = error.actualVersion
  // Servers report a missing stream as "no_stream" or as revision -1.
  const missing = actual === NO_STREAM || (typeof actual === 'bigint' && actual < 0n)
  return new WrongExpectedRevisionError(streamName, expected, missing ? 'no_stream' : Number(actual))
}

/**
 * Where the adapter keeps an event's link in its stream's hash chain: a metadata field the
 * port never shows in `metadata` (it is `RecordedEvent.hash`).
 */
export const chainHashField = 'chainHash'

export function toEsdbEvent(event: NewEvent, hash?: string): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    // The client's JSON type excludes bare numbers and booleans; they serialise all the same.
    data: (event.data ?? null) as JSONType,
    metadata: (hash === undefined
      ? event.metadata
      : { ...event.metadata, [chainHashField]: hash }) as unknown as JSONType,
  })
}

export function toEsdbPosition(position: GlobalPosition): Position {
  return { commit: BigInt(position.commit), prepare: BigInt(position.prepare) }
}

export function fromEsdbPosition(position: Position): GlobalPosition {
  return { commit: Number(position.commit), prepare: Number(position.prepare) }
}

/** Events the server writes for itself (`$`-prefixed streams and types) are not ours to project. */
export function isSystemEvent(event: Pick<EsdbRecordedEvent, 'streamId' | 'type'>): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$')
}

export function fromEsdbEvent(event: EsdbRecordedEvent | AllStreamRecordedEvent): RecordedEvent {
  if (!event.isJson) throw new Error(`event ${event.id} in ${event.streamId} is not JSON`)
  const { [chainHashField]: hash, ...metadata } = (event.metadata ?? {}) as Record<string, unknown>
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: metadata as unknown as EventMetadata,
    streamName: event.streamId,
    revision: Number(event.revision),
    position: event.position ? fromEsdbPosition(event.position) : { commit: -1, prepare: -1 },
    recordedAt: event.created,
    ...(typeof hash === 'string' ? { hash } : {}),
  }
}
