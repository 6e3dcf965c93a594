import t from 'tap'
import { createKysely, runMigrations, type SqlClient } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { chinaDate } from '@gsr/domain'
import type { EnforcementTables } from './EnforcementTables.ts'
import { listViolations, violationsPageQuery, type ViolationFilter } from './listViolations.ts'
import { violationsMigrations } from './violationsMigrations.ts'

/**
 * A page of a scope (province, city, county) holds exactly its rows in page order, and is read
 * as a range of the index of its level: a city's page does not walk the other cities' rows.
 * Two cities of one province (3301, 3302: the same 2 digits), a row filed at the city itself
 * (330100) and other provinces (32, 34, 35, 36: half the rows, so that the province too is a
 * part of the table); enough rows that a page is a small part of a scope's. occurred_at
 * repeats, so the id breaks ties. Four rows in county 330106 sit on the edges of China field
 * days (the last microsecond of one, the first of the next), for the period filters. Instants
 * are written UTC with six decimals, so their string order is their time order.
 */
const regions = ['330100', '330102', '330106', '330201', '330206', '320102', '320205', '340102', '350102', '360102']
const categories = ['noncompliant_cylinder_filled', 'fill_checks_missing', 'operator_uncertified']
const edges = [
  ['e1', '2025-02-28T15:59:59.999999Z'], // 2025-02-28 23:59:59.999999 in China
  ['e2', '2025-02-28T16:00:00.000000Z'], // 2025-03-01 00:00
  ['e3', '2025-03-09T15:59:59.999999Z'], // 2025-03-09 23:59:59.999999
  ['e4', '2025-03-09T16:00:00.000000Z'], // 2025-03-10 00:00
]
const rows = [
  ...regions.flatMap((region, r) =>
    Array.from({ length: 40 }, (_, i) => ({
      id: `v-${region}-${String(i).padStart(2, '0')}`,
      region,
      category: categories[(r + i) % categories.length]!,
      occurred_at: `2025-03-0${1 + ((r * 3 + i) % 9)}T02:00:00.000000Z`,
    })),
  ),
  ...edges.map(([key, at], i) => ({
    id: `v-330106-${key}`,
    region: '330106',
    category: categories[i % categories.length]!,
    occurred_at: at!,
  })),
].map((row) => ({ ...row, occurred_on: chinaDate(row.occurred_at) }))
type Row = (typeof rows)[number]

async function insertRows(sql: SqlClient) {
  await sql.query(
    `INSERT INTO enf_violations (id, category, sub_reason, subject_kind, subject_id, organisation_id, region,
       occurred_at, occurred_on, detected_at, evidence, details, status)
     SELECT id, category, 'r', 'fill', id, 'org-' || region, region, occurred_at, occurred_on, occurred_at,
            '[]', '{}', 'open'
       FROM jsonb_to_recordset($1::jsonb)
         AS r(id text, region text, category text, occurred_at timestamptz, occurred_on text)`,
    [JSON.stringify(rows)],
  )
  await sql.query('ANALYZE enf_violations')
}

