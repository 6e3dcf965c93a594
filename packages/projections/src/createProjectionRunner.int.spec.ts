import t from 'tap'
import { Registry } from 'prom-client'
import { runMigrations, type SqlClient } from '@gsr/db'
import { eventStoreMigrations, formatPosition, startOfLog, type GlobalPosition } from '@gsr/event-store'
import { createProjectionRunner } from './createProjectionRunner.ts'
import { registerProjectionMetrics } from './registerProjectionMetrics.ts'
import type { ProjectionLogger } from './ProjectionLogger.ts'
import { forEachEventStore } from './testing/forEachEventStore.ts'
import { appendLedgerEvents, ledgerProjection } from './testing/index.ts'

async function appliedCount(sql: SqlClient, table: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM ${table}`)
  return rows[0]?.n ?? -1
}

async function checkpoint(sql: SqlClient, name: string): Promise<string | undefined> {
  const { rows } = await sql.query<{ position: string }>(
    'SELECT position FROM projection_checkpoints WHERE name = $1',
    [name],
  )
  return rows[0]?.position
}

function capturingLogger() {
  const errors: { object: object; message: string }[] = []
  const logger: ProjectionLogger = {
    info() {},
    warn() {},
    error: (object, message) => errors.push({ object, message }),
  }
  return { logger, errors }
}

forEachEventStore(t, async (t, db, store) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const head = async (): Promise<GlobalPosition> => {
    const position = await store.headPosition()
    if (!position) throw new Error('empty store')
    return position
  }

  await appendLedgerEvents(store, {
    count: 250,
    type: (i) => (i % 5 === 0 ? 'LedgerEntryVoided' : 'LedgerEntryRecorded'),
  })

  t.test('a new projection version rebuilds its rows once, at migrate', async (t) => {
    const v1 = ledgerProjection({ name: 'versioned' })
    await createProjectionRunner({ store, sql, projections: [v1] }).catchUp()
    t.equal(await appliedCount(sql, 'versioned_applied'), 250)
    const v2 = { ...v1, version: 2 }
    const upgraded = createProjectionRunner({ store, sql, projections: [v2] })
    await upgraded.migrate()
    t.equal(await appliedCount(sql, 'versioned_applied'), 0, 'rows of version 1 are gone')
    t.equal(await checkpoint(sql, 'versioned'), formatPosition(startOfLog), 'checkpoint at the start')
    await upgraded.catchUp()
    t.equal(await appliedCount(sql, 'versioned_applied'), 250, 'rebuilt: every event applied once')
    await createProjectionRunner({ store, sql, projections: [v2] }).catchUp()
    t.equal(await appliedCount(sql, 'versioned_applied'), 250, 'the same version again: no second rebuild')
  })

  t.test('catchUp applies every event once, in batches, and stores the checkpoint', async (t) => {
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [ledgerProjection({ name: 'all_events' })],
      batchSize: 40,
    })
    await runner.catchUp()
    t.equal(await appliedCount(sql, 'all_events_applied'), 250)
    t.equal(await checkpoint(sql, 'all_events'), formatPosition(await head()))
    const { rows } = await sql.query<{ amount: number }>('SELECT sum(amount)::int8 AS amount FROM all_events_totals')
    t.equal(rows[0]?.amount, (250 * 251) / 2)
    await runner.catchUp()
    t.equal(await appliedCount(sql, 'all_events_applied'), 250, 'a second catch-up at the head applies nothing')
  })

  t.test('events filtered out by eventTypes still advance the checkpoint', async (t) => {
    const seen: number[] = []
    const projection = ledgerProjection({
      name: 'voided_only',
      eventTypes: ['LedgerEntryVoided'],
      afterRows: (events) => void seen.push(events.length),
    })
    const runner = createProjectionRunner({ store, sql, projections: [projection], batchSize: 100 })
    await runner.catchUp()
    t.equal(await appliedCount(sql, 'voided_only_applied'), 50)
    t.same(seen, [20, 20, 10], 'apply gets only the events of its types')
    t.equal(await checkpoint(sql, 'voided_only'), formatPosition(await head()))
  })

  t.test('a run of full batches with nothing to apply is covered by one commit (up to 10 batches)', async (t) => {
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [ledgerProjection({ name: 'matches_nothing', eventTypes: ['NeverAppended'] })],
      batchSize: 10,
    })
    const commits: number[] = []
    await runner.catchUp({ onProgress: (progress) => commits.push(progress.eventsProcessed) })
    t.same(commits, [100, 200, 250], 'three commits for 25 batches')
    t.equal(await checkpoint(sql, 'matches_nothing'), formatPosition(await head()))
    t.equal(await appliedCount(sql, 'matches_nothing_applied'), 0)
  })

  t.test('a bad event after batches with nothing to apply is still quarantined alone', async (t) => {
    const amount = (event: { data: unknown }) => (event.data as { amount: number }).amount
    const projection = ledgerProjection({
      name: 'voided_poisoned',
      eventTypes: ['LedgerEntryVoided'],
      afterRows: (events) => {
        if (events.some((event) => amount(event) === 11)) throw new Error('cannot project amount 11')
      },
    })
    // Batches of 2: (7, 8) and (9, 10) hold no voided entry; the batch after them holds amount 11.
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [projection],
      batchSize: 2,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      logger: { info() {}, warn() {}, error() {} },
    })
    await runner.catchUp()
    t.equal(await appliedCount(sql, 'voided_poisoned_applied'), 49, 'every voided entry but the bad one')
    t.same(
      (await runner.quarantined('voided_poisoned')).map((entry) => entry.error),
      ['cannot project amount 11'],
    )
    t.equal(await checkpoint(sql, 'voided_poisoned'), formatPosition(await head()))
  })

  t.test('a failing batch is retried with backoff and logged, never skipped', async (t) => {
    let failures = 0
    const projection = ledgerProjection({
      name: 'flaky',
      afterRows: (events) => {
        if (events.some((event) => (event.data as { amount: number }).amount === 130) && failures < 3) {
          failures += 1
          throw new Error(`flaky failure ${failures}`)
        }
      },
    })
    const { logger, errors } = capturingLogger()
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [projection],
      batchSize: 50,
      logger,
      retry: { initialDelayMs: 20, maxDelayMs: 100 },
    })
    const started = Date.now()
    await runner.start()
    await runner.waitFor(await head(), { timeoutMs: 20_000 })
    await runner.stop()
    t.equal(failures, 3)
    t.equal(errors.length, 3, 'each failure is logged')
    t.match(errors[0]?.object, { projection: 'flaky', attempt: 1, retryInMs: 20 })
    t.match(errors[2]?.object, { attempt: 3, retryInMs: 80 })
    t.ok(Date.now() - started >= 20 + 40 + 80, 'waited the backoff between attempts')
    t.equal(await appliedCount(sql, 'flaky_applied'), 250)
    const { rows } = await sql.query('SELECT event_id FROM flaky_applied GROUP BY event_id HAVING count(*) <> 1')
    t.same(rows, [], 'no event applied twice')
  })

  t.test(
    "a failure that is not the event's: catchUp gives up after maxAttempts, waitFor says why, nothing skipped",
    async (t) => {
      const projection = ledgerProjection({
        name: 'broken',
        afterRows: (events) => {
          // A server that cannot take connections (SQLSTATE 57P03): never the event's fault, so
          // the batch is retried for ever and nothing is quarantined (quarantine.int.spec.ts).
          if (events.some((event) => (event.data as { amount: number }).amount === 75))
            throw Object.assign(new Error('poison'), { code: '57P03' })
        },
      })
      const { logger, errors } = capturingLogger()
      const runner = createProjectionRunner({
        store,
        sql,
        projections: [projection],
        batchSize: 50,
        logger,
        retry: { initialDelayMs: 1 },
      })
      await t.rejects(runner.catchUp({ maxAttempts: 2 }), /poison/)
      t.equal(await appliedCount(sql, 'broken_applied'), 50, 'only the first batch committed')
      const [lag] = await runner.lag()
      t.equal(lag?.eventsBehind, 200)
      t.equal(lag?.consecutiveFailures, 2)
      await t.rejects(runner.catchUp(), /poison/, 'by default catchUp gives up after 5 attempts')
      t.equal((await runner.lag())[0]?.consecutiveFailures, 5)
      t.equal(errors.length, 1 + 4, 'every failure that is retried is logged')
      t.equal(
        await appliedCount(sql, 'broken_applied'),
        74,
        'after 3 failed attempts the batch went event by event: the events before the failing one are in',
      )
      t.equal((await runner.lag())[0]?.lastError, 'poison')

      await runner.start()
      await t.rejects(
        runner.waitFor(await head(), { timeoutMs: 400 }),
        /did not reach position \d+:\d+ in time: broken at \d+:\d+ \(failing \d+ times: poison\)/,
        'a running projection that keeps failing makes waitFor time out, saying why',
      )
      await runner.stop()
      t.equal(await appliedCount(sql, 'broken_applied'), 74, 'still never skipped')
      t.equal((await runner.lag())[0]?.quarantinedEvents, 0, 'and nothing quarantined')
    },
  )

  t.test('live: started runner follows appends; waitFor gives read-your-writes; lag shows events behind', async (t) => {
    const projection = ledgerProjection({ name: 'live' })
    // The idle poll never fires within the test: only the live subscription can wake the runner.
    const runner = createProjectionRunner({ store, sql, projections: [projection], pollIntervalMs: 600_000 })
    await runner.catchUp()
    t.same(
      (await runner.lag()).map(({ eventsBehind, secondsBehind }) => ({ eventsBehind, secondsBehind })),
      [{ eventsBehind: 0, secondsBehind: 0 }],
    )
    await runner.start()
    const before = await appliedCount(sql, 'live_applied')
    await appendLedgerEvents(store, { count: 3 })
    let applied = before
    for (const deadline = Date.now() + 30_000; applied < before + 3 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      applied = await appliedCount(sql, 'live_applied')
    }
    t.equal(applied, before + 3, 'woken by the append, not by the idle poll')
    const result = await appendLedgerEvents(store, { count: 2 })
    await runner.waitFor(result!.position, { timeoutMs: 30_000 })
    t.equal(await appliedCount(sql, 'live_applied'), before + 5, 'waitFor returns once the write is projected')
    await runner.stop()

    await appendLedgerEvents(store, { count: 12 })
    const [lag] = await runner.lag()
    t.equal(lag?.eventsBehind, 12)
    t.equal(lag?.eventsBehindIsLowerBound, false)
    t.ok((lag?.secondsBehind ?? -1) >= 0)
    const registry = new Registry()
    registerProjectionMetrics(runner, registry)
    const text = await registry.metrics()
    t.match(text, /gsr_projection_events_behind\{projection="live"\} 12/)
    t.match(text, /gsr_projection_seconds_behind\{projection="live"\} [\d.]+/)
    t.match(text, /gsr_projection_consecutive_failures\{projection="live"\} 0/)
    await runner.catchUp()
    t.equal((await runner.lag())[0]?.eventsBehind, 0)
  })

  t.test('two runners on the same projection never apply an event twice', async (t) => {
    const make = () =>
      createProjectionRunner({ store, sql, projections: [ledgerProjection({ name: 'shared' })], batchSize: 20 })
    const [a, b] = [make(), make()]
    await a.migrate()
    await Promise.all([a.catchUp(), b.catchUp()])
    const { rows } = await sql.query<{ n: number; distinct_ids: number }>(
      'SELECT count(*)::int8 AS n, count(DISTINCT event_id)::int8 AS distinct_ids FROM shared_applied',
    )
    const total = await appliedCount(sql, 'live_applied')
    t.same(rows, [{ n: total, distinct_ids: total }])
  })

  t.test('rebuild empties the tables and replays to the same result, even while running', async (t) => {
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [ledgerProjection({ name: 'rebuilt' })],
      batchSize: 30,
      // A loop that polls often would take batches from the rebuild if it were not held off.
      pollIntervalMs: 2,
    })
    await runner.catchUp()
    const snapshot = async () =>
      (await sql.query('SELECT stream_name, events, amount FROM rebuilt_totals ORDER BY stream_name')).rows
    const incremental = await snapshot()
    await runner.start()
    const progress: number[] = []
    await runner.rebuild('rebuilt', { onProgress: (p) => progress.push(p.eventsProcessed) })
    await runner.stop()
    t.same(await snapshot(), incremental)
    t.equal(await appliedCount(sql, 'rebuilt_applied'), await appliedCount(sql, 'live_applied'))
    t.ok(progress.length > 1, 'progress reported per batch')
    t.equal(progress.at(-1), await appliedCount(sql, 'rebuilt_applied'), 'the rebuild applied every event itself')
    t.equal(await checkpoint(sql, 'rebuilt'), formatPosition(await head()))
    await t.rejects(runner.rebuild('nope'), /unknown projection: nope/)
  })

  t.test('a started runner of many projections, all idle at once, warns of no listener leak', async (t) => {
    // The launcher runs about twenty: each sleeping loop once added a listener to one shared
    // stop signal, and Node printed a MaxListenersExceededWarning at every start.
    const warnings: Error[] = []
    const onWarning = (warning: Error) => void warnings.push(warning)
    process.on('warning', onWarning)
    t.teardown(() => void process.off('warning', onWarning))
    const projections = Array.from({ length: 12 }, (_, i) => ledgerProjection({ name: `idle_${i}` }))
    const runner = createProjectionRunner({ store, sql, projections, pollIntervalMs: 600_000 })
    await runner.catchUp()
    await runner.start()
    // Caught up already: each loop finds nothing, turns live and sleeps.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      if ((await runner.lag()).every((l) => l.status === 'live')) break
    }
    t.same(new Set((await runner.lag()).map((l) => l.status)), new Set(['live']))
    await new Promise((resolve) => setTimeout(resolve, 50)) // a warning is emitted on a later tick
    await runner.stop()
    t.same(
      warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message),
      [],
    )
  })
})
