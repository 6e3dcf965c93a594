import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { createPostgresClient } from './createPostgresClient.ts'
import { isConnectionLoss } from './isConnectionLoss.ts'
import { postgresUrlEnv } from './testing/index.ts'

// A transaction of ours left open (a frozen process, a cut network) holds back every reader of
// the event store on the server; the server ends it after the idle timeout instead.
const url = process.env[postgresUrlEnv]
if (!url) {
  t.pass('PostgreSQL only: GSR_TEST_PG_URL is not set')
} else {
  t.test('the server ends a transaction of ours left idle, and the pool goes on', async (t) => {
    const sql = await createPostgresClient({ connectionString: url, idleInTransactionTimeoutMs: 300 })
    t.teardown(() => sql.close())
    let xid = ''
    const held = sql.transaction(async (tx) => {
      // A write transaction: it has a transaction id, the kind every store reader waits for.
      xid = (await tx.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0]!.xid
      await sleep(2_000)
      await tx.query('SELECT 1')
    })
    const error = await held.then(
      () => undefined,
      (caught: unknown) => caught,
    )
    t.ok(isConnectionLoss(error), `the idle transaction failed as a lost connection (${String(error)})`)
    const status = await sql.query<{ status: string }>('SELECT pg_xact_status($1::xid8) AS status', [xid])
    t.equal(status.rows[0]?.status, 'aborted', 'its transaction was rolled back: it holds nobody back')
    t.same((await sql.query('SELECT 1 AS one')).rows, [{ one: 1 }], 'the pool answers on a new connection')
  })

  t.test('the default bound is a minute', async (t) => {
    const sql = await createPostgresClient({ connectionString: url })
    t.teardown(() => sql.close())
    const { rows } = await sql.query<{ setting: string }>(
      "SELECT current_setting('idle_in_transaction_session_timeout') AS setting",
    )
    t.equal(rows[0]?.setting, '1min')
  })
}
