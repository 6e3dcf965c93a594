import Fastify, { type FastifyInstance } from 'fastify'
import { Registry, collectDefaultMetrics } from 'prom-client'
import type { SqlClient } from '@gsr/db'
import type { EventStore } from '@gsr/event-store'
import {
  createProjectionRunner,
  projectionReadiness,
  registerProjectionMetrics,
  type LeasePolicy,
  type Projection,
  type ProjectionLogger,
  type ProjectionRunner,
} from '@gsr/projections'

export interface ProjectorOptions {
  readonly sql: SqlClient
  readonly store: EventStore
  readonly projections: readonly Projection[]
  readonly logger?: ProjectionLogger
  readonly batchSize?: number
  readonly pollIntervalMs?: number
  /** /ready answers 503 while a projection is more events than this behind. Default 1000. */
  readonly lagThreshold?: number
  /** /ready answers 503 while a projection has failed more batches than this in a row. Default 3. */
  readonly failureThreshold?: number
  /** Process metrics (CPU, memory, event loop) on /metrics. Default true. */
  readonly defaultMetrics?: boolean
  /** Each projection is applied by the one worker holding its lease (see @gsr/projections). */
  readonly lease?: LeasePolicy
}

export interface Projector {
  readonly runner: ProjectionRunner
  /** /health (liveness), /ready (database, lag, failures, quarantine) and /metrics; not listening yet. */
  readonly app: FastifyInstance
  start(): Promise<void>
  stop(): Promise<void>
}

/** The projection worker of the cluster mode, built from injected dependencies. */
export function createProjector(options: ProjectorOptions): Projector {
  const runner = createProjectionRunner({
    store: options.store,
    sql: options.sql,
    projections: options.projections,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.lease ? { lease: options.lease } : {}),
  })
  const thresholds = { lagThreshold: options.lagThreshold ?? 1000, failureThreshold: options.failureThreshold ?? 3 }
  const registry = new Registry()
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  registerProjectionMetrics(runner, registry)

  const app = Fastify({ logger: false })
  app.get('/health', async () => ({ status: 'ok' }))
  app.get('/ready', async (_request, reply) => {
    const checks: { name: string; ok: boolean; detail?: string }[] = []
    const check = async (name: string, fn: () => Promise<string | undefined>) => {
      try {
        const problem = await fn()
        checks.push(problem ? { name, ok: false, detail: problem } : { name, ok: true })
      } catch (error) {
        checks.push({ name, ok: false, detail: (error as Error).message })
      }
    }
    await check('database', async () => void (await options.sql.query('SELECT 1')))
    // A store of its own (cluster mode) is probed once: lag would wait out the reads' retries.
    const ping = options.store.ping?.bind(options.store)
    if (ping) await check('event_store', async () => void (await ping()))
    if (checks.some((c) => c.name === 'event_store' && !c.ok)) {
      checks.push({ name: 'projection_lag', ok: false, detail: 'unknown: the event store is unreachable' })
    } else {
      try {
        checks.push(...projectionReadiness(await runner.lag(), thresholds))
      } catch (error) {
        checks.push({ name: 'projection_lag', ok: false, detail: (error as Error).message })
      }
    }
    const ready = checks.every((c) => c.ok)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
  })
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  )

  return {
    runner,
    app,
    start: () => runner.start(),
    async stop() {
      await app.close()
      await runner.stop()
    },
  }
}
