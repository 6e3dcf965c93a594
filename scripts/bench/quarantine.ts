/**
 * What a poison event costs a projection's catch-up: the same log caught up by a ledger
 * projection that fails on no event, on one, and on ten (spread over the log), with the
 * runner's default retry and quarantine policy (3 failed attempts of the batch with backoff,
 * then the batch event by event, the bad event tried alone 3 times, then quarantined).
 *
 *   npx tsx scripts/bench/quarantine.ts [--events=20000] [--batch=500] [--pg=postgres://...] [--no-pg] [--no-pglite]
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createPgliteClient, createPostgresClient, quoteIdentifier, runMigrations, type SqlClient } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { createProjectionRunner, silentLogger } from '@gsr/projections'
import { appendLedgerEvents, ledgerProjection } from '@gsr/projections/testing'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '500' },
    pg: { type: 'string', default: process.env.GSR_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    'no-pg': { type: 'boolean', default: false },
    'no-pglite': { type: 'boolean', default: false },
  },
})
const eventCount = Number(args.events)
const batchSize = Number(args.batch)

/** Amounts of the poison events: mid-batch, spread over the log. */
const spread = (n: number) =>
  new Set(Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * eventCount) / n / batchSize) * batchSize + 250))

async function measure(database: string, sql: SqlClient): Promise<void> {
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  await appendLedgerEvents(store, { count: eventCount, perAppend: 500 })
  let clean = 0
  for (const [name, poison] of [
    ['clean', spread(0)],
    ['one_poison', spread(1)],
    ['ten_poison', spread(10)],
  ] as const) {
    const runner = createProjectionRunner({
      store,
      sql,
      batchSize,
      logger: silentLogger,
      projections: [
        ledgerProjection({
          name,
          afterRows: (events) => {
            if (events.some((e) => poison.has((e.data as { amount: number }).amount))) throw new Error('poison')
          },
        }),
      ],
    })
    const started = Date.now()
    await runner.catchUp()
    const ms = Date.now() - started
    if (name === 'clean') clean = ms
    const quarantined = (await runner.quarantined(name)).length
    const each = poison.size ? ` (+${Math.round((ms - clean) / poison.size)} ms per poison event)` : ''
    console.log(`| ${database} | ${name} | ${quarantined} | ${ms}${each} |`)
  }
  await store.close()
}

console.log(`catch-up of ${eventCount} events, batch ${batchSize}, default retry and quarantine policy`)
console.log('| database | projection | quarantined | ms |')
console.log('|---|---|---:|---:|')
if (!args['no-pglite']) {
  const sql = await createPgliteClient({})
  try {
    await measure('pglite (memory)', sql)
  } finally {
    await sql.close()
  }
}
if (!args['no-pg']) {
  const schema = `bench_quarantine_${randomBytes(4).toString('hex')}`
  let sql: SqlClient | undefined
  try {
    sql = await createPostgresClient({ connectionString: args.pg, schema })
    await measure('postgres', sql)
  } catch (error) {
    console.log(`[postgres] skipped: ${(error as Error).message}`)
  } finally {
    await sql?.close()
    const admin = new pg.Client({ connectionString: args.pg })
    await admin
      .connect()
      .then(() => admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`))
      .catch(() => {})
    await admin.end().catch(() => {})
  }
}
