/**
 * Projection catch-up benchmark: events/s a projection runner consumes from the start of the
 * log, on PGlite (on disk, the embedded mode) and on PostgreSQL when reachable, each as a ratio
 * to a raw baseline measured in the same run, in the same rounds: a keyset read of the same
 * events (the store's columns, order and gap-safe bound, `batch` per read, decoded by the
 * driver) plus an insert of the same rows, one statement per batch and table (the faster of an
 * `unnest` of arrays and BatchRows' `jsonb_populate_recordset`), each its own round trip and commit.
 *
 *   npx tsx scripts/bench/projections.ts [--events=20000] [--batch=500] [--rounds=5] [--pg=postgres://...] [--no-pg] [--no-pglite]
 *
 * Projections measured, each against its own baseline: `row_per_event` (one row per event,
 * written as every read model appends rows: BatchRows' appendRows statement) against read +
 * insert; `filtered_out` (no event of its type: read + checkpoint only, the runner's own
 * overhead) against the read alone; five row_per_event projections caught up together (they
 * share reads of the log, each has its own transactions) against one read and five inserts per
 * batch sent at once (and, for comparison, one statement writing the five tables per batch), in
 * events of the log per second. The log is vacuumed after seeding (as autovacuum
 * leaves a log at rest), so no measurement pays the first reader's hint-bit writes. Figures are
 * medians over the rounds; ratios are medians of each round's ratio.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createPgliteClient, createPostgresClient, quoteIdentifier, runMigrations, type SqlClient } from '@gsr/db'
import {
  createPostgresEventStore,
  eventStoreMigrations,
  formatPosition,
  type EventMetadata,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
} from '@gsr/event-store'
import { createProjectionRunner, type Projection } from '@gsr/projections'
import { percentile } from './latency.ts'
import { rawKeysetRead } from './rawKeysetRead.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    pg: { type: 'string', default: process.env.GSR_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    'no-pg': { type: 'boolean', default: false },
    'no-pglite': { type: 'boolean', default: false },
  },
})
const eventCount = Number(args.events)
const batchSize = Number(args.batch)
const rounds = Number(args.rounds)

const metadata: EventMetadata = {
  actor: { organisationId: 'org-bench', userId: 'user-bench', role: 'filler' },
  occurredAt: '2026-01-02T03:04:05.000Z',
  schemaVersion: 1,
}

const rowColumns = 'event_id text NOT NULL, stream_name text NOT NULL, position text NOT NULL, type text NOT NULL'

interface Row {
  event_id: string
  stream_name: string
  position: string
  type: string
}

const rowOf = (e: { id: string; streamName: string; position: GlobalPosition; type: string }): Row => ({
  event_id: e.id,
  stream_name: e.streamName,
  position: formatPosition(e.position),
  type: e.type,
})

/** The statement appendRows (packages/read-models/src/BatchRows.ts) sends for append-only rows. */
function appendRowsStatement(table: string): string {
  const columns = 'event_id, stream_name, position, type'
  return `INSERT INTO ${table} (${columns})
    SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) ON CONFLICT DO NOTHING`
}

