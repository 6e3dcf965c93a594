import { createHash } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import '../auth/RouteAuth.ts'

/**
 * Event ids derived from the request's Idempotency-Key (and the stream), for
 * `handleCommand(..., { eventIds })`: should the kit's reply record be lost (a crash between
 * the append and the reply), the retry re-sends the same ids and the store records nothing
 * twice. Undefined without the header (random ids then).
 */
export function idempotentEventIds(
  request: FastifyRequest,
  streamName: string,
): ((index: number) => string) | undefined {
  const key = request.headers['idempotency-key']
  if (typeof key !== 'string' || !key) return undefined
  const scope = request.principal?.organisationId ?? 'public'
  return (index) => {
    const hex = createHash('sha256').update(`${scope}\n${key}\n${streamName}\n${index}`).digest('hex')
    // Shaped as a version-5-style UUID so it fits uuid columns.
    const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}
