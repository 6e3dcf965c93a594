// Rebuilds one projection from zero with progress output:
//   DATABASE_URL=postgres://... [EVENT_STORE_URL=...] npx tsx scripts/rebuild-projection.ts <name>
//   npx tsx scripts/rebuild-projection.ts --list
// Same environment as the projector worker (services/projector/src/loadProjectorConfig.ts).
// A running projector may stay up: checkpoints are row-locked, so no event is applied twice,
// but it will compete for batches while the rebuild runs.
import { pino } from 'pino'
import { createPostgresClient } from '@gsr/db'
import { createProjectionRunner } from '@gsr/projections'

const name = process.argv[2]
if (!name || name === '--help') {
  console.error('usage: tsx scripts/rebuild-projection.ts <projection name> | --list')
  process.exit(2)
}
// Loaded after the usage check: importing every service's projections takes a while.
const { allProjections, loadProjectorConfig, openEventStore, ProjectorConfigError, rebuildWithProgress } =
  await import('@gsr/projector-service')
if (name === '--list') {
  for (const projection of allProjections) console.log(projection.name)
  process.exit(0)
}
if (!allProjections.some((projection) => projection.name === name)) {
  console.error(`unknown projection ${name}; known: ${allProjections.map((p) => p.name).join(', ') || '(none)'}`)
  process.exit(2)
}

let config
try {
  config = loadProjectorConfig()
} catch (error) {
  if (!(error instanceof ProjectorConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}
const sql = await createPostgresClient({
  connectionString: config.databaseUrl,
  ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
})
const events = await openEventStore(config, sql)
try {
  const runner = createProjectionRunner({
    store: events.store,
    sql,
    projections: allProjections,
    batchSize: config.batchSize,
    liveWakeups: false,
    logger: pino({ level: 'warn' }, pino.destination(2)),
  })
  await runner.migrate()
  await rebuildWithProgress(runner, name)
} finally {
  await events.close()
  await sql.close()
}
