import { EventIdConflictError, type EventMetadata, type EventStore, type HandleCommandResult } from '@gsr/event-store'
import { ProblemError } from '@gsr/http-kit'

/** The reply of a command: the stream, its revision and the events recorded. */
export function recordedReply(
  streamName: string,
  result: HandleCommandResult<{ type: string; data: unknown }, unknown>,
) {
  return {
    streamName,
    nextExpectedRevision: result.nextExpectedRevision,
    events: result.newEvents.map((e) => ({ id: e.id, type: e.type, data: e.data })),
  }
}

/** Folds a stream with a decider's evolve: for scope checks before a command. */
export async function loadState<State, Event>(
  store: EventStore,
  streamName: string,
  decider: { initialState: () => State; evolve: (state: State, event: Event) => State },
): Promise<State> {
  let state = decider.initialState()
  for (const event of await store.readStream(streamName)) state = decider.evolve(state, event as unknown as Event)
  return state
}

/**
 * Appends a single fact (a record with its own id) to its own stream; the event id is the
 * record id, so a retry is a no-op and a re-used id with other content is a 409.
 */
export async function appendFact(
  store: EventStore,
  streamName: string,
  event: { id: string; type: string; data: unknown },
  metadata: EventMetadata,
  field: string,
): Promise<{
  streamName: string
  nextExpectedRevision: number
  events: { id: string; type: string; data: unknown }[]
}> {
  try {
    const result = await store.appendToStream(streamName, [{ ...event, metadata }], { expectedRevision: 'any' })
    return { streamName, nextExpectedRevision: result.nextExpectedRevision, events: [event] }
  } catch (error) {
    if (error instanceof EventIdConflictError) {
      throw new ProblemError({
        code: 'record-id-conflict',
        status: 409,
        detail: { en: 'this id is already used for a different record', 'zh-CN': '该编号已用于其他记录' },
        errors: [{ field, message: 'already used', in: 'body' }],
      })
    }
    throw error
  }
}
