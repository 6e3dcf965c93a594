import { latency } from './latency.ts'
/**
 * Enforcement benchmark (issue 6): over the worked city's year of events,
 *  - projection throughput (events/s) of the enforcement projections rebuilt from zero, against
 *    the raw readAll throughput of the same log in the same run, and against each one's fair
 *    baseline measured right after it: a raw keyset read of the whole log (rawKeysetRead.ts,
 *    1000 per read) plus an insert of the rows the projection ended with, spread evenly over
 *    the batches, into copies of its tables (indexes included), one statement per table and
 *    one transaction per batch;
 *  - p50/p99 of the main enforcement queries at that size, against a trivial SELECT 1 and a
 *    primary-key lookup on the same connection in the same run;
 *  - the cost of the second time axis: rates and violations of the city with `knownAt` (as the
 *    log stood halfway through its recording, and now) against the same queries without, as a ratio.
 *
 *   npx tsx scripts/bench/enforcement.ts [--size full|small] [--database-url postgres://...] [--pglite]
 *        [--reuse] [--runs 200]
 *
 * PostgreSQL (default when reachable: GSR_TEST_PG_URL or postgres://postgres@127.0.0.1:5432/test)
 * uses schema `bench_enforcement_<size>`; --reuse keeps an already generated city there.
 */
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createKysely, createPgliteClient, createPostgresClient, runMigrations, type SqlClient } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations, type GlobalPosition } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import {
  enforcementProjections,
  lateReportsProjection,
  listViolations,
  organisationSummary,
  pipelineRates,
  type EnforcementTables,
} from '@gsr/read-models/enforcement'
import pg from 'pg'
import { appendCity, asOfDays, cityRegion, citySizes, generateCity } from '@gsr/demo-city'
import type { Projection } from '@gsr/projections'
import { rawKeysetRead } from './rawKeysetRead.ts'

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'full' },
    'database-url': { type: 'string' },
    pglite: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    runs: { type: 'string', default: '200' },
  },
})
const sizeName = values.size === 'small' ? 'small' : 'full'
const runs = Number(values.runs)
const log = (message: string) => console.log(`[bench] ${message}`)

async function openSql(): Promise<{ sql: SqlClient; label: string }> {
  if (values.pglite) {
    return {
      sql: await createPgliteClient({ dataDir: join('.data', `bench-enforcement-${sizeName}`) }),
      label: 'PGlite',
    }
  }
  const url = values['database-url'] ?? process.env['GSR_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'
  const schema = `bench_enforcement_${sizeName}`
  if (!values.reuse) {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  }
  return { sql: await createPostgresClient({ connectionString: url, schema, maxConnections: 20 }), label: 'PostgreSQL' }
}

const timed = (name: string, fn: (i: number) => Promise<unknown>) => latency(name, fn, { runs })

const { sql, label } = await openSql()
await runMigrations(sql, eventStoreMigrations)
const store = createPostgresEventStore(sql)
const city = generateCity(citySizes[sizeName], 20250101, sizeName)

const head = await store.headPosition()
if (!head || !values.reuse) {
  log(`${label}: appending the ${sizeName} city ${JSON.stringify(city.counts)}`)
  const appended = await appendCity(store, city, {
    concurrency: values.pglite ? 1 : 16,
    onProgress: (p) => log(`  ${p.events} events appended (${p.day}, ${p.eventsPerSecond} events/s)`),
  })
  log(`appended ${appended.events} events in ${(appended.elapsedMs / 1000).toFixed(1)} s`)
}

// Baseline: read the whole log in the order projections read it.
let total = 0
let after: GlobalPosition | undefined
const readStarted = Date.now()
for (;;) {
  const batch = await store.readAll({ ...(after ? { after } : {}), maxCount: 1000 })
  if (batch.length === 0) break
  total += batch.length
  after = batch.at(-1)!.position
}
const readSeconds = (Date.now() - readStarted) / 1000
log(`readAll baseline: ${total} events in ${readSeconds.toFixed(1)} s = ${Math.round(total / readSeconds)} events/s`)

/** The tables a projection's migrations create. */
const tablesOf = (projection: Projection) =>
  projection.migrations.flatMap((m) => [...m.up.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g)].map((x) => x[1]!))

