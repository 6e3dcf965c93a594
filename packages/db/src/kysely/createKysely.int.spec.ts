import t from 'tap'
import { sql as rawSql } from 'kysely'
import { forEachDatabase } from '../testing/index.ts'
import { createKysely } from './createKysely.ts'

interface Tables {
  items: { id: number; label: string; at: Date; doc: unknown }
}

forEachDatabase(t, async (t, database) => {
  const client = database.client
  await client.exec(
    'CREATE TABLE items (id int8 PRIMARY KEY, label text NOT NULL, at timestamptz NOT NULL, doc jsonb NOT NULL)',
  )
  const db = createKysely<Tables>(client)
  const labels = async () =>
    (await client.query<{ label: string }>('SELECT label FROM items ORDER BY id')).rows.map((row) => row.label)
  t.beforeEach(async () => {
    await client.exec('TRUNCATE items')
  })

  t.test('typed queries round-trip int8, timestamptz and jsonb and report affected rows', async (t) => {
    const at = new Date('2026-03-04T05:06:07Z')
    const inserted = await db
      .insertInto('items')
      .values([
        { id: 1, label: 'a', at, doc: JSON.stringify({ k: [1, 2] }) },
        { id: 2, label: 'b', at, doc: JSON.stringify({}) },
      ])
      .executeTakeFirstOrThrow()
    t.equal(inserted.numInsertedOrUpdatedRows, 2n)
    t.same(await db.selectFrom('items').selectAll().where('id', '=', 1).execute(), [
      { id: 1, label: 'a', at, doc: { k: [1, 2] } },
    ])
    const updated = await db.updateTable('items').set({ label: 'c' }).where('id', '>=', 1).executeTakeFirstOrThrow()
    t.equal(updated.numUpdatedRows, 2n)
    const deleted = await db.deleteFrom('items').where('id', '=', 2).executeTakeFirstOrThrow()
    t.equal(deleted.numDeletedRows, 1n)
    const { rows, numAffectedRows } = await rawSql<{ n: number }>`SELECT count(*)::int8 AS n FROM items`.execute(db)
    t.same(rows, [{ n: 1 }])
    t.equal(numAffectedRows, undefined)
    const raw = await rawSql`UPDATE items SET label = 'd' WHERE id = 1`.execute(db)
    t.equal(raw.numAffectedRows, 1n, 'raw writes report affected rows too')
  })

  t.test('db.transaction() commits through client.transaction and rolls back on error', async (t) => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('items').values({ id: 1, label: 'kept', at: new Date(), doc: '{}' }).execute()
    })
    await t.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 2, label: 'dropped', at: new Date(), doc: '{}' }).execute()
        throw new Error('boom')
      }),
      /boom/,
    )
    t.same(await labels(), ['kept'])
  })

  t.test('a failing statement rolls the whole kysely transaction back', async (t) => {
    await t.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 3, label: 'first', at: new Date(), doc: '{}' }).execute()
        await trx.insertInto('items').values({ id: 3, label: 'duplicate', at: new Date(), doc: '{}' }).execute()
      }),
    )
    t.same(await labels(), [])
  })

  t.test('isolation level and access mode are applied', async (t) => {
    const level = await db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(
        async (trx) =>
          (await rawSql<{ l: string }>`SELECT current_setting('transaction_isolation') AS l`.execute(trx)).rows[0]?.l,
      )
    t.equal(level, 'serializable')
    await t.rejects(
      db
        .transaction()
        .setAccessMode('read only')
        .execute((trx) => trx.insertInto('items').values({ id: 9, label: 'x', at: new Date(), doc: '{}' }).execute()),
      /read-only/,
    )
  })

  t.test('concurrent kysely transactions each commit their own rows', async (t) => {
    await Promise.all(
      [1, 2, 3, 4].map((id) =>
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('items')
            .values({ id, label: `t${id}`, at: new Date(), doc: '{}' })
            .execute()
          await trx
            .updateTable('items')
            .set({ label: `T${id}` })
            .where('id', '=', id)
            .execute()
        }),
      ),
    )
    t.same(await labels(), ['T1', 'T2', 'T3', 'T4'])
  })

  t.test('on a tx executor, writes join the outer transaction', async (t) => {
    await t.rejects(
      client.transaction(async (tx) => {
        await createKysely<Tables>(tx)
          .insertInto('items')
          .values({ id: 5, label: 'inner', at: new Date(), doc: '{}' })
          .execute()
        throw new Error('outer fails')
      }),
      /outer fails/,
    )
    t.same(await labels(), [])
    await client.transaction(async (tx) => {
      await createKysely<Tables>(tx)
        .insertInto('items')
        .values({ id: 6, label: 'inner', at: new Date(), doc: '{}' })
        .execute()
    })
    t.same(await labels(), ['inner'])
  })

  t.test('on a tx executor, db.transaction() is a savepoint', async (t) => {
    await client.transaction(async (tx) => {
      const inner = createKysely<Tables>(tx)
      await inner.insertInto('items').values({ id: 7, label: 'outer', at: new Date(), doc: '{}' }).execute()
      await t.rejects(
        inner.transaction().execute(async (trx) => {
          await trx.insertInto('items').values({ id: 8, label: 'undone', at: new Date(), doc: '{}' }).execute()
          throw new Error('inner fails')
        }),
        /inner fails/,
      )
      await inner.transaction().execute(async (trx) => {
        await trx.insertInto('items').values({ id: 9, label: 'nested', at: new Date(), doc: '{}' }).execute()
      })
    })
    t.same(await labels(), ['outer', 'nested'])
  })

  t.test('controlled transactions support savepoints', async (t) => {
    const trx = await db.startTransaction().execute()
    await trx.insertInto('items').values({ id: 10, label: 'before', at: new Date(), doc: '{}' }).execute()
    const sp = await trx.savepoint('sp1').execute()
    await sp.insertInto('items').values({ id: 11, label: 'after', at: new Date(), doc: '{}' }).execute()
    await sp.rollbackToSavepoint('sp1').execute()
    await trx.commit().execute()
    t.same(await labels(), ['before'])
  })
})
