import { latency } from './latency.ts'
/**
 * Province benchmark (issue 21, goal 3): the rates in SQL against the TypeScript evaluation they
 * replaced, at three sizes of a generated region, each loaded through the event store and
 * projected:
 *  - load time (generate + append) and the rebuild time of the rates' projection
 *    (enforcement_pipeline_stages) and of the two others the queries read;
 *  - p50/p99 of the rates of the whole region with its breakdown and of one county, in SQL
 *    (`pipelineRates`) and in TypeScript (`pipelineRatesInTypeScript`, the baseline, same run),
 *    a violations page of a county, an organisation summary, and `SELECT 1`;
 *  - how each grows with size: the ratio per 10x pipelines, fitted from the smallest to the
 *    largest size ((t_large / t_small) ^ (1 / log10(n_large / n_small))): 10 is linear, 1 flat.
 * Each size also checks that the SQL and the TypeScript answers are equal (the region, one day).
 *
 *   npx tsx scripts/bench/province.ts [--sizes city,large,province] [--database-url postgres://...]
 *
 * PostgreSQL only (GSR_TEST_PG_URL or postgres://postgres@127.0.0.1:5432/test), schema
 * `bench_province_<size>`, dropped first. The region is the demo-city generator's, scaled: a
 * few pipelines-heavy counties per city (each county's planted shapes, then compliant ones),
 * little else (cylinders and fills are not what this measures).
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createKysely, createPostgresClient, runMigrations } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import {
  lateReportsProjection,
  listViolations,
  organisationSummary,
  pipelineRates,
  pipelineRatesInTypeScript,
  pipelineStagesProjection,
  violationsProjection,
  type EnforcementTables,
} from '@gsr/read-models/enforcement'
import pg from 'pg'
import { appendCity, generateCity, type CitySize } from '@gsr/demo-city'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: 'city,large,province' },
    'database-url': { type: 'string' },
  },
})
const log = (message: string) => console.log(`[bench] ${message}`)
const url = values['database-url'] ?? process.env['GSR_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

const pad = (n: number) => String(n).padStart(2, '0')
/** Counties 33CC01..33CCnn of cities 3301..33cc. */
const countiesOf = (cities: number, perCity: number) =>
  Array.from({ length: cities }, (_, c) =>
    Array.from({ length: perCity }, (_, k) => `33${pad(c + 1)}${pad(k + 1)}`),
  ).flat()

interface Size {
  readonly name: string
  /** The region whose rates are asked with their breakdown. */
  readonly region: string
  readonly counties: readonly string[]
  readonly pipelinesPerCounty: number
}
// 2,000 pipelines per county at every size: a county's rates should not grow with the region.
const sizes: Record<string, Size> = {
  city: { name: 'city', region: '330100', counties: countiesOf(1, 5), pipelinesPerCounty: 2_000 },
  large: { name: 'large city', region: '330100', counties: countiesOf(1, 25), pipelinesPerCounty: 2_000 },
  province: { name: 'province', region: '330000', counties: countiesOf(10, 5), pipelinesPerCounty: 2_000 },
}

const citySize = (s: Size): CitySize => ({
  counties: s.counties,
  stationsPerCounty: 2,
  usersPerCounty: 10,
  installersPerCounty: 2,
  manufacturersPerCounty: 1,
  sellersPerCounty: 1,
  cylinders: 20 * s.counties.length,
  fills: 3_650,
  equipmentPerCounty: 100,
  pipelinesPerCounty: s.pipelinesPerCounty,
  plantedRepeats: 1,
})

interface Timing {
  readonly name: string
  readonly p50: number
  readonly p99: number
  readonly runs: number
}

/** p50/p99 over as many runs as fit in about `budgetMs` (3 to 50), after one untimed call. */
async function timed(name: string, fn: (i: number) => Promise<unknown>, budgetMs = 15_000): Promise<Timing> {
  const started = performance.now()
  await fn(0)
  const once = performance.now() - started
  const runs = Math.max(3, Math.min(50, Math.floor(budgetMs / Math.max(once, 1))))
  const r = await latency(name, fn, { runs, warmup: 1 })
  log(`  ${name}: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${runs} runs)`)
  return { ...r, runs }
}

interface Result {
  readonly size: Size
  readonly pipelines: number
  readonly events: number
  readonly loadSeconds: number
  readonly rebuild: Record<string, number>
  readonly timings: Record<string, Timing>
  readonly equal: boolean
  readonly load: string
}

