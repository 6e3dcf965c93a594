import type { FastifyRequest } from 'fastify'
import type { EventMetadata } from '@gsr/event-store'
import { ProblemError } from './errors/ProblemError.ts'
import { chinaDate, chinaStartOfDay } from '@gsr/domain'
import './auth/RouteAuth.ts'
import { correlationIdOf } from './validation/correlationId.ts'
import { requestNow } from './dates/requestNow.ts'

/**
 * Metadata for the events a request records: who (from the credential), when it happened
 * (the caller's field time, else the request's now), and the caller's X-Correlation-Id (validated by the kit:
 * 1-128 visible ASCII) or else the request id as correlation id. `schemaVersion` is each event
 * type's own: the kit's store (validatedEventStore) stamps the catalogue's current version on
 * every event on append, so the 1 here stands only until then (one request may record several
 * types at different versions).
 */
export function eventMetadata(request: FastifyRequest, occurredAt?: string | Date): EventMetadata {
  const p = request.principal
  const at = occurredAt ?? requestNow(request)
  return {
    actor: { organisationId: p.organisationId, userId: p.userId, role: p.role },
    occurredAt: typeof at === 'string' ? at : at.toISOString(),
    correlationId: correlationIdOf(request),
    schemaVersion: 1,
  }
}

/**
 * occurredAt of a fact whose body carries its field day: the instant given, which must fall on
 * that day (China time), else the start of that day. So the evidence shows the day it happened,
 * not the day it was sent.
 */
export function fieldOccurredAt(fieldDate: string, occurredAt: string | undefined, field = 'occurredAt'): string {
  if (occurredAt === undefined) return chinaStartOfDay(fieldDate)
  if (chinaDate(new Date(occurredAt)) !== fieldDate) {
    throw new ProblemError({
      code: 'validation-failed',
      detail: {
        en: `${field} must fall on the field date ${fieldDate} (China time)`,
        'zh-CN': `${field} 必须在业务日期 ${fieldDate}（北京时间）当天`,
      },
      errors: [{ field, message: `must fall on ${fieldDate} (China time)`, in: 'body' }],
    })
  }
  return occurredAt
}
