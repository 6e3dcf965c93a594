import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { projectionReadiness, type ProjectionLag, type ProjectionRunner } from '@gsr/projections'
import type { KitMetrics } from './KitMetrics.ts'
import type { ServiceContext } from '../ServiceModule.ts'

/** A readiness probe: resolve for ready, throw (or return ok: false) for not ready. */
export interface ReadinessCheck {
  readonly name: string
  check(): Promise<void | { ok: boolean; detail?: string }>
}

/**
 * What the kit needs of the projection runner: lag (the gauge and readiness) and the
 * quarantine (readiness and the administrators' routes).
 */
export type ProjectionOperations = Pick<ProjectionRunner, 'lag' | 'quarantined' | 'retryQuarantined'>

const CheckResult = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })
const Readiness = z
  .object({ status: z.enum(['ready', 'not_ready']), checks: z.array(CheckResult) })
  .meta({ examples: [{ status: 'ready', checks: [{ name: 'database', ok: true }] }] })

export function installOperations(
  app: FastifyInstance,
  ctx: ServiceContext,
  metrics: KitMetrics,
  options: { readinessChecks: readonly ReadinessCheck[]; projections?: ProjectionOperations | undefined },
): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
  })

  // The projection checks of one /ready share one measurement.
  let measuring: Promise<ReturnType<typeof projectionReadiness>> | undefined
  const judgeProjections = () =>
    (measuring ??= refreshLag()
      .then((lags) =>
        projectionReadiness(lags, {
          lagThreshold: ctx.config.projectionLagThreshold,
          failureThreshold: ctx.config.projectionFailureThreshold ?? 3,
        }),
      )
      .finally(() => {
        measuring = undefined
      }))
  const projectionChecks: ReadinessCheck[] = options.projections
    ? (['projection_lag', 'projection_failures', 'projection_quarantine'] as const).map((name) => ({
        name,
        check: async () => (await judgeProjections()).find((result) => result.name === name) ?? { ok: true },
      }))
    : []
  const checks: ReadinessCheck[] = [
    { name: 'database', check: async () => void (await ctx.sql.query('SELECT 1')) },
    {
      name: 'event_store',
      // A store of its own (cluster mode) is probed once, without the retries reads make.
      check: async () => void (await (ctx.eventStore.ping ? ctx.eventStore.ping() : ctx.eventStore.headPosition())),
    },
    ...projectionChecks,
    ...options.readinessChecks,
  ]

  async function refreshLag(): Promise<readonly ProjectionLag[]> {
    if (!options.projections) return []
    const lags = await options.projections.lag()
    for (const lag of lags) metrics.projectionLag.set({ projection: lag.name }, lag.eventsBehind)
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
        summary: 'Readiness: store reachable, projections caught up, not failing, nothing quarantined',
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