/** The expected page order: newest first, the larger id first among rows of one instant. */
const newestFirst = (a: Row, b: Row) =>
  (a.occurred_at < b.occurred_at ? 1 : a.occurred_at > b.occurred_at ? -1 : 0) ||
  (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, violationsMigrations)
  await insertRows(sql)
  const kysely = createKysely<EnforcementTables>(sql)

  /** Every page of `filter`, seven rows a page: the ids in the order they came. */
  async function allPages(filter: Omit<ViolationFilter, 'limit'>): Promise<string[]> {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = await listViolations(kysely, { ...filter, cursor, limit: 7 })
      ids.push(...page.items.map((v) => v.id))
      cursor = page.nextCursor
    } while (cursor)
    return ids
  }

  t.test("each scope's pages hold exactly its rows, newest first, each once", async (t) => {
    for (const prefix of ['', '33', '32', '3301', '3302', '3303', '330106', '330201']) {
      const expected = rows.filter((r) => r.region.startsWith(prefix)).sort(newestFirst)
      t.same(
        await allPages({ regionPrefix: prefix }),
        expected.map((r) => r.id),
        `scope '${prefix}'`,
      )
      const category = categories[1]!
      t.same(
        await allPages({ regionPrefix: prefix, category }),
        expected.filter((r) => r.category === category).map((r) => r.id),
        `scope '${prefix}' and a category`,
      )
    }
    const city = await allPages({ regionPrefix: '3301' })
    t.ok(city.includes('v-330100-00'), 'a row filed at the city itself is on its page')
    t.notOk(
      city.some((id) => id.startsWith('v-3302')),
      'not a row of the neighbouring city of the same province',
    )
  })

  t.test('a period is read by field day in China: from, to and on, to the microsecond', async (t) => {
    const periods: { from?: string; to?: string; on?: string }[] = [
      { from: '2025-03-01' },
      { to: '2025-03-09' },
      { from: '2025-03-01', to: '2025-03-09' },
      { from: '2025-03-04', to: '2025-03-04' },
      { on: '2025-03-09' },
      { on: '2025-02-28' },
      { from: '0001-01-01', to: '9999-12-31' }, // the widest days the API takes (IsoDate)
    ]
    for (const prefix of ['', '3301', '330106'])
      for (const period of periods) {
        const last = period.to ?? period.on
        const expected = rows
          .filter((r) => r.region.startsWith(prefix))
          .filter((r) => (!period.from || r.occurred_on >= period.from) && (!last || r.occurred_on <= last))
          .sort(newestFirst)
        t.same(
          await allPages({ regionPrefix: prefix, ...period }),
          expected.map((r) => r.id),
          `'${prefix}' ${JSON.stringify(period)}`,
        )
      }
    t.same(
      await allPages({ regionPrefix: '330106', from: '2025-03-01', to: '2025-03-09' }).then((ids) =>
        ids.filter((id) => /-e\d$/.test(id)),
      ),
      ['v-330106-e3', 'v-330106-e2'],
      'the first and the last microsecond of the period in, those just outside it out',
    )
  })

  /** The plan of a page's compiled statement, on these few rows with sequential scans off. */
  async function planOf(filter: ViolationFilter): Promise<string> {
    const compiled = violationsPageQuery(kysely, filter).compile()
    return sql.transaction(async (tx) => {
      // Few rows here: without this the planner reads the small table whole, as it should.
      await tx.query('SET LOCAL enable_seqscan = off')
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${compiled.sql}`, compiled.parameters)
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    })
  }
  const cursor = (await listViolations(kysely, { regionPrefix: '3301', limit: 5 })).nextCursor

  t.test("a province's, a city's and a county's page, first and by cursor, is a range of its index", async (t) => {
    for (const [prefix, index, scope] of [
      ['33', 'enf_violations_province', /"left"\(region, 2\) = '33'/],
      ['3301', 'enf_violations_city', /"left"\(region, 4\) = '3301'/],
      ['330106', 'enf_violations_region', /\(region = '330106'/],
    ] as const)
      for (const page of [{}, { cursor }]) {
        const plan = await planOf({ regionPrefix: prefix, ...page, limit: 5 })
        t.match(plan, new RegExp(`Index Scan using ${index} on enf_violations`), plan)
        t.match(plan, new RegExp(`Index Cond: .*${scope.source}`), 'the scope is the index condition')
        if (page.cursor) t.match(plan, /Index Cond: .*ROW\(occurred_at, id\) </, 'so is the cursor')
        t.notMatch(plan, /Sort|Filter:|Seq Scan/, 'read in page order, no row outside the page read')
      }
  })

  t.test("a city's page of a period reads the city's index from the period's start to its end", async (t) => {
    for (const period of [{ from: '2025-03-04', to: '2025-03-05' }, { on: '2025-03-05' }]) {
      const plan = await planOf({ regionPrefix: '3301', ...period, limit: 5 })
      // In page order, or (few rows in the period) the period's rows sorted: either way its bounds
      // are the index condition and no row of the city outside them is read.
      t.match(plan, /Index Scan (using|on) enf_violations_city/, plan)
      t.match(plan, period.from ? /Index Cond: .*occurred_at >= .*occurred_at < / : /Index Cond: .*occurred_at < /)
      t.notMatch(plan, /Filter:|Seq Scan/, 'no row of the city outside the period read')
    }
  })

  t.test('an unreadable cursor is refused, not read as the first page', async (t) => {
    await t.rejects(listViolations(kysely, { regionPrefix: '3301', cursor: 'not-a-cursor', limit: 5 }), RangeError)
  })
})
