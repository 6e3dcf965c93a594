import type { FastifyRequest } from 'fastify'
import { handleCommand, type CommandDecider, type DecidedEvent, type EventStore } from '@gsr/event-store'
import { eventMetadata } from '../eventMetadata.ts'
import { idempotentEventIds } from '../idempotency/idempotentEventIds.ts'
import type { ServiceContext } from '../ServiceModule.ts'
import type { Recorded } from './Recorded.ts'

/**
 * HTTP -> decide (pure) -> append: the one path every write of a decider takes. The metadata
 * names the caller and the field moment; with an Idempotency-Key the event ids derive from it,
 * so a retry the kit could not replay (a lost reply, a crash) appends nothing twice.
 */
export async function recordCommand<Command, Event extends DecidedEvent, State>(
  ctx: ServiceContext,
  request: FastifyRequest,
  streamName: string,
  decider: CommandDecider<Command, Event, State>,
  command: Command,
  occurredAt?: string,
): Promise<Recorded> {
  const eventIds = idempotentEventIds(request, streamName)
  const result = await handleCommand(ctx.eventStore, streamName, decider, command, {
    metadata: eventMetadata(request, occurredAt),
    ...(eventIds ? { eventIds } : {}),
  })
  return {
    streamName,
    revision: result.nextExpectedRevision,
    events: result.newEvents.map((e) => ({ id: e.id, type: e.type, data: e.data as Record<string, unknown> })),
  }
}

/** A stream folded with a decider's evolve: what a route reads to check scope before a command. */
export async function loadState<State, Event>(
  store: EventStore,
  streamName: string,
  decider: { initialState: () => State; evolve: (state: State, event: Event) => State },
): Promise<State> {
  let state = decider.initialState()
  for (const event of await store.readStream(streamName)) state = decider.evolve(state, event as unknown as Event)
  return state
}
