import type { FastifyRequest } from 'fastify'
import { chinaDate } from '@gsr/domain'

const nowOf = new WeakMap<FastifyRequest, Date>()

/**
 * The request's "now", for every default a handler derives from the clock (a date left out of
 * the body is today, a plan's `knownAt` is now) and for the date windows: one instant for the
 * whole request, and for a retry under the same Idempotency-Key the first attempt's (kept with
 * its claim), so a retry after a lost reply decides what the first attempt decided, days later
 * too, and is recognised as the same command instead of refused as a conflict. Authentication
 * and token expiry read the live clock, not this.
 */
export function requestNow(request: FastifyRequest): Date {
  let now = nowOf.get(request)
  if (now === undefined) {
    now = request.server.kit.clock.now()
    nowOf.set(request, now)
  }
  return now
}

/** The request's day in China time (`requestNow`). */
export function requestToday(request: FastifyRequest): string {
  return chinaDate(requestNow(request))
}

/** For the Idempotency-Key claim: the request is the retry of one first received at `now`. */
export function continueRequestFrom(request: FastifyRequest, now: Date): void {
  nowOf.set(request, now)
}
