import { isDeepStrictEqual } from 'node:util'
import type { AppendResult, EventMetadata, EventStore, NewEvent, RecordedEvent } from './EventStore.ts'
import { WrongExpectedRevisionError } from './errors.ts'
import { newEventId } from './newEventId.ts'

/** The decider shape handleCommand needs (structurally the same as @gsr/domain's Decider). */
export interface CommandDecider<Command, Event extends DecidedEvent, State> {
  readonly initialState: () => State
  readonly evolve: (state: State, event: Event) => State
  readonly decide: (command: Command, state: State) => readonly Event[]
}

/** What a decider returns: the event body; handleCommand adds the id and metadata. */
export interface DecidedEvent {
  readonly type: string
  readonly data: unknown
}

export interface HandleCommandOptions {
  readonly metadata: EventMetadata
  /**
   * Deterministic ids for the new events (by index), e.g. derived from an Idempotency-Key, so
   * a retried request re-sends the same ids and is recorded once. Default: random UUIDs.
   */
  readonly eventIds?: readonly string[] | ((index: number) => string)
  /** Attempts when another writer got to the stream first; default 3. */
  readonly maxAttempts?: number
}

export interface HandleCommandResult<Event extends DecidedEvent, State> {
  readonly newEvents: readonly NewEvent<Event['type'], Event['data']>[]
  readonly nextExpectedRevision: number
  readonly state: State
}

/**
 * Read the stream, fold it, decide, append with the revision that was read. When another
 * writer appended in between, start over (decide again on the newer state). A decider that
 * refuses throws; nothing is appended then.
 */
export async function handleCommand<Command, Event extends DecidedEvent, State>(
  store: EventStore,
  streamName: string,
  decider: CommandDecider<Command, Event, State>,
  command: Command,
  options: HandleCommandOptions,
): Promise<HandleCommandResult<Event, State>> {
  const maxAttempts = options.maxAttempts ?? 3
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(streamName)
    const landed = options.eventIds && landedRetry(recorded, decider, command, options.eventIds)
    if (landed) return landed
    let state = decider.initialState()
    for (const event of recorded) state = decider.evolve(state, event as unknown as Event)
    const decided = decider.decide(command, state)
    const newEvents = decided.map((event, index) => ({
      id: eventId(options.eventIds, index),
      type: event.type,
      data: event.data,
      metadata: options.metadata,
    }))
    const read = recorded.at(-1)?.revision
    if (newEvents.length === 0) return { newEvents, nextExpectedRevision: read ?? -1, state }
    let result: AppendResult
    try {
      result = await store.appendToStream(streamName, newEvents, {
        expectedRevision: read === undefined ? 'no_stream' : read,
      })
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < maxAttempts) continue
      throw error
    }
    // A retry of an earlier append (same ids) reports the original revision: its events are already folded in.
    const replayed = result.nextExpectedRevision !== (read ?? -1) + newEvents.length
    if (!replayed) for (const event of decided) state = decider.evolve(state, event)
    return { newEvents, nextExpectedRevision: result.nextExpectedRevision, state }
  }
}

/**
 * A retry of a command whose events already landed under the same derived ids (the reply was
 * lost): answered with the first decision, taken again on the state it was taken on, instead of
 * a second decision on the newer state, which would refuse ("already registered") or differ.
 * A different command under the same ids is not a retry: undefined, decided as usual.
 */
function landedRetry<Command, Event extends DecidedEvent, State>(
  recorded: readonly RecordedEvent[],
  decider: CommandDecider<Command, Event, State>,
  command: Command,
  ids: NonNullable<HandleCommandOptions['eventIds']>,
): HandleCommandResult<Event, State> | undefined {
  const first = recorded.findIndex((event) => event.id === eventId(ids, 0))
  if (first < 0) return undefined
  let before = decider.initialState()
  for (const event of recorded.slice(0, first)) before = decider.evolve(before, event as unknown as Event)
  let decided: readonly Event[]
  try {
    decided = decider.decide(command, before)
  } catch {
    return undefined
  }
  const landed = recorded.slice(first, first + decided.length)
  const same =
    landed.length === decided.length &&
    decided.every(
      (event, i) =>
        landed[i]!.id === eventId(ids, i) &&
        landed[i]!.type === event.type &&
        isDeepStrictEqual(landed[i]!.data, JSON.parse(JSON.stringify(event.data)) as unknown),
    )
  if (!same) return undefined
  let state = before
  for (const event of recorded.slice(first)) state = decider.evolve(state, event as unknown as Event)
  return {
    newEvents: landed.map((event) => ({
      id: event.id,
      type: event.type as Event['type'],
      data: event.data as Event['data'],
      metadata: event.metadata,
    })),
    nextExpectedRevision: recorded.at(-1)!.revision,
    state,
  }
}

function eventId(ids: HandleCommandOptions['eventIds'], index: number): string {
  if (ids === undefined) return newEventId()
  const id = typeof ids === 'function' ? ids(index) : ids[index]
  if (id === undefined) throw new Error(`handleCommand: no event id given for event ${index}`)
  return id
}
