import type { FastifyRequest } from 'fastify'
import { handleCommand, type CommandDecider, type DecidedEvent } from '@gsr/event-store'
import { eventMetadata, fieldOccurredAt, idempotentEventIds, ProblemError, type ServiceContext } from '@gsr/http-kit'
import { InvalidCursorError } from '@gsr/read-models/equipment'
import type { z } from 'zod'
import type { Recorded } from './views.ts'
import { chinaDate } from '@gsr/domain'

/** HTTP -> decide (pure) -> append: the one path every registry write takes. */
export async function recordCommand<Command, Event extends DecidedEvent, State>(
  ctx: ServiceContext,
  request: FastifyRequest,
  streamName: string,
  decider: CommandDecider<Command, Event, State>,
  command: Command,
  occurredAt?: string,
): Promise<z.infer<typeof Recorded>> {
  // With an Idempotency-Key, ids derive from it: a retry the kit could not replay appends nothing twice.
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

/** Today in the field's time zone (China), from the injected clock. */
export function today(ctx: ServiceContext): string {
  return chinaDate(ctx.clock.now())
}

/** Field dates given as YYYY-MM-DD become occurredAt at the start of that China day. */
export function occurredOn(date: string | undefined): string | undefined {
  return date === undefined ? undefined : fieldOccurredAt(date, undefined)
}

/** Runs a read-model query, answering 400 for a cursor that is not ours. */
export async function withCursor<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query()
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ProblemError({
        code: 'invalid-cursor',
        errors: [{ field: 'after', message: 'invalid cursor', in: 'querystring' }],
      })
    }
    throw error
  }
}
