import t, { type Test } from 'tap'
import { createPostgresClient } from './createPostgresClient.ts'
import type { Migration } from './Migration.ts'
import { runMigrations } from './runMigrations.ts'
import type { SqlClient } from './SqlClient.ts'
import { forEachDatabase, postgresUrlEnv } from './testing/index.ts'

const first: Migration[] = [
  { name: 'm_001_items', up: 'CREATE TABLE m_items (id int PRIMARY KEY); INSERT INTO m_items VALUES (1);' },
  { name: 'm_002_more', up: 'INSERT INTO m_items VALUES (2); INSERT INTO m_items VALUES (3);' },
]

/** A second connection pool on the same schema: a second process, as far as PostgreSQL can tell. */
async function secondClient(t: Test, db: SqlClient): Promise<SqlClient> {
  if (db.dialect === 'pglite') return db
  const { rows } = await db.query<{ schema: string }>('SELECT current_schema() AS schema')
  const other = await createPostgresClient({
    connectionString: process.env[postgresUrlEnv] ?? '',
    schema: rows[0]!.schema,
  })
  t.teardown(() => other.close())
  return other
}

forEachDatabase(t, async (t, db) => {
  const sql = db.client

  t.test('applies pending migrations once, in list order, and records them', async (t) => {
    t.same(await runMigrations(sql, first), ['m_001_items', 'm_002_more'])
    t.same(await runMigrations(sql, first), [], 'nothing left to apply')
    const more = [...first, { name: 'm_003_last', up: 'INSERT INTO m_items VALUES (4)' }]
    t.same(await runMigrations(sql, more), ['m_003_last'])
    const { rows } = await sql.query<{ id: number }>('SELECT id FROM m_items ORDER BY id')
    t.same(rows, [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }])
    const recorded = await sql.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY applied_at, name')
    t.same(
      recorded.rows.map((r) => r.name),
      ['m_001_items', 'm_002_more', 'm_003_last'],
    )
  })

  t.test('a failing migration leaves nothing half-applied and stops the run', async (t) => {
    const broken: Migration[] = [
      { name: 'b_001_ok', up: 'CREATE TABLE b_items (id int PRIMARY KEY)' },
      { name: 'b_002_broken', up: 'INSERT INTO b_items VALUES (1); SELECT no_such_function();' },
      { name: 'b_003_never', up: 'INSERT INTO b_items VALUES (3)' },
    ]
    await t.rejects(runMigrations(sql, broken), /no_such_function/)
    const { rows } = await sql.query('SELECT id FROM b_items')
    t.same(rows, [], 'the broken migration was rolled back as a whole')
    const recorded = await sql.query<{ name: string }>("SELECT name FROM schema_migrations WHERE name LIKE 'b_%'")
    t.same(
      recorded.rows.map((r) => r.name),
      ['b_001_ok'],
    )
  })

  t.test('two runners at once apply each migration exactly once', async (t) => {
    const other = await secondClient(t, sql)
    const racing: Migration[] = Array.from({ length: 5 }, (_, i) => ({
      name: `r_00${i}`,
      up: i === 0 ? 'CREATE TABLE r_log (n int NOT NULL)' : `INSERT INTO r_log VALUES (${i})`,
    }))
    const [a, b] = await Promise.all([runMigrations(sql, racing), runMigrations(other, racing)])
    t.same([...a, ...b].sort(), racing.map((m) => m.name).sort(), 'each name applied by exactly one runner')
    const { rows } = await sql.query<{ n: number }>('SELECT n FROM r_log ORDER BY n')
    t.same(rows, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }])
  })

  t.test('rejects a list with duplicate names', async (t) => {
    await t.rejects(runMigrations(sql, [first[0]!, first[0]!]), /duplicate migration name/)
  })
})
