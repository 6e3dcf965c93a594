import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { createEsdbEventStore } from '@gsr/event-store-esdb'
import { startEsdbTestDouble } from '@gsr/event-store-esdb/testing'
import { openTestPglite } from '@gsr/db/testing'
import { silentLogger } from '@gsr/projections'
import { appendLedgerEvents, ledgerProjection } from '@gsr/projections/testing'
import { createProjector } from './createProjector.ts'
import { rebuildWithProgress } from './rebuildWithProgress.ts'
import { selectProjections } from './selectProjections.ts'

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const projector = createProjector({
    sql,
    store,
    projections: [ledgerProjection({ name: 'ops_ledger' })],
    lagThreshold: 10,
    batchSize: 25,
    defaultMetrics: false,
  })
  t.teardown(() => projector.stop())
  await projector.runner.migrate()
  await appendLedgerEvents(store, { count: 60 })

  t.test('health, readiness by lag, metrics, then catching up', async (t) => {
    t.equal((await projector.app.inject('/health')).statusCode, 200)
    const behind = await projector.app.inject('/ready')
    t.equal(behind.statusCode, 503)
    t.match(behind.json(), {
      status: 'not_ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'projection_lag', ok: false, detail: 'ops_ledger is 60 events behind' },
      ],
    })
    t.match((await projector.app.inject('/metrics')).body, /gsr_projection_events_behind\{projection="ops_ledger"\} 60/)

    await projector.start()
    const head = await store.headPosition()
    await projector.runner.waitFor(head!, { timeoutMs: 10_000 })
    t.equal((await projector.app.inject('/ready')).statusCode, 200)
    t.match((await projector.app.inject('/metrics')).body, /gsr_projection_events_behind\{projection="ops_ledger"\} 0/)
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM ops_ledger_applied')
    t.same(rows, [{ n: 60 }])
  })

  t.test('readiness: a quarantined event makes the projector not ready, and the gauge counts it', async (t) => {
    const poisoned = createProjector({
      sql,
      store,
      projections: [
        ledgerProjection({
          name: 'ops_poisoned',
          afterRows: (events) => {
            if (events.some((event) => (event.data as { amount: number }).amount === 30)) throw new Error('bad date')
          },
        }),
      ],
      batchSize: 25,
      defaultMetrics: false,
      logger: silentLogger,
    })
    t.teardown(() => poisoned.stop())
    await poisoned.start()
    await poisoned.runner.waitFor((await store.headPosition())!, { timeoutMs: 20_000 })
    const ready = await poisoned.app.inject('/ready')
    t.equal(ready.statusCode, 503)
    t.match(ready.json(), {
      status: 'not_ready',
      checks: [
        { name: 'database', ok: true },
        { name: 'projection_lag', ok: true },
        { name: 'projection_failures', ok: true },
        { name: 'projection_quarantine', ok: false, detail: 'ops_poisoned has 1 quarantined event(s)' },
      ],
    })
    t.match(
      (await poisoned.app.inject('/metrics')).body,
      /gsr_projection_quarantined_events\{projection="ops_poisoned"\} 1/,
    )
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM ops_poisoned_applied')
    t.same(rows, [{ n: 59 }], 'the events after it were applied')

    const lines: string[] = []
    await rebuildWithProgress(poisoned.runner, 'ops_poisoned', { write: (line) => lines.push(line), intervalMs: 0 })
    t.same(lines.slice(-2, -1), ['1 event(s) still fail and stay quarantined:'], 'the rebuild says what it skipped')
    t.match(lines.at(-1), /^ {2}\d+:\d+ LedgerEntryRecorded ledger-\d+@\d+ [0-9a-f-]{36}: bad date$/)
  })

  t.test('rebuild with progress output', async (t) => {
    const lines: string[] = []
    const summary = await rebuildWithProgress(projector.runner, 'ops_ledger', {
      write: (l) => lines.push(l),
      intervalMs: 0,
    })
    t.equal(summary.events, 60)
    t.equal(lines[0], 'rebuilding ops_ledger from the start of the log')
    t.match(lines[1], /^ops_ledger: 25 events, \d+ events\/s, position \d+:\d+ of \d+:\d+$/)
    t.match(lines.at(-1), /^rebuilt ops_ledger: 60 events in [\d.]+ s \(\d+ events\/s\), checkpoint \d+:\d+$/)
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM ops_ledger_applied')
    t.same(rows, [{ n: 60 }])
  })
})

t.test('selectProjections picks by name and refuses unknown or duplicate names', async (t) => {
  const a = ledgerProjection({ name: 'a' })
  const b = ledgerProjection({ name: 'b' })
  t.same(
    selectProjections([a, b], ['b']).map((p) => p.name),
    ['b'],
  )
  t.equal(selectProjections([a, b]).length, 2)
  t.throws(() => selectProjections([a, b], ['c']), /unknown projection c; known: a, b/)
  t.throws(() => selectProjections([a, a]), /two projections are named a/)
})

t.test('cluster mode: /ready names the event store while it is unreachable, at once', async (t) => {
  const pglite = await openTestPglite()
  const double = await startEsdbTestDouble()
  const store = createEsdbEventStore(double.connectionString)
  const projector = createProjector({
    sql: pglite.client,
    store,
    projections: [ledgerProjection({ name: 'esdb_ledger' })],
    defaultMetrics: false,
  })
  t.teardown(async () => {
    await projector.stop()
    await store.close()
    await double.close()
    await pglite.dispose()
  })
  await projector.runner.migrate()
  const ready = async () => {
    const started = Date.now()
    const res = await projector.app.inject('/ready')
    return {
      status: res.statusCode,
      body: res.json<{ checks: { name: string; ok: boolean }[] }>(),
      ms: Date.now() - started,
    }
  }
  t.match((await ready()).body.checks, [
    { name: 'database', ok: true },
    { name: 'event_store', ok: true },
  ])
  const down = double.dropConnections(5_000)
  await new Promise((resolve) => setTimeout(resolve, 50))
  const during = await ready()
  t.equal(during.status, 503)
  t.match(during.body.checks, [
    { name: 'database', ok: true },
    { name: 'event_store', ok: false },
    { name: 'projection_lag', ok: false },
  ])
  t.ok(during.ms < 3_000, `answered in ${during.ms} ms, not after the reads' retries`)
  await down
  t.equal((await ready()).status, 200, 'ready again once the node is back')
})
