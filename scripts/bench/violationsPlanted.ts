/**
 * Violations planted straight into the read model (issue 21): one province, 11 cities of 9
 * counties, rows spread over them a minute apart, at growing counts (`--sizes`). At each count:
 *  - the CSV export of the province (`exportViolationsCsv`) and what this process held for it
 *    (streamMemory.ts): the live heap after a full gc after each page (what the export keeps
 *    referenced), and in a run left alone the peak heap, external and RSS growth (garbage V8
 *    has not collected yet counts there);
 * and at the largest count, each page a team asks (a province's, a city's, a county's, first and
 * 90% down by cursor; the unscoped list no route asks) with the index it reads, the shared
 * buffers it touches and its time: with the indexes as migrated, as before
 * enforcement_violations_004 (`enf_violations_list` back), and with the province index dropped
 * instead (each in a transaction rolled back).
 *
 *   npx tsx scripts/bench/violationsPlanted.ts [--sizes 10000,50000,200000] [--pg postgres://...]
 *
 * PostgreSQL, schema `bench_violations_planted`, dropped at the end.
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createKysely, runMigrations } from '@gsr/db'
import {
  encodeCursor,
  exportViolationsCsv,
  violationsPageQuery,
  violationsProjection,
  type EnforcementTables,
  type ViolationFilter,
} from '@gsr/read-models/enforcement'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'
import { streamMemory } from './streamMemory.ts'

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '10000,50000,200000' }, pg: benchDatabaseArgs.pg },
})
const sizes = values.sizes.split(',').map(Number)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')
const loadBefore = load()
const { sql, cleanup } = await openBenchDatabase({
  db: 'pg',
  pgUrl: values.pg,
  schema: 'bench_violations_planted',
  maxConnections: 2,
})
class Rollback extends Error {}
try {
  await runMigrations(sql, violationsProjection().migrations!)
  const db = createKysely<EnforcementTables>(sql)
  const mib = (x: number, digits = 1) => x.toFixed(digits)
  console.log(
    '| rows | CSV MiB | live heap growth MiB (gc after each page) | peak heap / external / RSS growth MiB (no forced gc) |',
  )
  console.log('| ---: | ---: | ---: | --- |')
  let planted = 0
  for (const rows of sizes) {
    await sql.query(
      `INSERT INTO enf_violations (id, category, sub_reason, subject_kind, subject_id, organisation_id, region,
         occurred_at, occurred_on, detected_at, evidence, details, status)
       SELECT 'noncompliant_cylinder_filled:refurbished:fill:' || i, 'noncompliant_cylinder_filled', 'refurbished',
              'fill', 'fill-' || i, 'station-' || (i % 3000),
              '33' || lpad((i % 11 + 1)::text, 2, '0') || lpad(((i / 11) % 9 + 1)::text, 2, '0'),
              timestamptz '2025-01-01T00:00:00Z' + i * interval '1 minute', '2025-01-01',
              timestamptz '2025-01-01T00:00:00Z' + i * interval '1 minute',
              jsonb_build_array(jsonb_build_object('eventId', gen_random_uuid(), 'streamName', 'stationfills-' || (i % 300),
                'revision', i, 'type', 'CylinderFilled')),
              jsonb_build_object('cylinderCode', 'CYL-' || i), 'open'
         FROM generate_series($1::int + 1, $2::int) AS i`,
      [planted, rows],
    )
    planted = rows
    await sql.query('VACUUM ANALYZE enf_violations')
    const live = await streamMemory(exportViolationsCsv(db, { regionPrefix: '33' }), { gcEvery: 1 })
    const alone = await streamMemory(exportViolationsCsv(db, { regionPrefix: '33' }))
    console.log(
      `| ${rows.toLocaleString('en')} | ${mib(live.bytes / 2 ** 20)} | ${mib(live.liveMiB, 2)} | ${mib(alone.peakHeapMiB)} / ${mib(alone.peakExternalMiB)} / ${mib(alone.peakRssMiB)} |`,
    )
  }

  const { rows: sizesOfIndexes } = await sql.query<{ name: string; mib: string }>(
    `SELECT c.relname AS name, round(pg_relation_size(c.oid) / 1048576.0, 1)::text AS mib
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'enf_violations'::regclass ORDER BY 1`,
  )
  console.log(
    `\nindexes of enf_violations at ${planted.toLocaleString('en')} rows, MiB: ${sizesOfIndexes.map((i) => `${i.name} ${i.mib}`).join(', ')}`,
  )
  /** A cursor 90% down a scope's pages (what a client holds after paging that far). */
  const deep = async (prefix: string) => {
    const { rows } = await sql.query<{ occurred_at: Date; id: string }>(
      `SELECT occurred_at, id FROM enf_violations WHERE region LIKE $1 ORDER BY occurred_at DESC, id DESC
        OFFSET (SELECT count(*) * 9 / 10 FROM enf_violations WHERE region LIKE $1) LIMIT 1`,
      [`${prefix}%`],
    )
    return encodeCursor(rows[0]!)
  }
  const pages: [string, ViolationFilter][] = [
    ['province first', { regionPrefix: '33', limit: 50 }],
    ['province 90%', { regionPrefix: '33', cursor: await deep('33'), limit: 50 }],
    ['province March', { regionPrefix: '33', from: '2025-03-01', to: '2025-03-31', limit: 50 }],
    ['city first', { regionPrefix: '3301', limit: 50 }],
    ['city 90%', { regionPrefix: '3301', cursor: await deep('3301'), limit: 50 }],
    ['county first', { regionPrefix: '330102', limit: 50 }],
    ['unscoped first', { regionPrefix: '', limit: 50 }],
    ['unscoped 90%', { regionPrefix: '', cursor: await deep(''), limit: 50 }],
  ]
  interface Node {
    'Node Type': string
    'Index Name'?: string
    'Rows Removed by Filter'?: number
    'Shared Hit Blocks': number
    'Shared Read Blocks': number
    Plans?: Node[]
  }
  const listIndex = 'CREATE INDEX enf_violations_list ON enf_violations (occurred_at DESC, id DESC)'
  const variants: [string, string[]][] = [
    ['as migrated', []],
    ['before 004: with enf_violations_list', [listIndex]],
    ['enf_violations_province dropped instead', [listIndex, 'DROP INDEX enf_violations_province']],
  ]
  const cells = new Map<string, string[]>()
  for (const [, statements] of variants)
    await sql
      .transaction(async (tx) => {
        for (const statement of statements) await tx.query(statement)
        await tx.query('ANALYZE enf_violations')
        for (const [name, filter] of pages) {
          const compiled = violationsPageQuery(db, filter).compile()
          let cell = ''
          // The third run: warm, what a page costs once its index is in memory.
          for (let run = 0; run < 3; run++) {
            const { rows } = await tx.query<{ 'QUERY PLAN': [{ Plan: Node; 'Execution Time': number }] }>(
              `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${compiled.sql}`,
              compiled.parameters,
            )
            const { Plan: plan, 'Execution Time': ms } = rows[0]!['QUERY PLAN'][0]
            const nodes: string[] = []
            const walk = (n: Node) => {
              const removed = n['Rows Removed by Filter'] ? ` (filter drops ${n['Rows Removed by Filter']})` : ''
              nodes.push(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}${removed}`)
              n.Plans?.forEach(walk)
            }
            walk(plan)
            cell = `${nodes.filter((n) => n !== 'Limit').join(' > ')}: ${plan['Shared Hit Blocks'] + plan['Shared Read Blocks']} buffers, ${ms.toFixed(2)} ms`
          }
          cells.set(name, [...(cells.get(name) ?? []), cell])
        }
        throw new Rollback()
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error
      })
  console.log(`\n| page (50 rows) | ${variants.map(([name]) => name).join(' | ')} |`)
  console.log(`| --- | ${variants.map(() => '---').join(' | ')} |`)
  for (const [name, row] of cells) console.log(`| ${name} | ${row.join(' | ')} |`)
  console.log(`\nPostgreSQL; load average (1/5/15 min) ${loadBefore} -> ${load()}`)
} finally {
  await cleanup()
}
