import type { FastifyInstance, FastifyRequest } from 'fastify'
import rateLimit from '@fastify/rate-limit'
import { ProblemError } from '../errors/ProblemError.ts'
import '../auth/RouteAuth.ts'

export interface RateLimits {
  /** Requests per minute from one source address, counted before authentication. */
  readonly perSourcePerMinute: number
  /** Requests per minute of one member (person or client), whatever key or token it uses. */
  readonly perCallerPerMinute: number
}

/**
 * Two limits. Per source, in the first onRequest hook (so it must be installed before
 * authentication): a flood of bad keys is cut off before each costs a credential lookup.
 * Per caller, after authentication: keyed by the member, so the tokens a person mints from
 * one key, or a client's several keys, share one budget. Routes with `config.rateLimit: false`
 * (health, readiness, metrics, docs) are not counted.
 */
export async function installRateLimits(app: FastifyInstance, limits: RateLimits): Promise<void> {
  await app.register(rateLimit, { global: false })
  const perSource = app.createRateLimit({
    max: limits.perSourcePerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `source:${request.ip}`,
  })
  const perCaller = app.createRateLimit({
    max: limits.perCallerPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => `member:${request.principal?.userId ?? request.ip}`,
  })
  const counted = (request: FastifyRequest) => request.routeOptions.config?.rateLimit !== false
  app.addHook('onRequest', async (request, reply) => {
    if (!counted(request)) return
    const outcome = await perSource(request)
    if (!outcome.isAllowed && outcome.isExceeded) throw limited(reply, outcome.ttlInSeconds, 'from this address')
  })
  app.addHook('preHandler', async (request, reply) => {
    if (!counted(request) || !request.principal) return
    const outcome = await perCaller(request)
    if (!outcome.isAllowed && outcome.isExceeded) throw limited(reply, outcome.ttlInSeconds, 'for this caller')
  })
}

function limited(reply: { header(name: string, value: string): unknown }, retryAfterSeconds: number, whose: string) {
  reply.header('retry-after', String(Math.max(1, retryAfterSeconds)))
  return new ProblemError({
    code: 'rate-limited',
    detail: {
      en: `too many requests ${whose}; retry in ${Math.max(1, retryAfterSeconds)} s`,
      'zh-CN': `请求过于频繁（${whose === 'for this caller' ? '此调用者' : '此地址'}）；请 ${Math.max(1, retryAfterSeconds)} 秒后重试`,
    },
  })
}
