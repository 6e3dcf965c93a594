// The projection worker run alone (cluster mode): read models in PostgreSQL (DATABASE_URL),
// events from EVENT_STORE_URL (KurrentDB/EventStoreDB or PostgreSQL; default the same DB).
import { pino } from 'pino'
import { createPostgresClient } from '@gsr/db'
import { createProjector } from './createProjector.ts'
import { loadProjectorConfig, ProjectorConfigError } from './loadProjectorConfig.ts'
import { openEventStore } from './openEventStore.ts'
import { selectProjections } from './selectProjections.ts'

let config
try {
  config = loadProjectorConfig()
} catch (error) {
  if (!(error instanceof ProjectorConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
// Imported after the config check: loading every service's projections takes a while.
const { allProjections } = await import('./allProjections.ts')
const logger = pino({ level: config.logLevel, base: { service: 'projector' } })
const sql = await createPostgresClient({
  connectionString: config.databaseUrl,
  ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
})
const events = await openEventStore(config, sql)
const projections = selectProjections(allProjections, config.projections)
const projector = createProjector({
  sql,
  store: events.store,
  projections,
  logger,
  batchSize: config.batchSize,
  pollIntervalMs: config.pollIntervalMs,
  lagThreshold: config.lagThreshold,
  failureThreshold: config.failureThreshold,
  lease: { ttlMs: config.leaseTtlMs, ...(config.instanceId ? { holder: config.instanceId } : {}) },
})
await projector.start()
const address = await projector.app.listen({ port: config.port, host: config.host })
logger.info(
  { projections: projections.map((p) => p.name), eventStore: config.eventStoreKind, address },
  'projector running; /health, /ready and /metrics served',
)
if (projections.length === 0) logger.warn({}, 'no projections registered in services/projector/src/allProjections.ts')

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  logger.info({ signal }, 'stopping: letting running batches commit')
  try {
    await projector.stop()
    await events.close()
    await sql.close()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
