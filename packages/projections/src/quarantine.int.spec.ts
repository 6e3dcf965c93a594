import t, { type Test } from 'tap'
import { Registry } from 'prom-client'
import { runMigrations, type SqlClient } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations, formatPosition, type RecordedEvent } from '@gsr/event-store'
import { createProjectionRunner, type ProjectionRunnerOptions } from './createProjectionRunner.ts'
import { registerProjectionMetrics } from './registerProjectionMetrics.ts'
import { silentLogger, type ProjectionLogger } from './ProjectionLogger.ts'
import { appendLedgerEvents, ledgerProjection, type LedgerProjectionOptions } from './testing/index.ts'

/**
 * Issue 14, item 1 (c): one bad event never stalls a projection. It is applied alone, then
 * quarantined (kept with its error, in the transaction that moves the checkpoint past it) and
 * the projection goes on; transient failures never quarantine; a retry after a fix applies it;
 * a rebuild quarantines a still-bad event again.
 */
const eventCount = 250
const total = (eventCount * (eventCount + 1)) / 2
const amount = (event: RecordedEvent) => (event.data as { amount: number }).amount

function capturingLogger() {
  const logged: { level: 'warn' | 'error'; object: Record<string, unknown>; message: string }[] = []
  const logger: ProjectionLogger = {
    info() {},
    warn: (object, message) => logged.push({ level: 'warn', object: object as Record<string, unknown>, message }),
    error: (object, message) => logged.push({ level: 'error', object: object as Record<string, unknown>, message }),
  }
  return { logger, logged }
}

/** Amounts of the events applied, each once (a doubled one fails the assertion). */
async function appliedAmounts(t: Test, sql: SqlClient, name: string, events: readonly RecordedEvent[]) {
  const { rows } = await sql.query<{ event_id: string; n: number }>(
    `SELECT event_id, count(*)::int8 AS n FROM ${name}_applied GROUP BY event_id`,
  )
  t.same(
    rows.filter((row) => row.n !== 1),
    [],
    'no event applied twice',
  )
  const byId = new Map(events.map((event) => [event.id, amount(event)]))
  return rows.map((row) => byId.get(row.event_id)).sort((a, b) => (a ?? 0) - (b ?? 0))
}

