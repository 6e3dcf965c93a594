import t from 'tap'
import { forEachDatabase } from './testing/index.ts'

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await sql.exec('CREATE TABLE items (id int8 PRIMARY KEY, at timestamptz NOT NULL, doc jsonb NOT NULL)')

  t.test('maps int8, timestamptz and jsonb the same way on every adapter', async (t) => {
    await sql.query('INSERT INTO items VALUES ($1, $2, $3)', [1, new Date('2026-01-02T03:04:05Z'), { a: [1] }])
    const { rows } = await sql.query<{ id: number; at: Date; doc: unknown }>('SELECT * FROM items')
    t.same(rows, [{ id: 1, at: new Date('2026-01-02T03:04:05Z'), doc: { a: [1] } }])
    t.type(rows[0]?.id, 'number')
  })

  t.test('rolls a failed transaction back', async (t) => {
    await t.rejects(
      sql.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES (2, now(), $1)', [{}])
        throw new Error('boom')
      }),
      /boom/,
    )
    const { rows } = await sql.query('SELECT id FROM items WHERE id = 2')
    t.equal(rows.length, 0)
  })

  t.test('runs a named statement, prepared on node-postgres, and refuses its name for another text', async (t) => {
    const text = 'SELECT id FROM items WHERE id = $1::int8'
    await sql.query('INSERT INTO items VALUES (3, now(), $1)', [{}])
    for (let i = 0; i < 2; i++) {
      const { rows } = await sql.query<{ id: number }>(text, [3], { name: 'items_by_id' })
      t.same(rows, [{ id: 3 }])
    }
    const prepared = await sql.transaction(async (tx) => {
      await tx.query(text, [3], { name: 'items_by_id' })
      return (await tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows.map((row) => row.name)
    })
    t.same(prepared, sql.dialect === 'postgres' ? ['items_by_id'] : [])
    await t.rejects(sql.query('SELECT id FROM items WHERE id = $1::int8 + 1', [3], { name: 'items_by_id' }), TypeError)
    await t.rejects(
      sql.transaction((tx) => tx.query('SELECT 1', [], { name: 'items_by_id' })),
      /already used for another text/,
    )
  })
})