async function run(size: Size): Promise<Result> {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')
  const loadBefore = load()
  const schema = `bench_province_${size.name.replace(' ', '_')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await admin.end()
  const sql = await createPostgresClient({ connectionString: url, schema, maxConnections: 20 })
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  const loadStarted = Date.now()
  const city = generateCity(citySize(size), 20250101, size.name)
  const pipelines = city.counts['pipelines'] ?? 0
  log(`${size.name}: ${pipelines} pipelines, generated in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`)
  const appended = await appendCity(store, city, {
    concurrency: 16,
    progressEvery: 100_000,
    onProgress: (p) => log(`  ${p.events} events appended (${p.eventsPerSecond} events/s)`),
  })
  const loadSeconds = (Date.now() - loadStarted) / 1000
  log(`${size.name}: ${appended.events} events loaded in ${loadSeconds.toFixed(1)} s`)

  const projections = [pipelineStagesProjection(), violationsProjection(), lateReportsProjection()]
  const runner = createProjectionRunner({ store, sql, projections, batchSize: 1000 })
  await runner.migrate()
  const rebuild: Record<string, number> = {}
  for (const projection of projections) {
    const started = Date.now()
    await runner.rebuild(projection.name)
    rebuild[projection.name] = (Date.now() - started) / 1000
    log(`  rebuilt ${projection.name} in ${rebuild[projection.name]!.toFixed(1)} s`)
  }
  await sql.query('ANALYZE')

  const db = createKysely<EnforcementTables>(sql)
  const day = '2025-09-30'
  const county = size.counties[1]!
  const equal =
    JSON.stringify(await pipelineRates(db, size.region, day)) ===
      JSON.stringify(await pipelineRatesInTypeScript(db, size.region, day)) &&
    JSON.stringify(await pipelineRates(db, county, '2025-12-31')) ===
      JSON.stringify(await pipelineRatesInTypeScript(db, county, '2025-12-31'))
  log(`  SQL and TypeScript answers ${equal ? 'equal' : 'DIFFERENT'}`)
  const station = `FS-${county}-00`
  const prefix = size.region.endsWith('0000') ? size.region.slice(0, 2) : size.region.slice(0, 4)
  const days = ['2025-06-30', '2025-12-31']
  const timings: Record<string, Timing> = {}
  for (const [key, name, fn, budget] of [
    ['select1', 'SELECT 1 (baseline)', () => sql.query('SELECT 1'), 3_000],
    [
      'regionSql',
      `rates of ${size.region} with breakdown, SQL`,
      (i: number) => pipelineRates(db, size.region, days[i % 2]!),
    ],
    [
      'regionTs',
      `rates of ${size.region} with breakdown, TypeScript (baseline)`,
      (i: number) => pipelineRatesInTypeScript(db, size.region, days[i % 2]!),
    ],
    ['countySql', `rates of county ${county}, SQL`, (i: number) => pipelineRates(db, county, days[i % 2]!)],
    [
      'countyTs',
      `rates of county ${county}, TypeScript (baseline)`,
      (i: number) => pipelineRatesInTypeScript(db, county, days[i % 2]!),
    ],
    [
      'violations',
      `violations of county ${county}, first page (50)`,
      () => listViolations(db, { regionPrefix: county, limit: 50 }),
    ],
    [
      'summary',
      'organisation summary + risk grade',
      () => organisationSummary(db, station, '2025-12-31', prefix),
      5_000,
    ],
  ] as const) {
    timings[key] = await timed(name, fn as (i: number) => Promise<unknown>, budget)
  }
  await store.close()
  await sql.close()
  return {
    size,
    pipelines,
    events: appended.events,
    loadSeconds,
    rebuild,
    timings,
    equal,
    load: `${loadBefore} -> ${load()}`,
  }
}

const results: Result[] = []
for (const key of values.sizes.split(',')) {
  const size = sizes[key]
  if (!size) throw new Error(`unknown size ${key}: city, large or province`)
  results.push(await run(size))
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'))
const first = results[0]!
const last = results.at(-1)!
const per10x = (a: number, b: number) =>
  results.length < 2 ? '' : (b / a) ** (1 / Math.log10(last.pipelines / first.pipelines))

console.log(
  `\nPostgreSQL; load average (1/5/15 min) per size: ${results.map((r) => `${r.size.name} ${r.load}`).join('; ')}`,
)
console.log(
  `\n| | ${results.map((r) => `${r.size.name}: ${r.pipelines.toLocaleString('en')} pipelines, ${r.size.counties.length} counties`).join(' | ')} | per 10x |`,
)
console.log(`| --- | ${results.map(() => '---').join(' | ')} | --- |`)
const row = (name: string, f: (r: Result) => number, fmt: (x: number) => string) => {
  const g = per10x(f(first), f(last))
  console.log(
    `| ${name} | ${results.map((r) => fmt(f(r))).join(' | ')} | ${typeof g === 'number' ? g.toFixed(1) : ''} |`,
  )
}
row(
  'events in the log',
  (r) => r.events,
  (x) => x.toLocaleString('en'),
)
row(
  'load: generate + append, s',
  (r) => r.loadSeconds,
  (x) => x.toFixed(1),
)
row(
  'rebuild enforcement_pipeline_stages, s',
  (r) => r.rebuild['enforcement_pipeline_stages']!,
  (x) => x.toFixed(1),
)
row(
  'rebuild enforcement_violations, s',
  (r) => r.rebuild['enforcement_violations'] ?? Number.NaN,
  (x) => x.toFixed(1),
)
for (const key of ['select1', 'regionSql', 'regionTs', 'countySql', 'countyTs', 'violations', 'summary']) {
  row(`${first.timings[key]!.name.replace(/\d{6}/, 'R')} p50 ms`, (r) => r.timings[key]!.p50, ms)
  row(`… p99 ms`, (r) => r.timings[key]!.p99, ms)
}
row(
  'rates of the region: TypeScript / SQL (p50)',
  (r) => r.timings['regionTs']!.p50 / r.timings['regionSql']!.p50,
  (x) => x.toFixed(1),
)
row(
  'rates of a county: TypeScript / SQL (p50)',
  (r) => r.timings['countyTs']!.p50 / r.timings['countySql']!.p50,
  (x) => x.toFixed(1),
)
console.log(`\nSQL = TypeScript at every size: ${results.every((r) => r.equal)}`)
