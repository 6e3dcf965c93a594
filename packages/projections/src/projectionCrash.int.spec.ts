import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { runMigrations, type SqlClient } from '@gsr/db'
import { postgresUrlEnv } from '@gsr/db/testing'
import { eventStoreMigrations, formatPosition, type EventStore } from '@gsr/event-store'
import { createProjectionRunner } from './createProjectionRunner.ts'
import { forEachEventStore } from './testing/forEachEventStore.ts'
import { appendLedgerEvents, ledgerProjection } from './testing/index.ts'

/**
 * Issue 2, item 6: kill the runner mid-batch (throw inside the transaction, and on PostgreSQL
 * also SIGKILL a child process inside it), restart a new runner: every event is applied
 * exactly once, and a rebuild from zero gives the same tables as the incremental run.
 */
const eventCount = 1000
const batchSize = 64

async function contents(sql: SqlClient, name: string) {
  const applied = await sql.query(`SELECT event_id, stream_name, position, type FROM ${name}_applied ORDER BY event_id`)
  const totals = await sql.query(`SELECT stream_name, events, amount FROM ${name}_totals ORDER BY stream_name`)
  return { applied: applied.rows, totals: totals.rows }
}

async function assertExactlyOnce(t: Test, sql: SqlClient, store: EventStore, name: string): Promise<void> {
  const { rows: doubled } = await sql.query(
    `SELECT event_id, count(*)::int8 AS n FROM ${name}_applied GROUP BY event_id HAVING count(*) <> 1`,
  )
  t.same(doubled, [], 'no event applied twice')
  // The log itself, not a table of one adapter: every event the store holds was applied.
  const { rows: applied } = await sql.query<{ event_id: string }>(`SELECT event_id FROM ${name}_applied`)
  const appliedIds = new Set(applied.map((row) => row.event_id))
  const logged = await store.readAll()
  t.equal(logged.length, eventCount, 'the log holds every event')
  t.same(
    logged.filter((event) => !appliedIds.has(event.id)).map((event) => event.id),
    [],
    'no event lost',
  )
  const { rows: totals } = await sql.query<{ events: number; amount: number }>(
    `SELECT sum(events)::int8 AS events, sum(amount)::int8 AS amount FROM ${name}_totals`,
  )
  t.same(totals, [{ events: eventCount, amount: (eventCount * (eventCount + 1)) / 2 }], 'totals count each event once')
}

forEachEventStore(t, async (t, db, store) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  await appendLedgerEvents(store, { count: eventCount, streams: 13, perAppend: 10 })
  const head = await store.headPosition()
  if (!head) throw new Error('empty store')

  t.test('throw inside the transaction mid-batch, restart: every event applied exactly once', async (t) => {
    let crashes = 0
    const crashing = ledgerProjection({
      name: 'crashed',
      afterRows: async (events, tx) => {
        // The batch's rows are written in this transaction; then the "crash".
        const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int8 AS n FROM crashed_applied')
        t.ok((rows[0]?.n ?? 0) >= events.length, 'rows of the failing batch were written before the throw')
        if (events.some((event) => (event.data as { amount: number }).amount === 300)) {
          crashes += 1
          throw new Error('crash mid-batch')
        }
      },
    })
    const first = createProjectionRunner({ store, sql, projections: [crashing], batchSize })
    await t.rejects(first.catchUp({ maxAttempts: 1 }), /crash mid-batch/)
    t.equal(crashes, 1)
    const [lag] = await first.lag()
    const committedBatches = Math.floor(299 / batchSize)
    t.equal(lag?.eventsBehind, eventCount - committedBatches * batchSize, 'checkpoint is at the last committed batch')
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM crashed_applied')
    t.same(rows, [{ n: committedBatches * batchSize }], "the failed batch's rows were rolled back with it")

    const second = createProjectionRunner({
      store,
      sql,
      projections: [ledgerProjection({ name: 'crashed' })],
      batchSize,
    })
    await second.catchUp()
    await assertExactlyOnce(t, sql, store, 'crashed')
    const incremental = await contents(sql, 'crashed')

    await second.rebuild('crashed')
    t.same(await contents(sql, 'crashed'), incremental, 'rebuild from zero equals the incremental result')
    const { rows: checkpoint } = await sql.query('SELECT position FROM projection_checkpoints WHERE name = $1', [
      'crashed',
    ])
    t.same(checkpoint, [{ position: formatPosition(head) }])
  })

  if (db.name === 'postgres') {
    t.test('SIGKILL of the runner process inside the transaction, restart: exactly once', async (t) => {
      const { rows } = await sql.query<{ schema: string }>('SELECT current_schema() AS schema')
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./testing/crashingRunner.ts', import.meta.url))],
        {
          env: {
            ...process.env,
            GSR_CRASH_URL: process.env[postgresUrlEnv],
            GSR_CRASH_SCHEMA: rows[0]?.schema,
            GSR_CRASH_AT: '700',
            GSR_CRASH_BATCH: String(batchSize),
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      )
      const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      )
      t.equal(signal, 'SIGKILL', 'the child died inside the transaction')
      // Uncommitted rows are invisible; the dead backend's row lock only delays the restart.
      const committedBatches = Math.floor(699 / batchSize)
      const { rows: applied } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM killed_applied')
      t.same(applied, [{ n: committedBatches * batchSize }], 'only committed batches are visible')

      const restarted = createProjectionRunner({
        store,
        sql,
        projections: [ledgerProjection({ name: 'killed' })],
        batchSize,
      })
      await restarted.catchUp()
      await assertExactlyOnce(t, sql, store, 'killed')
      const incremental = await contents(sql, 'killed')
      await restarted.rebuild('killed')
      t.same(await contents(sql, 'killed'), incremental, 'rebuild from zero equals the incremental result')
    })
  }
})
