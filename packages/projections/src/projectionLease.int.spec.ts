import t from 'tap'
import { runMigrations } from '@gsr/db'
import { eventStoreMigrations } from '@gsr/event-store'
import { holdTransactionOpen } from '@gsr/db/testing'
import { createProjectionRunner } from './createProjectionRunner.ts'
import { forEachEventStore } from './testing/forEachEventStore.ts'
import { appendLedgerEvents, ledgerProjection } from './testing/index.ts'

/**
 * The projection lease, in one process (so also on PGlite): of two runners on one database,
 * only the holder applies; the other follows the checkpoint (waitFor works there) and takes
 * over at once when the holder stops, or when a dead holder's lease expires. The processes and
 * `kill -9` are in severalProjectors.int.spec.ts.
 */
// Long enough that a loaded machine (CI runs files in parallel) never lets a live holder's lease lapse.
const ttlMs = 2_000

forEachEventStore(t, async (t, db, store) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const applied = { a: 0, b: 0, c: 0 }
  const runner = (name: keyof typeof applied) =>
    createProjectionRunner({
      store,
      sql,
      projections: [ledgerProjection({ name: 'leased', afterRows: (events) => void (applied[name] += events.length) })],
      batchSize: 50,
      pollIntervalMs: 20,
      lease: { ttlMs, holder: `runner-${name}` },
    })
  const holder = async () =>
    (
      await sql.query<{ h: string | null }>(
        "SELECT lease_holder AS h FROM projection_checkpoints WHERE name = 'leased'",
      )
    ).rows[0]?.h
  const until = async (ok: () => Promise<boolean>) => {
    for (const deadline = Date.now() + 10_000; !(await ok()) && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const append = async (count: number) => (await appendLedgerEvents(store, { count }))!.position

  let head = await append(200)
  const a = runner('a')
  const b = runner('b')
  await a.start()
  await a.waitFor(head)
  await b.start()
  t.teardown(() => Promise.all([a.stop(), b.stop()]).then(() => undefined))
  head = await append(100)
  await b.waitFor(head)
  t.equal(await holder(), 'runner-a', 'the first to start holds the lease')
  t.same(applied, { a: 300, b: 0, c: 0 }, 'only the holder applies; waitFor on the other follows its checkpoint')
  t.equal((await b.lag())[0]?.status, 'standby', 'the other stands by')

  await a.stop()
  t.equal(await holder(), null, 'a stopping runner releases its lease')
  const stoppedAt = Date.now()
  await until(async () => (await holder()) === 'runner-b')
  t.ok(Date.now() - stoppedAt < ttlMs, `the other takes it over at once (${Date.now() - stoppedAt} ms)`)
  head = await append(100)
  await b.waitFor(head)
  t.same(applied, { a: 300, b: 100, c: 0 })

  // A holder that died just after renewing: its lease runs out first.
  await b.stop()
  await sql.query(
    "UPDATE projection_checkpoints SET lease_holder = 'dead', lease_expires_at = now() + $1 * interval '1 millisecond' WHERE name = 'leased'",
    [ttlMs],
  )
  const diedAt = Date.now()
  const c = runner('c')
  await c.start()
  t.teardown(() => c.stop())
  await until(async () => (await holder()) === 'runner-c')
  const waited = Date.now() - diedAt
  t.ok(waited >= ttlMs - 100 && waited < ttlMs + 1_500, `a dead holder's lease is taken when it expires (${waited} ms)`)
  head = await append(100)
  await c.waitFor(head, { timeoutMs: 10_000 })
  t.same(applied, { a: 300, b: 100, c: 100 }, 'every event applied once, by one runner')
  const { rows } = await sql.query<{ n: number; d: number }>(
    'SELECT count(*)::int8 AS n, count(DISTINCT event_id)::int8 AS d FROM leased_applied',
  )
  t.same(rows, [{ n: 500, d: 500 }])

  // A process that starts while another one's batch holds the checkpoint row (a batch's
  // transaction locks it until it commits) starts at once; only PostgreSQL has a second connection.
  if (sql.dialect !== 'pglite') {
    const batch = await holdTransactionOpen(sql, (tx) =>
      tx.query("UPDATE projection_checkpoints SET updated_at = now() WHERE name = 'leased'"),
    )
    const starting = runner('a')
    const outcome = await Promise.race([
      starting.migrate().then(() => 'started'),
      new Promise((resolve) => setTimeout(resolve, 5_000, 'waited for the batch')),
    ])
    await batch.release()
    t.equal(outcome, 'started', 'a runner starting beside an open batch does not wait for it')
  }
})
