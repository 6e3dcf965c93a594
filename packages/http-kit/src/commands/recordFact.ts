import type { FastifyRequest } from 'fastify'
import { EventIdConflictError, newEventId } from '@gsr/event-store'
import { ProblemError } from '../errors/ProblemError.ts'
import { eventMetadata } from '../eventMetadata.ts'
import { idempotentEventIds } from '../idempotency/idempotentEventIds.ts'
import type { ServiceContext } from '../ServiceModule.ts'
import type { Recorded } from './Recorded.ts'

/**
 * Records a fact that needs no decider (a production or sale record, a spot check) in its own
 * stream. Its event id is the record's id, client-made or derived from the Idempotency-Key, so
 * a retry is a no-op, and the same id with other content is a 409 naming `field`.
 */
export async function recordFact(
  ctx: ServiceContext,
  request: FastifyRequest,
  streamName: string,
  event: { id: string; type: string; data: Record<string, unknown> },
  occurredAt: string,
  field: string,
): Promise<Recorded> {
  try {
    const result = await ctx.eventStore.appendToStream(
      streamName,
      [{ ...event, metadata: eventMetadata(request, occurredAt) }],
      { expectedRevision: 'any' },
    )
    return { streamName, revision: result.nextExpectedRevision, events: [event] }
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

/**
 * The id of a fact whose client sent none: derived from the Idempotency-Key when there is one
 * (a retry names the same fact, so recordFact records it once), otherwise new.
 */
export function factId(request: FastifyRequest, kind: string): string {
  return idempotentEventIds(request, kind)?.(0) ?? newEventId()
}
