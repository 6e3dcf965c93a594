/**
 * Projection catch-up benchmark: events/s a projection runner consumes from the start of the
 * log, on PGlite (on disk, the embedded mode) and on PostgreSQL when reachable, each as a
 * ratio against a raw multi-row INSERT of the same rows into a plain table in the same run.
 *
 *   npx tsx scripts/bench/projections.ts [--events=20000] [--batch=500] [--pg=postgres://...] [--no-pg] [--no-pglite]
 *
 * Projections measured: `row_per_event` (one kysely multi-row INSERT per batch, the trivial
 * read model) and `filtered_out` (no event of its type: read + checkpoint only, the runner's
 * own overhead) and five row_per_event projections caught up together (they share reads of the
 * log), reported as events of the log per second.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import {
  createKysely,
  createPgliteClient,
  createPostgresClient,
  quoteIdentifier,
  runMigrations,
  type SqlClient,
} from '@gsr/db'
import {
  createPostgresEventStore,
  eventStoreMigrations,
  formatPosition,
  type EventMetadata,
  type EventStore,
  type NewEvent,
} from '@gsr/event-store'
import { createProjectionRunner, type Projection } from '@gsr/projections'

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

const metadata: EventMetadata = {
  actor: { organisationId: 'org-bench', userId: 'user-bench', role: 'filler' },
  occurredAt: '2026-01-02T03:04:05.000Z',
  schemaVersion: 1,
}

interface RowTables {
  bench_rows: { event_id: string; stream_name: string; position: string; type: string }
}

function rowPerEventProjection(name: string): Projection {
  const table = `${name}_rows` as 'bench_rows'
  return {
    name,
    migrations: [
      {
        name: `${name}_001`,
        up: `CREATE TABLE ${table} (event_id text NOT NULL, stream_name text NOT NULL, position text NOT NULL, type text NOT NULL)`,
      },
    ],
    async apply(events, tx) {
      await createKysely<RowTables>(tx)
        .insertInto(table)
        .values(
          events.map((e) => ({
            event_id: e.id,
            stream_name: e.streamName,
            position: formatPosition(e.position),
            type: e.type,
          })),
        )
        .execute()
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${table}`)
    },
  }
}
const rowPerEvent = rowPerEventProjection('row_per_event')

const filteredOut: Projection = {
  name: 'filtered_out',
  migrations: [],
  eventTypes: ['NeverAppended'],
  async apply() {},
  async reset() {},
}

async function seed(store: EventStore): Promise<void> {
  const writers = 8
  let next = 0
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (next < eventCount) {
        const start = next
        next += 10
        const events: NewEvent[] = []
        for (let n = start; n < Math.min(eventCount, start + 10); n++) {
          events.push({
            id: randomUUID(),
            type: 'CylinderFilled',
            data: { cylinderCode: `CYL-${String(n).padStart(8, '0')}`, station: 'STATION-7', kg: 12.5 },
            metadata,
          })
        }
        await store.appendToStream(`cylinder-${writer}-${start % 1000}`, events)
      }
    }),
  )
}

/** The same rows the projection writes, as plain multi-row INSERTs, one transaction per batch. */
async function rawInsert(sql: SqlClient): Promise<number> {
  await sql.exec(
    'CREATE TABLE raw_rows (event_id text NOT NULL, stream_name text NOT NULL, position text NOT NULL, type text NOT NULL)',
  )
  const started = performance.now()
  for (let start = 0; start < eventCount; start += batchSize) {
    const n = Math.min(batchSize, eventCount - start)
    const params: unknown[] = []
    const tuples: string[] = []
    for (let i = 0; i < n; i++) {
      const p = params.length
      tuples.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4})`)
      params.push(randomUUID(), `cylinder-${i % 8}`, `${start + i}:${start + i}`, 'CylinderFilled')
    }
    await sql.transaction((tx) => tx.query(`INSERT INTO raw_rows VALUES ${tuples.join(', ')}`, params))
  }
  return (eventCount * 1000) / (performance.now() - started)
}

/** Events of the log per second until every projection given has caught up. */
async function catchUpRate(store: EventStore, sql: SqlClient, projections: Projection[]): Promise<number> {
  const runner = createProjectionRunner({ store, sql, projections, batchSize, liveWakeups: false })
  await runner.migrate()
  const started = performance.now()
  await runner.catchUp()
  const rate = (eventCount * 1000) / (performance.now() - started)
  for (const lag of await runner.lag()) if (lag.eventsBehind !== 0) throw new Error(`${lag.name} did not catch up`)
  return rate
}

interface Result {
  database: string
  raw: number
  rows: number
  filtered: number
  five: number
}

async function measure(database: string, sql: SqlClient): Promise<Result> {
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  const seeded = performance.now()
  await seed(store)
  console.log(`[${database}] seeded ${eventCount} events in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)
  const raw = await rawInsert(sql)
  const rows = await catchUpRate(store, sql, [rowPerEvent])
  const filtered = await catchUpRate(store, sql, [filteredOut])
  const five = await catchUpRate(
    store,
    sql,
    [1, 2, 3, 4, 5].map((n) => rowPerEventProjection(`together_${n}`)),
  )
  await store.close()
  return { database, raw, rows, filtered, five }
}

const results: Result[] = []
if (!args['no-pglite']) {
  const dir = await mkdtemp(join(tmpdir(), 'gsr-bench-projections-'))
  const sql = await createPgliteClient({ dataDir: dir })
  try {
    results.push(await measure('pglite', sql))
  } finally {
    await sql.close()
    await rm(dir, { recursive: true, force: true })
  }
}
if (!args['no-pg']) {
  const schema = `bench_projections_${randomBytes(4).toString('hex')}`
  let sql: SqlClient | undefined
  try {
    sql = await createPostgresClient({ connectionString: args.pg, schema })
    results.push(await measure('postgres', sql))
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

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const ratio = (n: number, raw: number) => (n / raw).toFixed(2)
console.log(`\nprojection catch-up, ${eventCount} events, batch ${batchSize} (events/s; ratio to raw INSERT rows/s)`)
console.log(
  '| database | raw INSERT rows/s | row_per_event | ratio | filtered_out | ratio | 5 × row_per_event together | ratio |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
for (const r of results) {
  console.log(
    `| ${r.database} | ${fmt(r.raw)} | ${fmt(r.rows)} | ${ratio(r.rows, r.raw)} | ${fmt(r.filtered)} | ${ratio(r.filtered, r.raw)} | ${fmt(r.five)} | ${ratio(r.five, r.raw)} |`,
  )
}
