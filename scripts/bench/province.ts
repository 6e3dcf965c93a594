import { latency } from './latency.ts'
import { streamMemory } from './streamMemory.ts'
/**
 * Province benchmark (issue 21, goal 3): a generated region loaded through the event store at
 * three sizes, and what each query costs as it grows:
 *  - load time through the store (events/s) and the rebuild time of each projection the
 *    queries read (pipeline stages, violations, late reports, gas safety);
 *  - p50/p99 of the rates of the whole region with its breakdown (SQL, and the TypeScript
 *    evaluation it replaced as the baseline, same run) and of one county; a violations page of
 *    the region (first page and a deep cursor page, 90% down), of the county's city (first, 90%
 *    down, one month) and of a county, these also with the statement listViolations ran before
 *    the scope indexes (`region LIKE`, days on occurred_on: the same-run baseline, on today's
 *    indexes) and the shared buffers one page touches both ways (what it reads, whatever the
 *    load); an organisation
 *    summary; the pre-fill check's facts lookup (`loadPrefillFacts`); the streamed CSV export of
 *    the region's violations (`exportViolationsCsv`), with what it holds (streamMemory.ts): the
 *    live heap after a full gc after each page (bounded: one page at a time), and, in a run left
 *    alone, the peak heap and RSS growth of this process (garbage V8 has not yet collected
 *    counts there: it follows the collector's pace, not the export);
 *  - how each grows: the log-log slope of its p50 against the events in the log between
 *    consecutive sizes and over all (least squares): 1 is linear, 0 flat.
 * Each size also checks that the SQL and the TypeScript rates are equal (the region, one day).
 *
 *   npx tsx scripts/bench/province.ts [--sizes city,large,province] [--database-url postgres://...]
 *   npx tsx scripts/bench/province.ts --sizes cities    (the full province's cities and violations, small counties)
 *   npx tsx scripts/bench/province.ts --sizes full      (the issue's province: hours, tens of GB)
 *   npx tsx scripts/bench/province.ts --sizes city,large,province,twentieth   (and 1.66 M events: an hour)
 *
 * PostgreSQL only (GSR_TEST_PG_URL or postgres://postgres@127.0.0.1:5432/test), schema
 * `bench_province_<size>`, dropped first. The region is the demo-city generator's, over N
 * cities: every county the same (its planted shapes, then compliant pipelines, equipment,
 * cylinders and a year of fills), so a county's queries should not grow with the region.
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createKysely, createPostgresClient, runMigrations } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { gasSafetyProjection, loadPrefillFacts } from '@gsr/read-models/cylinders'
import {
  decodeCursor,
  encodeCursor,
  exportViolationsCsv,
  lateReportsProjection,
  listViolations,
  organisationSummary,
  pipelineRates,
  pipelineRatesInTypeScript,
  pipelineStagesProjection,
  regionFiguresInSql,
  violationsPageQuery,
  violationsProjection,
  type EnforcementTables,
  type ViolationFilter,
} from '@gsr/read-models/enforcement'
import { sql as kyselySql, type Compilable } from 'kysely'
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

/** What one county holds (every county of a size the same). */
interface County {
  readonly pipelines: number
  readonly equipment: number
  readonly cylinders: number
  readonly fills: number
  /** Repeats of each planted case per county (the violations the pages and the CSV read). */
  readonly planted: number
}
interface Size {
  readonly name: string
  /** The region whose rates are asked with their breakdown. */
  readonly region: string
  readonly counties: readonly string[]
  readonly county: County
}
// The default sizes share one county, small enough that the three finish in about 15 minutes on
// the shared 2-core machine; `full` is the issue's province (16 cities, 144 counties, 200,000
// pipelines, 2 M equipment, 5 M cylinders, 20 M fills).
const county: County = { pipelines: 700, equipment: 50, cylinders: 500, fills: 1_000, planted: 5 }
const sizes: Record<string, Size> = {
  city: { name: 'city', region: '330100', counties: countiesOf(1, 5), county },
  large: { name: 'large city', region: '330100', counties: countiesOf(1, 25), county },
  province: { name: 'province', region: '330000', counties: countiesOf(10, 5), county },
  // The full province's 16 cities, 144 counties and violations (10 planted repeats a county,
  // about 46,000) on small counties: a city's violations pages among many cities, in minutes.
  cities: {
    name: 'many cities',
    region: '330000',
    counties: countiesOf(16, 9),
    county: { pipelines: 20, equipment: 10, cylinders: 100, fills: 200, planted: 10 },
  },
  // A twentieth of the full province's equipment, cylinders and fills over its 144 counties, and
  // half its pipelines (the rates' size): 1.66 M events, an hour on the shared machine.
  twentieth: {
    name: 'province 1/20 (pipelines 1/2)',
    region: '330000',
    counties: countiesOf(16, 9),
    county: { pipelines: 700, equipment: 694, cylinders: 1_736, fills: 6_944, planted: 10 },
  },
  full: {
    name: 'full province',
    region: '330000',
    counties: countiesOf(16, 9),
    county: { pipelines: 1_389, equipment: 13_889, cylinders: 34_722, fills: 138_889, planted: 10 },
  },
}

