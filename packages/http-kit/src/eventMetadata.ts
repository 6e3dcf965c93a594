import type { FastifyRequest } from 'fastify'
import type { EventMetadata } from '@gsr/event-store'
import './auth/RouteAuth.ts'

/**
 * Metadata for the events a request records: who (from the credential), when it happened
 * (the caller's field time, else now), and the request id as correlation id.
 */
export function eventMetadata(request: FastifyRequest, occurredAt?: string | Date, schemaVersion = 1): EventMetadata {
  const p = request.principal
  const at = occurredAt ?? request.server.kit.clock.now()
  return {
    actor: { organisationId: p.organisationId, userId: p.userId, role: p.role },
    occurredAt: typeof at === 'string' ? at : at.toISOString(),
    correlationId: String(request.headers['x-correlation-id'] ?? request.id),
    schemaVersion,
  }
}
