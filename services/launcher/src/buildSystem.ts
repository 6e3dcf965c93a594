import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { runMigrations, type SqlClient } from '@gsr/db'
import { loadAnchorKey, startAnchoring, type EventStore, type RunningAnchoring } from '@gsr/event-store'
import { createProjectionRunner, waitForCheckpoints, type ProjectionRunner } from '@gsr/projections'
import { systemClock, type Clock } from '@gsr/domain'
import {
  createApp,
  purgeIdempotencyRecords,
  releaseAbandonedClaims,
  type IdempotencyOwner,
  type KitConfig,
  type ServiceModule,
} from '@gsr/http-kit'
import { ensureAdministrator } from '@gsr/admin-service'
import { startInspectionScheduler, type RunningScheduler } from '@gsr/registry-service'
import { cylinderDueDateSource } from '@gsr/read-models/cylinders'
import { penaltyCaseOverdueSource, rectificationOrderOverdueSource } from '@gsr/read-models/enforcement'
import { modules as allModules } from './modules.ts'
import { openDatabase } from './openDatabase.ts'
import { openEventStore } from './openEventStore.ts'
import { serveConsole } from './serveConsole.ts'
import { systemMigrations } from './systemMigrations.ts'

export interface System {
  readonly app: FastifyInstance
  readonly sql: SqlClient
  readonly eventStore: EventStore
  /** Runs the modules' projections in-process; undefined in cluster mode (the projector does). */
  readonly runner: ProjectionRunner | undefined
  /** The demo administrator's key, when this start created it (embedded mode, first start). */
  readonly createdAdminKey: string | undefined
  /** Starts the projections (if any) and listens on HOST:PORT; returns the base URL. */
  start(): Promise<string>
  /** Graceful: stops taking requests, lets in-flight ones finish, stops projections, closes stores. */
  close(): Promise<void>
}

export interface BuildSystemOptions {
  readonly config: KitConfig
  readonly logger: FastifyBaseLogger
  readonly modules?: readonly ServiceModule[]
  /** An open database to use instead of the one the config names (tests). */
  readonly sql?: SqlClient
  readonly clock?: Clock
}

