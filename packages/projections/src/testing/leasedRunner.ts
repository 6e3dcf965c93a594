// Child process for the multi-process test: a runner's background loop (under its lease) on
// PostgreSQL read models, events from PostgreSQL or EventStoreDB, one ledger projection whose
// batches stay open a while. It prints one JSON line per event of interest, so the parent knows
// who applies and can `kill -9` it inside a batch.
// Env: GSR_LEASE_DB_URL, GSR_LEASE_SCHEMA, GSR_LEASE_STORE_URL (postgres:// or esdb://; default
// the database), GSR_LEASE_BATCH, GSR_LEASE_TTL_MS, GSR_LEASE_HOLDER, and GSR_LEASE_HOLD_AT_BATCH:
// the batch (1-based) of a process that applied from the start of the log which stays open until
// the process is killed, so the parent kills it inside that batch however slowly it gets to it on
// a loaded machine (one that took over from another never holds one).
import { createPostgresClient } from '@gsr/db'
import { createPostgresEventStore, type EventStore } from '@gsr/event-store'
import { createEsdbEventStore } from '@gsr/event-store-esdb'
import { createProjectionRunner } from '../createProjectionRunner.ts'
import { ledgerProjection } from './ledgerProjection.ts'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}
// `at`: when this process did it, so the parent times it without its own delay in reading.
const say = (line: object) => process.stdout.write(JSON.stringify({ pid: process.pid, at: Date.now(), ...line }) + '\n')
const holdAtBatch = Number(process.env.GSR_LEASE_HOLD_AT_BATCH ?? 0)
let batches = 0
const sql = await createPostgresClient({ connectionString: env('GSR_LEASE_DB_URL'), schema: env('GSR_LEASE_SCHEMA') })
const storeUrl = process.env.GSR_LEASE_STORE_URL
const store: EventStore = storeUrl?.startsWith('esdb://')
  ? createEsdbEventStore(storeUrl)
  : createPostgresEventStore(sql)
const firstEventId = holdAtBatch > 0 ? (await store.readAll({ maxCount: 1 }))[0]?.id : undefined
let fromStart: boolean | undefined
const projection = ledgerProjection({
  name: 'leased',
  afterRows: async (events, tx) => {
    // Inside the transaction, the batch's rows written: the parent kills here.
    batches += 1
    fromStart ??= events[0]?.id === firstEventId
    if (fromStart && batches === holdAtBatch) {
      say({ batch: events.length, holding: true })
      await new Promise(() => {}) // open (rows written, checkpoint row locked) until killed
    }
    say({ batch: events.length })
    await tx.query('SELECT pg_sleep(0.03)')
  },
})
const runner = createProjectionRunner({
  store,
  sql,
  projections: [projection],
  batchSize: Number(env('GSR_LEASE_BATCH')),
  pollIntervalMs: 50,
  lease: { ttlMs: Number(env('GSR_LEASE_TTL_MS')), holder: env('GSR_LEASE_HOLDER') },
  logger: {
    info: (object, message) => say({ level: 'info', message, ...object }),
    warn: (object, message) => say({ level: 'warn', message, ...object }),
    error: (object, message) => say({ level: 'error', message, ...object }),
  },
})
await runner.start()
say({ started: true })
process.on('SIGTERM', () => {
  void runner
    .stop()
    .then(() => store.close())
    .then(() => sql.close())
    .then(() => process.exit(0))
})