async function totalAmount(sql: SqlClient, name: string): Promise<number> {
  const { rows } = await sql.query<{ amount: number }>(`SELECT sum(amount)::int8 AS amount FROM ${name}_totals`)
  return rows[0]?.amount ?? 0
}

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  await appendLedgerEvents(store, { count: eventCount })
  const events = await store.readAll()
  const head = events.at(-1)!.position
  const eventOf = (n: number) => events.find((event) => amount(event) === n)!
  const allBut = (...skipped: number[]) =>
    Array.from({ length: eventCount }, (_, i) => i + 1).filter((n) => !skipped.includes(n))

  /** A ledger projection that throws on the events whose amount is in `poison` while it holds. */
  function poisoned(name: string, poison: Set<number>, extra: Partial<LedgerProjectionOptions> = {}) {
    return ledgerProjection({
      name,
      ...extra,
      afterRows: (batch) => {
        const bad = batch.find((event) => poison.has(amount(event)))
        if (bad) throw new Error(`cannot project amount ${amount(bad)}: no rule version in force on 1970-01-01\u0000`)
      },
    })
  }
  const runnerFor = (projection: ReturnType<typeof ledgerProjection>, more: Partial<ProjectionRunnerOptions> = {}) =>
    createProjectionRunner({
      store,
      sql,
      projections: [projection],
      batchSize: 50,
      retry: { initialDelayMs: 1, maxDelayMs: 10 },
      logger: silentLogger,
      ...more,
    })

  t.test('a bad event mid-batch: the events before and after it are applied, it is quarantined', async (t) => {
    const { logger, logged } = capturingLogger()
    const runner = runnerFor(poisoned('poisoned', new Set([130])), { logger })
    await runner.catchUp()
    t.same(await appliedAmounts(t, sql, 'poisoned', events), allBut(130), 'every event but the bad one, once')
    t.equal(await totalAmount(sql, 'poisoned'), total - 130)
    const { rows } = await sql.query('SELECT position FROM projection_checkpoints WHERE name = $1', ['poisoned'])
    t.same(rows, [{ position: formatPosition(head) }], 'the checkpoint moved past it, to the head')

    const bad = eventOf(130)
    const [entry, ...others] = await runner.quarantined('poisoned')
    t.same(others, [])
    t.match(entry, {
      projection: 'poisoned',
      eventId: bad.id,
      streamName: bad.streamName,
      revision: bad.revision,
      position: bad.position,
      type: 'LedgerEntryRecorded',
      error: 'cannot project amount 130: no rule version in force on 1970-01-01\uFFFD',
      attempts: 3,
    })
    t.ok(entry!.firstFailedAt instanceof Date && entry!.lastFailedAt >= entry!.firstFailedAt)

    const quarantinedLines = logged.filter((line) => line.message.startsWith('event quarantined'))
    t.equal(quarantinedLines.length, 1, 'the skip is logged once')
    t.match(quarantinedLines[0], {
      level: 'error',
      object: {
        projection: 'poisoned',
        eventId: bad.id,
        streamName: bad.streamName,
        position: formatPosition(bad.position),
      },
    })
    t.equal(
      logged.filter((line) => line.message.startsWith('projection batch failed')).length,
      3,
      'three failed attempts of the batch, then event by event',
    )

    const [lag] = await runner.lag()
    t.match(lag, { quarantinedEvents: 1, consecutiveFailures: 0, eventsBehind: 0 })
    const registry = new Registry()
    registerProjectionMetrics(runner, registry)
    t.match(await registry.metrics(), /gsr_projection_quarantined_events\{projection="poisoned"\} 1/)
  })

  t.test('a bad event of one projection caught up with others: only it fails, theirs commit', async (t) => {
    // On PGlite the batches of projections ready together share one transaction.
    const { logger, logged } = capturingLogger()
    const runner = createProjectionRunner({
      store,
      sql,
      projections: [
        ledgerProjection({ name: 'beside_1' }),
        poisoned('among', new Set([77])),
        ledgerProjection({ name: 'beside_2' }),
      ],
      batchSize: 50,
      retry: { initialDelayMs: 1, maxDelayMs: 10 },
      logger,
    })
    await runner.catchUp()
    for (const name of ['beside_1', 'beside_2']) {
      t.same(await appliedAmounts(t, sql, name, events), allBut(), `${name}: every event once`)
      t.equal(await totalAmount(sql, name), total)
    }
    t.same(await appliedAmounts(t, sql, 'among', events), allBut(77), 'the bad one: every event but its bad one')
    t.same(
      (await runner.quarantined('among')).map((entry) => entry.eventId),
      [eventOf(77).id],
    )
    t.same(
      [...new Set(logged.filter((line) => line.level === 'error').map((line) => line.object['projection']))],
      ['among'],
      'no failure logged for the others',
    )
  })

  t.test('transient failures never quarantine: classified errors, or the database not answering', async (t) => {
    const transient = [
      Object.assign(new Error('Connection terminated unexpectedly'), {}),
      Object.assign(new Error('could not serialize access due to concurrent update'), { code: '40001' }),
      Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }),
      new Error('write failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
    ]
    for (const [index, error] of transient.entries()) {
      let failures = 0
      const name = `transient_${index}`
      const projection = ledgerProjection({
        name,
        afterRows: (batch) => {
          if (batch.some((event) => amount(event) === 130) && failures < 8) {
            failures += 1
            throw error
          }
        },
      })
      const runner = runnerFor(projection)
      await runner.catchUp({ maxAttempts: 20 })
      t.equal(failures, 8, `${error.message}: failed 8 times, alone too`)
      t.same(await runner.quarantined(name), [], `${error.message}: nothing quarantined`)
      t.same(await appliedAmounts(t, sql, name, events), allBut(), 'every event applied once')
    }

    // An error of no known kind, while the database does not answer: not the event's fault.
    let down = true
    let failures = 0
    const flakySql: SqlClient = {
      ...sql,
      query: (text, params) =>
        down && text === 'SELECT 1' ? Promise.reject(new Error('the database is away')) : sql.query(text, params),
      transaction: (fn) => sql.transaction(fn),
    }
    const projection = ledgerProjection({
      name: 'database_down',
      afterRows: (batch) => {
        if (!batch.some((event) => amount(event) === 130)) return
        failures += 1
        if (failures >= 8) down = false
        if (down) throw new Error('something odd')
      },
    })
    const runner = runnerFor(projection, { sql: flakySql })
    await runner.catchUp({ maxAttempts: 20 })
    t.ok(failures >= 8)
    t.same(await runner.quarantined('database_down'), [], 'nothing quarantined while the probe failed')
    t.same(await appliedAmounts(t, sql, 'database_down', events), allBut())
  })

  t.test('retry after a fix applies the event out of order and empties the quarantine', async (t) => {
    const poison = new Set([130, 170])
    const runner = runnerFor(poisoned('retried', poison, { quarantineRetry: 'apply' }))
    await runner.catchUp()
    t.equal((await runner.quarantined('retried')).length, 2)

    const stillBroken = await runner.retryQuarantined('retried', { eventId: eventOf(130).id })
    t.match(stillBroken, { method: 'applied', retried: 1, applied: 0 })
    t.match(
      stillBroken.stillQuarantined.map((entry) => ({ eventId: entry.eventId, attempts: entry.attempts })),
      [
        { eventId: eventOf(130).id, attempts: 4 },
        { eventId: eventOf(170).id, attempts: 3 },
      ],
      'a failed retry keeps it, counting the attempt',
    )

    poison.delete(130) // the "fix"
    const one = await runner.retryQuarantined('retried', { eventId: eventOf(130).id })
    t.match(one, { method: 'applied', retried: 1, applied: 1 })
    t.same(
      one.stillQuarantined.map((entry) => entry.eventId),
      [eventOf(170).id],
    )
    poison.clear()
    const rest = await runner.retryQuarantined('retried')
    t.match(rest, { method: 'applied', retried: 1, applied: 1, stillQuarantined: [] })
    t.same(await appliedAmounts(t, sql, 'retried', events), allBut(), 'every event applied once')
    t.equal(await totalAmount(sql, 'retried'), total)
    t.equal((await runner.lag())[0]?.quarantinedEvents, 0)
    t.match(await runner.retryQuarantined('retried'), { retried: 0, applied: 0 }, 'nothing left to retry')
    await t.rejects(runner.retryQuarantined('nope'), /unknown projection: nope/)
  })

  t.test(
    'rebuild quarantines a still-bad event again; retry by rebuild (the default) applies it once fixed',
    async (t) => {
      const poison = new Set([75])
      const runner = runnerFor(poisoned('rebuilt_q', poison))
      await runner.catchUp()
      const before = await runner.quarantined('rebuilt_q')
      t.equal(before.length, 1)
      await sql.query('UPDATE projection_quarantine SET attempts = 99 WHERE projection = $1', ['rebuilt_q'])

      await runner.rebuild('rebuilt_q')
      const again = await runner.quarantined('rebuilt_q')
      t.match(
        again.map(({ eventId, attempts }) => ({ eventId, attempts })),
        [{ eventId: eventOf(75).id, attempts: 3 }],
        'emptied by the rebuild, then quarantined afresh',
      )
      t.same(await appliedAmounts(t, sql, 'rebuilt_q', events), allBut(75))

      poison.clear()
      const retried = await runner.retryQuarantined('rebuilt_q', { eventId: eventOf(75).id })
      t.match(retried, { method: 'rebuilt', retried: 1, applied: 1, stillQuarantined: [] })
      t.same(await appliedAmounts(t, sql, 'rebuilt_q', events), allBut(), 'applied in its place, every event once')
      t.equal(await totalAmount(sql, 'rebuilt_q'), total)
    },
  )

  t.test('catchUp with fewer attempts than isolateAfterAttempts rejects and quarantines nothing', async (t) => {
    const runner = runnerFor(poisoned('not_yet', new Set([75])))
    await t.rejects(runner.catchUp({ maxAttempts: 2 }), /cannot project amount 75/)
    t.same(await runner.quarantined('not_yet'), [])
    t.same(await appliedAmounts(t, sql, 'not_yet', events), allBut().slice(0, 50), 'stopped before the batch')

    const never = runnerFor(poisoned('never', new Set([75])), { quarantine: { isolateAfterAttempts: Infinity } })
    await t.rejects(never.catchUp({ maxAttempts: 8 }), /cannot project amount 75/)
    t.same(await never.quarantined('never'), [], 'isolateAfterAttempts: Infinity never quarantines')
  })

  t.test('several bad events in one batch, and a running runner goes on live', async (t) => {
    const runner = runnerFor(poisoned('several', new Set([101, 120, 150, 151])))
    await runner.start()
    await runner.waitFor(head, { timeoutMs: 30_000 })
    const appended = await appendLedgerEvents(store, { count: 3 })
    await runner.waitFor(appended!.position, { timeoutMs: 30_000 })
    await runner.stop()
    const all = await store.readAll()
    t.same(
      (await appliedAmounts(t, sql, 'several', all)).length,
      all.length - 4,
      'every other event applied, the ones appended afterwards too',
    )
    const amountOfId = new Map(events.map((event) => [event.id, amount(event)]))
    t.same(
      (await runner.quarantined('several')).map((entry) => amountOfId.get(entry.eventId)),
      [101, 120, 150, 151],
      'listed in log order, across two batches',
    )
    t.equal((await runner.lag())[0]?.quarantinedEvents, 4)
  })
})