const citySize = (s: Size): CitySize => ({
  counties: s.counties,
  stationsPerCounty: 2,
  usersPerCounty: 10,
  installersPerCounty: 2,
  manufacturersPerCounty: 1,
  sellersPerCounty: 1,
  cylinders: s.county.cylinders * s.counties.length,
  fills: s.county.fills * s.counties.length,
  equipmentPerCounty: s.county.equipment,
  pipelinesPerCounty: s.county.pipelines,
  plantedRepeats: s.county.planted,
})

const dateOf = (field: string) => `(facts->>'${field}')::date`
/** Two parallel arrays of the fields of a jsonb array of the facts, in array order. */
const arraysOf = (array: string, [a, aType]: [string, string], [b, bType]: [string, string]) =>
  `CROSS JOIN LATERAL (SELECT coalesce(array_agg((e->>'${a}')::${aType} ORDER BY i), '{}'),
     coalesce(array_agg((e->>'${b}')::${bType} ORDER BY i), '{}')
     FROM jsonb_array_elements(facts->'${array}') WITH ORDINALITY AS x(e, i)) AS ${array}`
/**
 * The same-run baseline of the typed fact columns: the region's pipelines with their fact
 * columns read from the jsonb document per query, as the rates statement read them before
 * (an upper bound: the arrays are parsed, then unnested by the statement).
 */
const factsFromDocument = (prefix: string) =>
  kyselySql`SELECT * FROM (SELECT pipeline_id, facts->>'region' AS region, facts->>'organisationId' AS organisation_id,
      ${kyselySql.raw(
        [
          ['notifiedOn', 'notified_on'],
          ['constructionStartedOn', 'construction_started_on'],
          ['installationDeclaredOn', 'installation_declared_on'],
          ['installationInspectedOn', 'installation_inspected_on'],
          ['inUseKnownOn', 'in_use_known_on'],
        ]
          .map(([field, column]) => `${dateOf(field!)} AS ${column}`)
          .join(', '),
      )},
      inUseRecords.*, dueDates.*, declarations.*
    FROM enf_pipeline_stages
    ${kyselySql.raw(arraysOf('inUseRecords', ['recordedOn', 'date'], ['complete', 'boolean']))}
    ${kyselySql.raw(arraysOf('dueDates', ['dueDate', 'date'], ['knownOn', 'date']))}
    ${kyselySql.raw(arraysOf('declarations', ['dueDate', 'date'], ['declaredOn', 'date']))}
    WHERE facts->>'region' LIKE ${`${prefix}%`})
    AS doc(pipeline_id, region, organisation_id, notified_on, construction_started_on, installation_declared_on,
      installation_inspected_on, in_use_known_on, in_use_recorded_on, in_use_complete, due_on, due_known_on,
      declared_due_on, declared_on)`

interface Timing {
  readonly name: string
  readonly p50: number
  readonly p99: number
  readonly runs: number
}

/** p50/p99 over as many runs as fit in about `budgetMs` (3 to 50), after one untimed call. */
async function timed(name: string, fn: (i: number) => Promise<unknown>, budgetMs = 10_000): Promise<Timing> {
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
  /** Shared buffers a page touches, now and with the statement before the scope indexes. */
  readonly buffers: { readonly short: string; readonly now: number; readonly before: number }[]
  readonly csv: {
    readonly rows: number
    readonly mib: number
    readonly liveMiB: number
    readonly heapMiB: number
    readonly rssMiB: number
  }
  readonly equal: boolean
  readonly load: string
}

const currentLoad = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

