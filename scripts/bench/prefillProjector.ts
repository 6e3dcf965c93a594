/**
 * The projector as a separate process for scripts/bench/prefill.ts --projector=process (what
 * the cluster mode's projector worker does): runs the gas-safety projection on the bench's
 * PostgreSQL schema until SIGTERM. Wakeups `live` (the default, as the projector service: the
 * store's live subscription wakes it) or `poll` (only its own poll interval).
 *
 *   npx tsx scripts/bench/prefillProjector.ts <postgres url> <schema> [batch size, default 1000] [poll ms, default 1000] [live|poll]
 */
import { createPostgresClient } from '@gsr/db'
import { createPostgresEventStore } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { cylinderProjections } from '@gsr/read-models/cylinders'

const [url, schema, batch, pollMs, wakeups] = process.argv.slice(2)
if (!url || !schema) throw new Error('usage: prefillProjector.ts <postgres url> <schema>')
const sql = await createPostgresClient({ connectionString: url, schema, maxConnections: 4 })
const store = createPostgresEventStore(sql)
const runner = createProjectionRunner({
  store,
  sql,
  projections: cylinderProjections,
  batchSize: Number(batch ?? 1000),
  pollIntervalMs: Number(pollMs ?? 1000),
  liveWakeups: wakeups !== 'poll',
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
