// Child process for the crash test: runs a runner on PostgreSQL whose projection kills this
// process (SIGKILL, no cleanup) inside the transaction, after writing the batch's rows.
// Env: GSR_CRASH_URL, GSR_CRASH_SCHEMA, GSR_CRASH_AT (amount whose batch dies), GSR_CRASH_BATCH.
import { createPostgresClient } from '@gsr/db'
import { createPostgresEventStore } from '@gsr/event-store'
import { createProjectionRunner } from '../createProjectionRunner.ts'
import { ledgerProjection } from './ledgerProjection.ts'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is required`)
  return value
}
const killAt = Number(env('GSR_CRASH_AT'))
const sql = await createPostgresClient({ connectionString: env('GSR_CRASH_URL'), schema: env('GSR_CRASH_SCHEMA') })
const store = createPostgresEventStore(sql)
const projection = ledgerProjection({
  name: 'killed',
  afterRows: (events) => {
    if (events.some((event) => (event.data as { amount: number }).amount === killAt))
      process.kill(process.pid, 'SIGKILL')
  },
})
const runner = createProjectionRunner({
  store,
  sql,
  projections: [projection],
  batchSize: Number(env('GSR_CRASH_BATCH')),
})
await runner.catchUp()
// Reaching here means the kill never happened: the parent test fails on the exit code.
process.exit(3)