/** Events/s of the fair baseline of a projection whose tables hold the rows it wrote (see the header). */
async function readAndInsertBaseline(tables: readonly string[]): Promise<number> {
  const rowsOf = new Map<string, object[]>()
  for (const table of tables) {
    await sql.exec(
      `DROP TABLE IF EXISTS baseline_${table}; CREATE TABLE baseline_${table} (LIKE ${table} INCLUDING ALL)`,
    )
    rowsOf.set(table, (await sql.query<object>(`SELECT * FROM ${table}`)).rows)
  }
  const batches = Math.ceil(total / 1000)
  const started = Date.now()
  let position: GlobalPosition = { commit: 0, prepare: 0 }
  for (let batch = 0; ; batch++) {
    const { rows, next } = await rawKeysetRead(sql, position, 1000)
    if (rows.length === 0) break
    position = next
    await sql.transaction(async (tx) => {
      for (const [table, all] of rowsOf) {
        const slice = all.slice(
          Math.floor((batch * all.length) / batches),
          Math.floor(((batch + 1) * all.length) / batches),
        )
        if (slice.length === 0) continue
        const columns = Object.keys(slice[0]!).join(', ')
        await tx.query(
          `INSERT INTO baseline_${table} (${columns})
           SELECT ${columns} FROM jsonb_populate_recordset(NULL::baseline_${table}, $1::jsonb)`,
          [JSON.stringify(slice)],
        )
      }
    })
  }
  const rate = Math.round((total * 1000) / (Date.now() - started))
  for (const table of tables) await sql.exec(`DROP TABLE baseline_${table}`)
  return rate
}

// Projection throughput: each projection rebuilt from zero over the whole log. The late-reports
// projection is migrated and rebuilt too: organisation summaries read its table.
const projections = [...enforcementProjections, lateReportsProjection()]
const runner = createProjectionRunner({ store, sql, projections, batchSize: 1000 })
await runner.migrate()
const projectionResults: { name: string; seconds: number; eventsPerSecond: number; baseline: number }[] = []
for (const projection of projections) {
  const started = Date.now()
  let last = 0
  await runner.rebuild(projection.name, {
    onProgress: (p) => {
      if (Date.now() - last < 5000) return
      last = Date.now()
      log(`  ${projection.name}: ${p.eventsProcessed} events, ${Math.round(p.eventsPerSecond)} events/s`)
    },
  })
  const seconds = (Date.now() - started) / 1000
  const baseline = await readAndInsertBaseline(tablesOf(projection))
  projectionResults.push({ name: projection.name, seconds, eventsPerSecond: Math.round(total / seconds), baseline })
  log(
    `${projection.name}: ${total} events in ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} events/s; ` +
      `raw read + insert of its rows ${baseline} events/s (load ${loadavg()[0]!.toFixed(1)})`,
  )
}
const { rows: found } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM enf_violations')
log(`violations found: ${found[0]?.n} (planted: ${city.expected.violations.length})`)
const flagged = new Set((await sql.query<{ id: string }>('SELECT id FROM enf_violations')).rows.map((r) => r.id))
const missed = city.expected.violations.filter((v) => !flagged.has(v.id)).length
log(
  `planted violations missed: ${missed}; flagged beyond the planted ones: ${flagged.size - (city.expected.violations.length - missed)}`,
)
for (const day of asOfDays) {
  const actual = await pipelineRates(createKysely<EnforcementTables>(sql), cityRegion, day)
  const exact = actual.rates.every((r, i) => {
    const e = city.expected.rates[day]![cityRegion]![i]!
    return r.numerator === e.numerator && r.denominator === e.denominator && r.shortfalls.length === e.shortfalls.length
  })
  log(
    `rates of ${cityRegion} on ${day}: ${actual.rates.map((r) => `${r.numerator}/${r.denominator}`).join(', ')} ${exact ? '(exact)' : '(DIFFERENT from expected)'}`,
  )
}

