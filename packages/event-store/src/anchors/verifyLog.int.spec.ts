import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { runMigrations, type SqlClient } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '../postgres/createPostgresEventStore.ts'
import { eventStoreMigrations } from '../postgres/eventStoreMigrations.ts'
import { waitForPosition } from '../waitForPosition.ts'
import { newEvent, readAllUntil } from '../testing/index.ts'
import { anchorMigrations } from './anchorMigrations.ts'
import { recordAnchor } from './anchorLog.ts'
import { publicKeyText } from './anchorSigning.ts'
import { verifyLog } from './verifyLog.ts'

const { privateKey } = generateKeyPairSync('ed25519')
const trustedKeys = [publicKeyText(privateKey)]

/** Runs `tamper`, then `undo` whatever the outcome, so each case starts from an intact log. */
async function tampered<T>(tamper: () => Promise<unknown>, check: () => Promise<T>, undo: () => Promise<unknown>) {
  await tamper()
  try {
    return await check()
  } finally {
    await undo()
  }
}

forEachDatabase(t, async (t, db) => {
  const sql: SqlClient = db.client
  await runMigrations(sql, [...eventStoreMigrations, ...anchorMigrations])
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const verify = () => verifyLog(store, sql, { trustedKeys, eventStoreSql: sql })

  // Three streams; an anchor after the first five events of each; then more events.
  const streams = ['equipment-A', 'equipment-B', 'pipeline-C']
  for (let i = 0; i < 5; i++)
    for (const stream of streams) await store.appendToStream(stream, [newEvent('Step', { stream, i })])
  await readAllUntil(store, {}, (events) => events.length >= 15)
  const first = await recordAnchor(store, sql, privateKey)
  t.ok(first.recorded)
  t.equal(first.anchor.statement.events, 15)
  t.equal((await recordAnchor(store, sql, privateKey)).recorded, false, 'nothing new: no second anchor')
  for (let i = 5; i < 8; i++)
    for (const stream of streams) await store.appendToStream(stream, [newEvent('Step', { stream, i })])
  await readAllUntil(store, {}, (events) => events.length >= 24)

  const rowOf = async (stream: string, revision: number) =>
    (
      await sql.query<{ sequence: number; data: unknown }>(
        'SELECT sequence, data FROM es_events WHERE stream_name = $1 AND revision = $2',
        [stream, revision],
      )
    ).rows[0]!

  t.test('an intact log verifies', async (t) => {
    const report = await verify()
    t.same(report, { events: 24, streams: 3, anchors: 1 })
  })

  t.test('UPDATE of one event’s data is detected and located', async (t) => {
    const original = await rowOf('equipment-B', 2)
    const report = await tampered(
      () =>
        sql.query(`UPDATE es_events SET data = '{"stream":"equipment-B","i":99}' WHERE sequence = $1`, [
          original.sequence,
        ]),
      verify,
      () =>
        sql.query('UPDATE es_events SET data = $2::text::jsonb WHERE sequence = $1', [
          original.sequence,
          JSON.stringify(original.data),
        ]),
    )
    t.match(report.broken, { streamName: 'equipment-B', revision: 2, problem: /hash does not match/ })
    t.same((await verify()).broken, undefined, 'undone, the log verifies again')
  })

  t.test('DELETE of one event is detected and located', async (t) => {
    const report = await tampered(
      () =>
        sql.query(
          `CREATE TEMP TABLE deleted AS WITH d AS (DELETE FROM es_events WHERE stream_name = 'pipeline-C' AND revision = 6 RETURNING *) SELECT * FROM d`,
        ),
      verify,
      async () => {
        await sql.query('INSERT INTO es_events OVERRIDING SYSTEM VALUE SELECT * FROM deleted')
        await sql.query('DROP TABLE deleted')
      },
    )
    t.match(report.broken, { streamName: 'pipeline-C', revision: 6, problem: /event missing/ })

    const last = await tampered(
      () =>
        sql.query(
          `CREATE TEMP TABLE deleted AS WITH d AS (DELETE FROM es_events WHERE stream_name = 'pipeline-C' AND revision = 7 RETURNING *) SELECT * FROM d`,
        ),
      verify,
      async () => {
        await sql.query('INSERT INTO es_events OVERRIDING SYSTEM VALUE SELECT * FROM deleted')
        await sql.query('DROP TABLE deleted')
      },
    )
    t.match(last.broken, { streamName: 'pipeline-C', revision: 7, problem: /event missing/ }, 'the last one too')
  })

  t.test('INSERT of a forged event is detected and located', async (t) => {
    // The verifier walks the log as readers see it: wait until the forged row is readable (on a
    // shared server another transaction still open holds it back, and es_streams' check, which
    // sees every committed row, would report it first).
    const forge = async (hash: string) => {
      const { rows } = await sql.query<{ commit: number; prepare: number }>(
        `INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
         SELECT 'equipment-A', 8, '0b6e0d1c-0000-4000-8000-00000000f0f0', 'Step', '{"forged":true}', metadata, ${hash}
           FROM es_events WHERE stream_name = 'equipment-A' AND revision = 7
         RETURNING transaction_id::text::int8 AS commit, sequence AS prepare`,
      )
      await waitForPosition(store, rows[0]!)
    }
    const removeForged = () => sql.query(`DELETE FROM es_events WHERE stream_name = 'equipment-A' AND revision = 8`)
    const naive = await tampered(() => forge(`'\\x00'::bytea`), verify, removeForged)
    t.match(naive.broken, { streamName: 'equipment-A', revision: 8, problem: /hash does not match/ })

    // A forger who computes the link as the store would: the chain holds, es_streams does not.
    const skilled = await tampered(
      () =>
        forge(
          `(es_chain_hashes('equipment-A', 8, jsonb_build_array(jsonb_build_object('id', '0b6e0d1c-0000-4000-8000-00000000f0f0', 'type', 'Step', 'data', '{"forged":true}'::jsonb, 'metadata', metadata))))[1]`,
        ),
      verify,
      removeForged,
    )
    t.match(skilled.broken, { streamName: 'equipment-A', revision: 8, problem: /not appended by the store/ })
  })

  t.test('a rewrite with recomputed hashes before an anchor is caught by the anchor', async (t) => {
    // The forger rewrites revision 1 of equipment-A and every link after it, and es_streams agrees.
    const originals = (
      await sql.query<{ sequence: number; data: unknown; hash: string }>(
        `SELECT sequence, data, encode(hash, 'hex') AS hash FROM es_events WHERE stream_name = 'equipment-A' ORDER BY revision`,
      )
    ).rows
    const rewrite = async () => {
      await sql.query(
        `UPDATE es_events SET data = '{"rewritten":true}' WHERE stream_name = 'equipment-A' AND revision = 1`,
      )
      await sql.query(`
        UPDATE es_events AS e SET hash = c.hashes[e.revision + 1]
          FROM (SELECT es_chain_hashes('equipment-A', 0, jsonb_agg(jsonb_build_object(
                  'id', event_id, 'type', type, 'data', data, 'metadata', metadata) ORDER BY revision)) AS hashes
                  FROM es_events WHERE stream_name = 'equipment-A') AS c
         WHERE e.stream_name = 'equipment-A'`)
    }
    const restore = async () => {
      for (const row of originals)
        await sql.query(`UPDATE es_events SET data = $2::text::jsonb, hash = decode($3, 'hex') WHERE sequence = $1`, [
          row.sequence,
          JSON.stringify(row.data),
          row.hash,
        ])
    }
    const report = await tampered(rewrite, verify, restore)
    t.match(report.broken, { streamName: 'equipment-A', problem: /differs from anchor 1/ })
    t.same((await verify()).broken, undefined)
  })

  t.test('anchors: a forged signature, an untrusted key, a deleted anchor', async (t) => {
    await recordAnchor(store, sql, privateKey)
    const [second] = (await sql.query<{ signature: string }>('SELECT signature FROM es_anchors WHERE sequence = 2'))
      .rows
    const badSignature = await tampered(
      () => sql.query(`UPDATE es_anchors SET signature = $1 WHERE sequence = 2`, [Buffer.alloc(64).toString('base64')]),
      verify,
      () => sql.query(`UPDATE es_anchors SET signature = $1 WHERE sequence = 2`, [second!.signature]),
    )
    t.match(badSignature.broken, { streamName: '(anchors)', revision: 2, problem: /signature does not match/ })
    const other = generateKeyPairSync('ed25519').privateKey
    const untrusted = await verifyLog(store, sql, { trustedKeys: [publicKeyText(other)] })
    t.match(untrusted.broken, { revision: 1, problem: /not trusted/ })
    t.same((await verify()).broken, undefined)
  })
})
