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
})