// Query latency at this size.
const db = createKysely<EnforcementTables>(sql)
const county = citySizes[sizeName].counties[1]!
const station = `FS-${county}-00`
const firstPage = await listViolations(db, { regionPrefix: '3301', limit: 50 })
const results = [
  await timed('baseline: SELECT 1', () => sql.query('SELECT 1')),
  await timed('baseline: violation by primary key', (i) =>
    db
      .selectFrom('enf_violations')
      .selectAll()
      .where('id', '=', firstPage.items[i % firstPage.items.length]!.id)
      .execute(),
  ),
  await timed('violations, county, first page (50)', () => listViolations(db, { regionPrefix: county, limit: 50 })),
  await timed('violations, city, category+status filter', () =>
    listViolations(db, { regionPrefix: '3301', category: 'noncompliant_cylinder_filled', status: 'open', limit: 50 }),
  ),
  await timed('violations, city, next page by cursor', () =>
    listViolations(db, { regionPrefix: '3301', cursor: firstPage.nextCursor, limit: 50 }),
  ),
  await timed('four rates, county, as of a day', (i) => pipelineRates(db, county, i % 2 ? '2025-06-30' : '2025-12-31')),
  await timed('four rates, city with county breakdown', () => pipelineRates(db, '330100', '2025-09-30')),
  await timed('organisation summary + risk grade', () => organisationSummary(db, station, '2025-12-31', '3301')),
]

// The second time axis: the same city queries as the log stood at an instant. Halfway: the
// recordedAt of the middle event of the log (about half the pipelines learnt something since,
// and are folded again); now: every pipeline on the stored facts.
const { rows: mid } = await sql.query<{ at: Date }>(
  'SELECT recorded_at AS at FROM es_events ORDER BY sequence OFFSET $1 LIMIT 1',
  [Math.floor(total / 2)],
)
const halfway = mid[0]!.at
const now = new Date()
const knownAtPairs: {
  name: string
  without: (i: number) => Promise<unknown>
  withKnownAt: (at: Date) => Promise<unknown>
}[] = [
  {
    name: 'four rates, city with county breakdown',
    without: () => pipelineRates(db, '330100', '2025-09-30'),
    withKnownAt: (at) => pipelineRates(db, '330100', '2025-09-30', at),
  },
  {
    name: 'violations open on a day, city, first page (50)',
    without: () => listViolations(db, { regionPrefix: '3301', on: '2025-09-30', status: 'open', limit: 50 }),
    withKnownAt: (at) =>
      listViolations(db, { regionPrefix: '3301', on: '2025-09-30', status: 'open', knownAt: at, limit: 50 }),
  },
  {
    name: 'organisation summary on a day',
    without: () => organisationSummary(db, station, '2025-09-30', '3301'),
    withKnownAt: (at) => organisationSummary(db, station, '2025-09-30', '3301', at),
  },
]
const knownAtResults = []
for (const pair of knownAtPairs) {
  const without = await timed(pair.name, pair.without)
  const atHalfway = await timed(`${pair.name}, knownAt halfway`, () => pair.withKnownAt(halfway))
  const atNow = await timed(`${pair.name}, knownAt now`, () => pair.withKnownAt(now))
  knownAtResults.push({ name: pair.name, without, atHalfway, atNow })
}

console.log(`\n${label}, ${sizeName} city: ${total} events in the log`)
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
console.log('| projection | events/s | vs readAll | raw read + insert of its rows | ratio |')
console.log('| --- | --- | --- | --- | --- |')
console.log(`| readAll (baseline) | ${Math.round(total / readSeconds)} | 1.00 | | |`)
for (const r of projectionResults)
  console.log(
    `| ${r.name} | ${r.eventsPerSecond} | ${(r.eventsPerSecond / (total / readSeconds)).toFixed(2)} | ${r.baseline} | ${(r.eventsPerSecond / r.baseline).toFixed(2)} |`,
  )
console.log(`\n| query (${runs} runs) | p50 ms | p99 ms |`)
console.log('| --- | --- | --- |')
for (const r of results) console.log(`| ${r.name} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`)
console.log(
  `\n| query with knownAt (${runs} runs) | p50 ms without | p50 ms knownAt halfway | ratio | p50 ms knownAt now | ratio |`,
)
console.log('| --- | --- | --- | --- | --- | --- |')
for (const r of knownAtResults)
  console.log(
    `| ${r.name} | ${r.without.p50.toFixed(2)} | ${r.atHalfway.p50.toFixed(2)} | ${(r.atHalfway.p50 / r.without.p50).toFixed(2)} | ${r.atNow.p50.toFixed(2)} | ${(r.atNow.p50 / r.without.p50).toFixed(2)} |`,
  )
await store.close()
await sql.close()
