import t from 'tap'
import { runMigrations, type SqlClient } from '@gsr/db'
import { holdTransactionOpen, openTestPostgres, postgresUrlEnv } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations, type EventStore } from '@gsr/event-store'
import { createProjectionRunner } from './createProjectionRunner.ts'
import { appendLedgerEvents, ledgerProjection } from './testing/index.ts'

/**
 * The gap-safe order makes readers wait behind an append whose transaction is still open. Lag must show that
 * stall: events committed meanwhile are held back, so neither headPosition nor a plain read of
 * the log sees them, yet lag() counts them and secondsBehind grows. Only real PostgreSQL has a
 * second concurrent transaction.
 */
const url = process.env[postgresUrlEnv]
if (!url) {
  t.pass('no PostgreSQL configured (GSR_TEST_PG_URL empty): stall test skipped', { skip: true })
} else {
  /** Another session in the middle of an append: it holds the store's write lock and a transaction id. */
  const openAppendInFlight = (sql: SqlClient) =>
    holdTransactionOpen(sql, async (tx) => {
      await tx.query('LOCK TABLE es_streams IN ROW EXCLUSIVE MODE')
      await tx.query('SELECT pg_current_xact_id()')
    })

  t.test('an open append shows in lag as held-back events, then clears', async (t) => {
    const db = await openTestPostgres()
    if (!db) throw new Error('unreachable')
    t.teardown(db.dispose)
    await runMigrations(db.client, eventStoreMigrations)
    const store = createPostgresEventStore(db.client)
    const runner = createProjectionRunner({ store, sql: db.client, projections: [ledgerProjection()] })
    t.teardown(() => runner.stop())
    await appendLedgerEvents(store, { count: 5 })
    await runner.catchUp()
    t.match(await runner.lag(), [{ eventsBehind: 0, eventsHeldBack: 0 }], 'caught up before the stall')

    const blocker = await openAppendInFlight(db.client)
    t.teardown(blocker.release)

    const headBefore = await store.headPosition()
    await appendLedgerEvents(store, { count: 3, perAppend: 1, waitUntilReadable: false })
    t.same(await store.headPosition(), headBefore, 'control: readers cannot see the new events')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const [stalled] = await runner.lag()
    t.equal(stalled?.eventsHeldBack, 3, 'the three committed events are held back')
    t.equal(stalled?.eventsBehind, 3, 'and counted as behind')
    t.ok((stalled?.secondsBehind ?? 0) >= 1, `secondsBehind grows with the stall (${stalled?.secondsBehind})`)

    await blocker.release()
    await runner.catchUp()
    t.match(await runner.lag(), [{ eventsBehind: 0, eventsHeldBack: 0, secondsBehind: 0 }], 'clears when it ends')
    const { rows } = await db.client.query<{ n: number }>('SELECT count(*)::int8 AS n FROM ledger_applied')
    t.same(rows, [{ n: 8 }], 'and every event is applied once')
  })

  t.test('events that become readable while lag() measures are counted once', async (t) => {
    const db = await openTestPostgres()
    if (!db) throw new Error('unreachable')
    t.teardown(db.dispose)
    await runMigrations(db.client, eventStoreMigrations)
    const inner = createPostgresEventStore(db.client)
    const blocker = await openAppendInFlight(db.client)
    t.teardown(blocker.release)
    // The stall ends right after heldBack() measured it, and the head is read after that:
    // the three events counted as held are readable by then (what a busy shared server does).
    let stallOver: () => void = () => {}
    const over = new Promise<void>((resolve) => (stallOver = resolve))
    const store: EventStore = {
      ...inner,
      async heldBack() {
        const held = await inner.heldBack!()
        await blocker.release()
        stallOver()
        return held
      },
      async headPosition() {
        await over
        return inner.headPosition()
      },
    }
    const runner = createProjectionRunner({ store, sql: db.client, projections: [ledgerProjection()] })
    t.teardown(() => runner.stop())
    await runner.migrate()
    await appendLedgerEvents(inner, { count: 3, perAppend: 1, waitUntilReadable: false })
    const [lag] = await runner.lag()
    t.equal(lag?.eventsHeldBack, 3, 'held back when measured')
    t.equal(lag?.eventsBehind, 3, 'three events behind, not six')
  })
}
