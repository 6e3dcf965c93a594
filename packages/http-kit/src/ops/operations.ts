import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { KitMetrics } from './KitMetrics.ts'
import type { ServiceContext } from '../ServiceModule.ts'

/** A readiness probe: resolve for ready, throw (or return ok: false) for not ready. */
export interface ReadinessCheck {
  readonly name: string
  check(): Promise<void | { ok: boolean; detail?: string }>
}

/** Lag per projection in events behind the head (fed to the gauge and to readiness). */
export type ProjectionLagSource = () => Promise<Readonly<Record<string, number>>>

const CheckResult = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })
const Readiness = z
  .object({ status: z.enum(['ready', 'not_ready']), checks: z.array(CheckResult) })
  .meta({ examples: [{ status: 'ready', checks: [{ name: 'database', ok: true }] }] })

export function installOperations(
  app: FastifyInstance,
  ctx: ServiceContext,
  metrics: KitMetrics,
  options: { readinessChecks: readonly ReadinessCheck[]; projectionLag?: ProjectionLagSource | undefined },
): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })

  const lagCheck: ReadinessCheck | undefined = options.projectionLag && {
    name: 'projection_lag',
    async check() {
      const lags = await refreshLag()
      const behind = Object.entries(lags).filter(([, lag]) => lag > ctx.config.projectionLagThreshold)
      return behind.length
        ? { ok: false, detail: behind.map(([name, lag]) => `${name} is ${lag} events behind`).join('; ') }
        : { ok: true }
    },
  }
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await ctx.sql.query('SELECT 1')) },
    {
      name: 'event_store',
      check: async () => void (await ctx.eventStore.headPosition()),
    },
    ...(lagCheck ? [lagCheck] : []),
    ...options.readinessChecks,
  ]

  async function refreshLag(): Promise<Readonly<Record<string, number>>> {
    if (!options.projectionLag) return {}
    const lags = await options.projectionLag()
    for (const [projection, lag] of Object.entries(lags)) metrics.projectionLag.set({ projection }, lag)
    return lags
  }

  const ops = { tags: ['operations'], security: [] }
  app.get(
    '/health',
    {
      config: { auth: 'public', rateLimit: false },
      schema: {
        ...ops,
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok') }).meta({ examples: [{ status: 'ok' }] }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  )
  app.get(
    '/ready',
    {
      config: { auth: 'public', rateLimit: false },
      schema: {
        ...ops,
        summary: 'Readiness: store reachable and projections caught up',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async ({ name, check }) => {
          try {
            const outcome = await check()
            if (outcome && !outcome.ok)
              return { name, ok: false, ...(outcome.detail ? { detail: outcome.detail } : {}) }
            return { name, ok: true }
          } catch (error) {
            return { name, ok: false, detail: (error as Error).message }
          }
        }),
      )
      const ready = results.every((r) => r.ok)
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: results })
    },
  )
  app.get(
    '/metrics',
    {
      config: { auth: 'public', rateLimit: false },
      schema: { ...ops, summary: 'Prometheus metrics', produces: ['text/plain'] },
    },
    async (_request, reply) => {
      await refreshLag().catch(() => {})
      return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics())
    },
  )
}