async function run(size: Size): Promise<Result> {
  const loadBefore = currentLoad()
  const schema = `bench_province_${size.name.replace(/\W+/g, '_')}`
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
  log(`${size.name}: ${JSON.stringify(city.counts)}, generated in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`)
  const appended = await appendCity(store, city, {
    concurrency: 32,
    progressEvery: 200_000,
    onProgress: (p) => log(`  ${p.events} events appended (${p.eventsPerSecond} events/s)`),
  })
  const loadSeconds = (Date.now() - loadStarted) / 1000
  log(`${size.name}: ${appended.events} events loaded in ${loadSeconds.toFixed(1)} s`)

  const projections = [pipelineStagesProjection(), violationsProjection(), lateReportsProjection(), gasSafetyProjection]
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
  let equal =
    JSON.stringify(await pipelineRates(db, size.region, day)) ===
      JSON.stringify(await pipelineRatesInTypeScript(db, size.region, day)) &&
    JSON.stringify(await pipelineRates(db, county, '2025-12-31')) ===
      JSON.stringify(await pipelineRatesInTypeScript(db, county, '2025-12-31'))
  const station = `FS-${county}-00`
  const prefix = size.region.endsWith('0000') ? size.region.slice(0, 2) : size.region.slice(0, 4)
  equal &&=
    JSON.stringify(await pipelineRates(db, size.region, day)) ===
    JSON.stringify(await regionFiguresInSql(db, size.region, day, factsFromDocument(prefix)))
  log(`  SQL (columns), SQL (jsonb) and TypeScript answers ${equal ? 'equal' : 'DIFFERENT'}`)
  const days = ['2025-06-30', '2025-12-31']
  // A cursor 90% down a scope's violations (what a client holds after paging that far).
  const scopeRows = async (scope: string) =>
    (
      await sql.query<{ occurred_at: Date; id: string }>(
        'SELECT occurred_at, id FROM enf_violations WHERE region LIKE $1 ORDER BY occurred_at DESC, id DESC',
        [`${scope}%`],
      )
    ).rows
  const deepCursorOf = (rows: { occurred_at: Date; id: string }[]) => encodeCursor(rows[Math.floor(rows.length * 0.9)]!)
  const regionRows = await scopeRows(prefix)
  const violations = regionRows.length
  const deepCursor = deepCursorOf(regionRows)
  // The county's city: the region itself at the city sizes, one of ten or sixteen in a province.
  const cityPrefix = county.slice(0, 4)
  const cityDeepCursor = deepCursorOf(await scopeRows(cityPrefix))
  /** A page as listViolations wrote it before the scope indexes (region LIKE, days on occurred_on). */
  const pageBefore = (f: ViolationFilter) => {
    let query = db.selectFrom('enf_violations').selectAll().where('region', 'like', `${f.regionPrefix}%`)
    if (f.from) query = query.where('occurred_on', '>=', f.from)
    if (f.to) query = query.where('occurred_on', '<=', f.to)
    const after = f.cursor ? decodeCursor(f.cursor) : undefined
    if (after) query = query.where(kyselySql<boolean>`(occurred_at, id) < (${new Date(after[0])}, ${after[1]})`)
    return query
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
  }
  // A city's and a county's pages, each also as the statement before (the same-run baseline).
  const scopePages: { key: string; name: string; short: string; filter: ViolationFilter }[] = [
    {
      key: 'City',
      name: `city ${cityPrefix}, first page (50)`,
      short: 'city first',
      filter: { regionPrefix: cityPrefix, limit: 50 },
    },
    {
      key: 'CityDeep',
      name: `city ${cityPrefix}, page 90% down (cursor)`,
      short: 'city 90%',
      filter: { regionPrefix: cityPrefix, cursor: cityDeepCursor, limit: 50 },
    },
    {
      key: 'CityMonth',
      name: `city ${cityPrefix}, March (from, to)`,
      short: 'city March',
      filter: { regionPrefix: cityPrefix, from: '2025-03-01', to: '2025-03-31', limit: 50 },
    },
    {
      key: 'County',
      name: `county ${county}, first page (50)`,
      short: 'county first',
      filter: { regionPrefix: county, limit: 50 },
    },
  ]
  /** Shared buffers (hit or read) one run of a statement touches: what it reads, whatever the load. */
  const buffersOf = async (query: Compilable) => {
    const compiled = query.compile()
    const { rows } = await sql.query<{ 'QUERY PLAN': [{ Plan: Record<string, number> }] }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${compiled.sql}`,
      compiled.parameters,
    )
    const plan = rows[0]!['QUERY PLAN'][0].Plan
    return plan['Shared Hit Blocks']! + plan['Shared Read Blocks']!
  }
  const buffers: Result['buffers'] = []
  for (const { short, filter } of scopePages)
    buffers.push({
      short,
      now: await buffersOf(violationsPageQuery(db, filter)),
      before: await buffersOf(pageBefore(filter)),
    })
  // The province's pages: at the one-province sizes every row is in it, its index holds one
  // value (enforcement_violations_004_drop_list_index weighed it against enf_violations_list).
  const provinceDeepCursor = deepCursorOf(await scopeRows('33'))
  for (const [short, filter] of [
    ['province first', { regionPrefix: '33', limit: 50 }],
    ['province 90%', { regionPrefix: '33', cursor: provinceDeepCursor, limit: 50 }],
  ] as const)
    buffers.push({
      short,
      now: await buffersOf(violationsPageQuery(db, filter)),
      before: await buffersOf(pageBefore(filter)),
    })
  log(`  shared buffers a page, now / before: ${buffers.map((b) => `${b.short} ${b.now} / ${b.before}`).join('; ')}`)
  // Pre-fill checks of cylinders spread over the region, each by an operator of its county's station.
  const { rows: cylinders } = await sql.query<{ code: string; region_code: string }>(
    'SELECT code, region_code FROM cyl_cylinders ORDER BY md5(code) LIMIT 500',
  )
  const prefill = (i: number) => {
    const c = cylinders[i % cylinders.length]!
    const s = `FS-${c.region_code}-00`
    return loadPrefillFacts(sql, { cylinderCode: c.code, stationId: s, operatorId: `OP-${s}-1` })
  }
  let csv = { rows: violations, mib: 0 }
  const exportCsv = async () => {
    let bytes = 0
    for await (const chunk of exportViolationsCsv(db, { regionPrefix: prefix })) bytes += Buffer.byteLength(chunk)
    csv = { rows: violations, mib: bytes / 2 ** 20 }
  }
  const timings: Record<string, Timing> = {}
  for (const [key, name, fn, budget] of [
    ['select1', 'SELECT 1 (baseline)', () => sql.query('SELECT 1'), 2_000],
    ['regionSql', `rates of R with breakdown, SQL`, (i: number) => pipelineRates(db, size.region, days[i % 2]!)],
    [
      'regionJsonb',
      `rates of R with breakdown, SQL over the jsonb facts (before typed columns)`,
      (i: number) => regionFiguresInSql(db, size.region, days[i % 2]!, factsFromDocument(prefix)),
    ],
    [
      'regionTs',
      `rates of R with breakdown, TypeScript (baseline)`,
      (i: number) => pipelineRatesInTypeScript(db, size.region, days[i % 2]!),
    ],
    ['countySql', `rates of county ${county}, SQL`, (i: number) => pipelineRates(db, county, days[i % 2]!)],
    [
      'violationsRegion',
      'violations of R, first page (50)',
      () => listViolations(db, { regionPrefix: prefix, limit: 50 }),
    ],
    [
      'violationsDeep',
      'violations of R, page 90% down (cursor)',
      () => listViolations(db, { regionPrefix: prefix, cursor: deepCursor, limit: 50 }),
    ],
    ...scopePages.flatMap(({ key, name, filter }) => [
      [`violations${key}`, `violations of ${name}`, () => listViolations(db, filter)] as const,
      [
        `violations${key}Before`,
        `violations of ${name}, before: region LIKE (baseline)`,
        () => pageBefore(filter).execute(),
      ] as const,
    ]),
    ['summary', 'organisation summary + risk grade', () => organisationSummary(db, station, '2025-12-31', prefix)],
    ['prefill', 'pre-fill check facts (loadPrefillFacts)', prefill, 3_000],
    ['csv', 'violations.csv of R, streamed', exportCsv, 20_000],
  ] as const) {
    timings[key] = await timed(name, fn as (i: number) => Promise<unknown>, budget)
  }
  // Live: a gc after each page. Left alone: the peaks the process reached as V8 let garbage wait.
  const live = await streamMemory(exportViolationsCsv(db, { regionPrefix: prefix }), { gcEvery: 1 })
  const alone = await streamMemory(exportViolationsCsv(db, { regionPrefix: prefix }))
  log(
    `  violations.csv: ${csv.rows} rows, ${csv.mib.toFixed(1)} MiB, live heap growth ${live.liveMiB.toFixed(2)} MiB; without forced gc peak heap growth ${alone.peakHeapMiB.toFixed(1)} MiB, RSS ${alone.peakRssMiB.toFixed(1)} MiB`,
  )
  await store.close()
  await sql.close()
  return {
    size,
    pipelines,
    events: appended.events,
    loadSeconds,
    rebuild,
    timings,
    buffers,
    csv: { ...csv, liveMiB: live.liveMiB, heapMiB: alone.peakHeapMiB, rssMiB: alone.peakRssMiB },
    equal,
    load: `${loadBefore} -> ${currentLoad()}`,
  }
}

const results: Result[] = []
for (const key of values.sizes.split(',')) {
  const size = sizes[key]
  if (!size) throw new Error(`unknown size ${key}: ${Object.keys(sizes).join(', ')}`)
  results.push(await run(size))
}

/** The log-log slope of y against the events in the log, least squares over `rs`: 1 linear, 0 flat. */
function slope(rs: readonly Result[], f: (r: Result) => number): number | undefined {
  if (rs.length < 2) return undefined
  const xs = rs.map((r) => Math.log(r.events))
  const ys = rs.map((r) => Math.log(Math.max(f(r), 1e-3)))
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0)
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0)
  return num / den
}
const slopes = (f: (r: Result) => number) => {
  const steps = results.slice(1).map((r, i) => slope([results[i]!, r], f)!.toFixed(2))
  const all = slope(results, f)
  return all === undefined ? '' : results.length > 2 ? `${steps.join(', ')}; ${all.toFixed(2)}` : all.toFixed(2)
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'))
const first = results[0]!
console.log(
  `\nPostgreSQL; load average (1/5/15 min) per size: ${results.map((r) => `${r.size.name} ${r.load}`).join('; ')}`,
)
console.log(
  `\n| p50 / p99 ms unless stated | ${results.map((r) => `${r.size.name} (R ${r.size.region}): ${r.size.counties.length} counties, ${r.pipelines.toLocaleString('en')} pipelines`).join(' | ')} | growth exponent (p50 vs events) |`,
)
console.log(`| --- | ${results.map(() => '---').join(' | ')} | --- |`)
const row = (name: string, f: (r: Result) => number, fmt: (r: Result) => string, fit = true) =>
  console.log(`| ${name} | ${results.map(fmt).join(' | ')} | ${fit ? slopes(f) : ''} |`)
row(
  'events in the log',
  (r) => r.events,
  (r) => r.events.toLocaleString('en'),
  false,
)
row(
  'load through the store: s (events/s)',
  (r) => r.loadSeconds,
  (r) => `${r.loadSeconds.toFixed(1)} (${Math.round(r.events / r.loadSeconds).toLocaleString('en')})`,
)
for (const name of Object.keys(first.rebuild))
  row(
    `rebuild \`${name}\`, s`,
    (r) => r.rebuild[name]!,
    (r) => r.rebuild[name]!.toFixed(1),
  )
for (const key of Object.keys(first.timings))
  row(
    first.timings[key]!.name,
    (r) => r.timings[key]!.p50,
    (r) => `${ms(r.timings[key]!.p50)} / ${ms(r.timings[key]!.p99)}`,
    key !== 'select1',
  )
row(
  `violations pages, shared buffers now / before: ${first.buffers.map((b) => b.short).join('; ')}`,
  (r) => r.buffers.reduce((sum, b) => sum + b.now, 0),
  (r) => r.buffers.map((b) => `${b.now} / ${b.before}`).join('; '),
)
row(
  'violations.csv: rows, MiB; live heap growth MiB (gc after each page); peak heap, RSS growth MiB (no forced gc)',
  (r) => r.csv.liveMiB,
  (r) =>
    `${r.csv.rows.toLocaleString('en')}, ${r.csv.mib.toFixed(1)}; ${r.csv.liveMiB.toFixed(2)}; ${r.csv.heapMiB.toFixed(1)}, ${r.csv.rssMiB.toFixed(1)}`,
)
console.log(`\nSQL = TypeScript at every size: ${results.every((r) => r.equal)}`)