/** Everything `npm start` runs, built but not listening: one Fastify app for every module. */
export async function buildSystem(options: BuildSystemOptions): Promise<System> {
  const { config, logger } = options
  const modules = options.modules ?? allModules
  const sql = options.sql ?? (await openDatabase(config))
  const cluster = config.mode === 'cluster'
  const applied = await runMigrations(sql, systemMigrations(modules, { eventStore: !cluster }))
  if (applied.length) logger.info({ migrations: applied }, `applied ${applied.length} migrations`)
  const eventStore = await openEventStore(config, sql)

  let createdAdminKey: string | undefined
  if (config.mode === 'embedded') {
    const created = await ensureAdministrator(sql, { name: 'Demo administrators 演示管理员' })
    if (created) {
      createdAdminKey = created.apiKey
      writeFileSync(join(config.dataDir, 'admin-key.txt'), created.apiKey + '\n', { mode: 0o600 })
    }
  }

  const projections = modules.flatMap((m) => m.projections ?? [])
  const runner =
    cluster || projections.length === 0
      ? undefined
      : createProjectionRunner({
          store: eventStore,
          sql,
          projections,
          logger,
          // Replicas split the projections by lease. Embedded: the data-folder lock makes this
          // the only process, so one fixed name takes back what a killed predecessor held.
          lease: { holder: config.mode === 'embedded' ? 'embedded' : `instance:${config.instanceId ?? 'unnamed'}` },
        })

  const idempotencyOwner: IdempotencyOwner = { instance: config.instanceId ?? 'unnamed', incarnation: randomUUID() }
  const app = await createApp({
    modules,
    idempotencyOwner,
    ctx: { sql, eventStore, clock: options.clock ?? systemClock, logger, config },
    defaultMetrics: true,
    ...(runner ? { projections: runner } : {}),
  })
  // The enforcement console (apps/console) at /console, when built.
  await serveConsole(app)

  let purgeTimer: NodeJS.Timeout | undefined
  let scheduler: RunningScheduler | undefined
  let anchoring: RunningAnchoring | undefined
  let closed: Promise<void> | undefined
  return {
    app,
    sql,
    eventStore,
    runner,
    createdAdminKey,
    async start() {
      // Claims of requests a crashed predecessor left in progress: retries would otherwise be
      // refused for 60 s. Embedded: the data-folder lock makes this the only process, so every
      // other claim is dead; otherwise only this instance's earlier incarnations are known dead.
      const released = await releaseAbandonedClaims(sql, idempotencyOwner, {
        everyInstance: config.mode === 'embedded',
      })
      if (released) logger.info({ released }, 'released Idempotency-Key claims left by a previous process')
      await app.listen({ port: config.port, host: config.host })
      // After listening: the runner's own migrate step (its checkpoints, each projection's
      // version) and its first reads are many small queries; /health needs none of them, and
      // /ready measures the projections' lag from the stored checkpoints meanwhile.
      if (runner) await runner.start()
      const purge = () =>
        purgeIdempotencyRecords(sql).catch((error: unknown) => logger.warn({ err: error }, 'idempotency purge failed'))
      void purge()
      purgeTimer = setInterval(purge, 3_600_000).unref()
      // Inspection due/overdue events (deterministic ids: several launchers may run it safely).
      if (modules.some((m) => m.name === 'registry')) {
        scheduler = startInspectionScheduler({
          // The app's store: appends validated against the catalogue and timed, as the routes' are.
          store: app.kit.eventStore,
          sql,
          clock: options.clock ?? systemClock,
          extraSources: modules.some((m) => m.name === 'cylinders') ? [cylinderDueDateSource(sql)] : [],
          // Rectification orders past their deadline without a re-check (逾期未复查); penalty
          // cases past their decision due day undecided (超期未决).
          factSources: modules.some((m) => m.name === 'enforcement')
            ? [rectificationOrderOverdueSource(sql), penaltyCaseOverdueSource(sql)]
            : [],
          // The first run reads the registers only once they hold the log as it was at start:
          // this process's runner, or in cluster mode the projector's checkpoints.
          caughtUp: runner
            ? () => projectionsAtHead(eventStore, runner)
            : () =>
                checkpointsAtHead(
                  eventStore,
                  sql,
                  projections.map((p) => p.name),
                ),
          onRun: ({ conflicts }) => {
            if (conflicts.length > 0) logger.error({ conflicts }, 'inspection facts not recorded: their ids are taken')
          },
          onError: (error) => logger.warn({ err: error }, 'inspection scheduler run failed'),
        })
      }
      // Signed anchors of the log (packages/event-store): embedded keeps its key in DATA_DIR.
      const anchorKey = loadAnchorKey({
        configured: config.anchorSigningKey,
        ...(config.mode === 'embedded' ? { dataDir: config.dataDir, create: true } : {}),
      })
      const anchorMinutes = config.anchorIntervalMinutes ?? 60
      if (anchorKey && anchorMinutes > 0)
        anchoring = startAnchoring({
          store: eventStore,
          sql,
          key: anchorKey,
          intervalMs: anchorMinutes * 60_000,
          onAnchor: ({ anchor, recorded }) =>
            recorded && logger.info({ anchor: anchor.statement }, `anchor ${anchor.statement.sequence} recorded`),
          onError: (error) => logger.error({ err: error }, 'anchor not recorded'),
        })
      else if (anchorMinutes > 0) logger.warn('no ANCHOR_SIGNING_KEY: the event log is not anchored')
      const address = app.server.address()
      const port = typeof address === 'object' && address ? address.port : config.port
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
      return `http://${host}:${port}`
    },
    close() {
      closed ??= (async () => {
        clearInterval(purgeTimer)
        await scheduler?.stop()
        await anchoring?.stop()
        await app.close()
        if (runner) await runner.stop()
        await eventStore.close()
        if (!options.sql) await sql.close()
      })()
      return closed
    },
  }
}

/** Resolves once the projector's stored checkpoints have reached the log's head as it is now (rejects after 60 s). */
async function checkpointsAtHead(store: EventStore, sql: SqlClient, names: readonly string[]): Promise<void> {
  const head = await store.headPosition()
  if (head && names.length > 0) await waitForCheckpoints(sql, names, head, { timeoutMs: 60_000 })
}

/** Resolves once every projection has consumed the log's head as it is now (rejects after 60 s). */
async function projectionsAtHead(store: EventStore, runner: ProjectionRunner): Promise<void> {
  const head = await store.headPosition()
  if (head) await runner.waitFor(head, { timeoutMs: 60_000 })
}