function rowPerEventProjection(name: string): Projection {
  const table = `${name}_rows`
  return {
    name,
    migrations: [{ name: `${name}_001`, up: `CREATE TABLE ${table} (${rowColumns})` }],
    async apply(events, tx) {
      await tx.query(appendRowsStatement(table), [JSON.stringify(events.map(rowOf))])
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${table}`)
    },
  }
}

const filteredOut = (name: string): Projection => ({
  name,
  migrations: [],
  eventTypes: ['NeverAppended'],
  async apply() {},
  async reset() {},
})

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

/**
 * The raw baseline: a keyset read of the log, `batch` events at a time, with the columns, order
 * and gap-safe bound the store's readAll uses (so the same events, decoded by the driver: jsonb,
 * timestamptz), and per batch one insert statement of its rows into each table (none: read only).
 */
async function rawCatchUp(
  sql: SqlClient,
  tables: readonly string[],
  shape: 'unnest' | 'json',
  together = false,
): Promise<number> {
  for (const table of tables) await sql.exec(`CREATE TABLE IF NOT EXISTS ${table} (${rowColumns}); TRUNCATE ${table}`)
  const started = performance.now()
  let after: GlobalPosition = { commit: 0, prepare: 0 }
  let read = 0
  for (;;) {
    const { rows, next } = await rawKeysetRead(sql, after, batchSize)
    if (rows.length === 0) break
    read += rows.length
    after = next
    if (tables.length === 0) continue
    const batch = rows.map((r) =>
      rowOf({ ...r, streamName: r.stream_name, position: { commit: r.commit, prepare: r.sequence } }),
    )
    const params =
      shape === 'json'
        ? [JSON.stringify(batch)]
        : [
            batch.map((r) => r.event_id),
            batch.map((r) => r.stream_name),
            batch.map((r) => r.position),
            batch.map((r) => r.type),
          ]
    if (together) await sql.query(togetherStatement(tables, shape), params)
    else await Promise.all(tables.map((table) => sql.query(insertStatement(table, shape), params)))
  }
  const rate = (read * 1000) / (performance.now() - started)
  if (read !== eventCount) throw new Error(`raw read ${read} events of ${eventCount}`)
  return rate
}

/** One statement inserting a batch's rows into the table. */
function insertStatement(table: string, shape: 'unnest' | 'json'): string {
  return shape === 'json'
    ? appendRowsStatement(table)
    : `INSERT INTO ${table} SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`
}

/** One statement inserting a batch's rows into every table: one data-modifying CTE per table. */
function togetherStatement(tables: readonly string[], shape: 'unnest' | 'json'): string {
  const rows =
    shape === 'json'
      ? `SELECT event_id, stream_name, position, type FROM jsonb_populate_recordset(NULL::${tables[0]}, $1::jsonb)`
      : 'SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS r(event_id, stream_name, position, type)'
  const inserts = tables.map((table, i) => `i${i} AS (INSERT INTO ${table} SELECT * FROM batch)`)
  return `WITH batch AS (${rows}), ${inserts.join(', ')} SELECT 1`
}

/** The faster of the two insert shapes, in this round. */
async function rawBaseline(sql: SqlClient, tables: readonly string[], together = false): Promise<number> {
  if (tables.length === 0) return rawCatchUp(sql, tables, 'json')
  return Math.max(await rawCatchUp(sql, tables, 'unnest', together), await rawCatchUp(sql, tables, 'json', together))
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

const scenarios = ['rows', 'filtered', 'five'] as const
type Scenario = (typeof scenarios)[number]
interface Figure {
  raw: number
  projection: number
  ratio: number
}
type Result = { database: string; load: string; fiveOne: Figure } & Record<Scenario, Figure>

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )

async function measure(database: string, sql: SqlClient): Promise<Result> {
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  const seeded = performance.now()
  await seed(store)
  console.log(`[${database}] seeded ${eventCount} events in ${((performance.now() - seeded) / 1000).toFixed(1)} s`)
  await sql.exec('VACUUM ANALYZE es_events')
  await rawBaseline(sql, []) // warm-up: caches, JIT, plans
  const runs: Record<Scenario, Figure[]> = { rows: [], filtered: [], five: [] }
  /** Five projections against one statement writing the five tables per batch. */
  const oneStatement: Figure[] = []
  for (let round = 1; round <= rounds; round++) {
    const figure = (raw: number, projection: number): Figure => ({ raw, projection, ratio: projection / raw })
    runs.rows.push(
      figure(
        await rawBaseline(sql, ['raw_rows']),
        await catchUpRate(store, sql, [rowPerEventProjection(`rows_${round}`)]),
      ),
    )
    runs.filtered.push(
      figure(await rawBaseline(sql, []), await catchUpRate(store, sql, [filteredOut(`filtered_${round}`)])),
    )
    const five = [1, 2, 3, 4, 5]
    const rawTables = five.map((n) => `raw_rows_${n}`)
    const rawFive = await rawBaseline(sql, rawTables)
    const rawOne = await rawBaseline(sql, rawTables, true)
    const together = await catchUpRate(
      store,
      sql,
      five.map((n) => rowPerEventProjection(`together_${round}_${n}`)),
    )
    runs.five.push(figure(rawFive, together))
    oneStatement.push(figure(rawOne, together))
    console.log(
      `[${database}] round ${round}: ` +
        scenarios.map((s) => `${s} ${runs[s].at(-1)!.ratio.toFixed(2)}`).join(', ') +
        ` (five against one statement ${oneStatement.at(-1)!.ratio.toFixed(2)})` +
        ` (load ${loadavg()[0]!.toFixed(1)})`,
    )
  }
  await store.close()
  const summary = (figures: Figure[]): Figure => ({
    raw: median(figures.map((f) => f.raw)),
    projection: median(figures.map((f) => f.projection)),
    ratio: median(figures.map((f) => f.ratio)),
  })
  return {
    database,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
    rows: summary(runs.rows),
    filtered: summary(runs.filtered),
    five: summary(runs.five),
    fiveOne: summary(oneStatement),
  }
}

const results: Result[] = []
if (!args['no-pglite']) {
  const dir = await mkdtemp(join(tmpdir(), 'gsr-bench-projections-'))
  const sql = await createPgliteClient({ dataDir: dir })
  try {
    results.push(await measure('PGlite (on disk)', sql))
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
    results.push(await measure('PostgreSQL 127.0.0.1', sql))
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
console.log(
  `\nprojection catch-up, ${eventCount} events, batch ${batchSize}, median of ${rounds} rounds (events/s; ratio to the raw baseline of the same round)`,
)
console.log(
  '| database | raw read + insert | row_per_event | ratio | raw read | filtered_out | ratio | raw read + 5 inserts | 5 × row_per_event together | ratio | raw read + one 5-table insert | ratio | load average |',
)
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
for (const r of results) {
  const cells = scenarios.flatMap((s) => [fmt(r[s].raw), fmt(r[s].projection), r[s].ratio.toFixed(2)])
  cells.push(fmt(r.fiveOne.raw), r.fiveOne.ratio.toFixed(2))
  console.log(`| ${r.database} | ${cells.join(' | ')} | ${r.load} |`)
}
