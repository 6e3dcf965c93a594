/**
 * The projector as a separate process for scripts/bench/prefill.ts --projector=process (what
 * the cluster mode's projector worker does): runs the gas-safety projection on the bench's
 * PostgreSQL schema until SIGTERM.
 *
 *   npx tsx scripts/bench/prefillProjector.ts <postgres url> <schema> [batch size, default 1000]
 */
import { createPostgresClient } from '@gsr/db'
import { createPostgresEventStore } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { cylinderProjections } from '@gsr/read-models/cylinders'

const [url, schema, batch] = process.argv.slice(2)
if (!url || !schema) throw new Error('usage: prefillProjector.ts <postgres url> <schema>')
const sql = await createPostgresClient({ connectionString: url, schema, maxConnections: 4 })
const store = createPostgresEventStore(sql)
const runner = createProjectionRunner({
  store,
  sql,
  projections: cylinderProjections,
  batchSize: Number(batch ?? 1000),
  liveWakeups: false,
})
await runner.start()
process.send?.('started')
process.on('SIGTERM', () => {
  void (async () => {
    await runner.stop()
    await store.close()
    await sql.close()
    process.exit(0)
  })()
})
