/**
 * Profile of the gas-safety projection on a backlog of fills: K CylinderFilled events are
 * appended (500 per append, as POST /fills/batch does), then the projection catches up from
 * them, timed, with the time split into reading the log, applying and the rest (checkpoint,
 * commit). Reports fills projected per second.
 *
 *   npx tsx scripts/bench/prefillProjection.ts [--db=pg|pglite] [--pg=postgres://...] [--fills=100000] [--batch=1000]
 */
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'
import { runMigrations } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations, type EventStore } from '@gsr/event-store'
import { createProjectionRunner, type Projection } from '@gsr/projections'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { cylinderProjections } from '@gsr/read-models/cylinders'

const { values: args } = parseArgs({
  options: {
    ...benchDatabaseArgs,
    fills: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
  },
})
const K = Number(args.fills)
const batchSize = Number(args.batch)
const schema = `bench_prefill_projection_${process.pid}`

const { sql, cleanup } = await openBenchDatabase({ db: args.db, pgUrl: args.pg, schema, maxConnections: 4 })
await runMigrations(sql, eventStoreMigrations)
const baseStore = createPostgresEventStore(sql)

const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const ok = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))
{
  const started = Date.now()
  for (let i = 0; i < K; i += 500) {
    const stationId = `station-${(i / 500) % 4}`
    const now = new Date().toISOString()
    await baseStore.appendToStream(
      `stationfills-${stationId}`,
      Array.from({ length: Math.min(500, K - i) }, (_, j) => {
        const fillId = randomUUID()
        return {
          id: fillId,
          type: 'CylinderFilled',
          data: {
            fillId,
            cylinderCode: 'B' + String(1 + ((i + j) % 1_000_000)).padStart(9, '0'),
            stationId,
            regionCode: '330106',
            operatorId: `op-${j % 9}`,
            filledAt: now,
            gas: 'LPG',
            quantityKg: 14.5,
            preFillChecks: ok(lpg.preFillItems),
            postFillChecks: ok(lpg.postFillItems),
            terminalId: 'T-1',
          },
          metadata: { actor: { organisationId: stationId, role: 'operator' }, occurredAt: now, schemaVersion: 1 },
        }
      }),
      { expectedRevision: 'any' },
    )
  }
  console.error(`${K} fills appended in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

const timing = { readMs: 0, reads: 0, applyMs: 0, applies: 0 }
const store: EventStore = {
  ...baseStore,
  async readAll(options) {
    const started = performance.now()
    try {
      return await baseStore.readAll(options)
    } finally {
      timing.readMs += performance.now() - started
      timing.reads += 1
    }
  },
}
const projections: Projection[] = cylinderProjections.map((p) => ({
  ...p,
  async apply(events, tx) {
    const started = performance.now()
    try {
      await p.apply(events, tx)
    } finally {
      timing.applyMs += performance.now() - started
      timing.applies += 1
    }
  },
}))
const runner = createProjectionRunner({ store, sql, projections, batchSize, liveWakeups: false })
await runner.migrate()
const started = performance.now()
await runner.catchUp()
const totalMs = performance.now() - started
const projected = (await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM cyl_fills')).rows[0]?.n ?? 0
console.log(
  JSON.stringify(
    {
      db: args.db,
      fills: K,
      batchSize,
      projected,
      loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
      seconds: Number((totalMs / 1000).toFixed(2)),
      'fills/s': Math.round((projected * 1000) / totalMs),
      'read ms (total)': Math.round(timing.readMs),
      reads: timing.reads,
      'apply ms (total)': Math.round(timing.applyMs),
      applies: timing.applies,
      'other ms (checkpoint, begin/commit)': Math.round(totalMs - timing.readMs - timing.applyMs),
    },
    null,
    2,
  ),
)
await runner.stop()
await baseStore.close()
await cleanup()
