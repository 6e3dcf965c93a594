import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { checkpointMigrations } from './checkpointMigrations.ts'
import { waitForCheckpoints } from './waitForCheckpoints.ts'

/** What the API reads in cluster mode before its first scheduler run: the projector's checkpoints. */
forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, checkpointMigrations)
  await sql.query(
    "INSERT INTO projection_checkpoints (name, position) VALUES ('due_dates', '0:0'), ('orders', '120:120')",
  )
  const target = { commit: 100, prepare: 100 }

  await t.rejects(
    waitForCheckpoints(sql, ['due_dates', 'orders', 'never_started'], target, { timeoutMs: 50, pollMs: 10 }),
    /did not reach position 100:100 in time: due_dates at 0:0; never_started at no checkpoint/,
    'behind and missing checkpoints named; one at or past the position is not',
  )

  let settled = false
  const waiting = waitForCheckpoints(sql, ['due_dates', 'orders'], target, { timeoutMs: 5_000, pollMs: 10 }).then(
    () => void (settled = true),
  )
  await new Promise((resolve) => setTimeout(resolve, 60))
  t.equal(settled, false, 'still waiting while one projection is behind')
  await sql.query("UPDATE projection_checkpoints SET position = '100:100' WHERE name = 'due_dates'")
  await waiting
  t.equal(settled, true, 'resolves once every checkpoint has reached the position')
})
