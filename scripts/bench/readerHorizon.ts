/**
 * Reader-horizon benchmark: what the gap-safe bound costs a PostgreSQL reader. Each read is timed
 * with the store's bound (`visibleToReaders`: the lowest transaction that may still append to
 * this store, src/postgres/readerHorizon.ts) and with the baseline
 * `transaction_id < pg_snapshot_xmax(pg_current_snapshot())`, alternating, in the same rounds.
 * The baseline is not gap-safe; it costs what the cluster-wide bound before the horizon,
 * `pg_snapshot_xmin(pg_current_snapshot())`, cost (the same two calls, no lock scan) without
 * waiting, as that one does, for every older transaction on the server (on a shared server,
 * another client's transaction left open for minutes). The reads:
 *   - batch: the `batch` events after the start of the log (a catch-up read, the same rows both ways);
 *   - poll: the events after the last one this reader read, read again at once (a caught-up
 *     subscription's poll: empty when nothing is appended).
 * Both quiet and with `appenders` sessions appending one event at a time in a loop (so
 * transactions are always in progress and the store's bound scans the locks), each read its own
 * statement on one connection, as the store sends it. Figures are medians over the rounds of each
 * round's p50; ratios are medians of each round's ratio.
 *
 *   npx tsx scripts/bench/readerHorizon.ts [--events=20000] [--batch=500] [--rounds=5] [--reads=200]
 *                                          [--appenders=8] [--pg=postgres://...]
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createPostgresClient, runMigrations, type SqlClient } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations, type GlobalPosition } from '@gsr/event-store'
import { fillEvent } from './fillEvent.ts'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'
import { percentile } from './latency.ts'
import { rawKeysetRead } from './rawKeysetRead.ts'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '500' },
    rounds: { type: 'string', default: '5' },
    reads: { type: 'string', default: '200' },
    appenders: { type: 'string', default: '8' },
    pg: benchDatabaseArgs.pg,
  },
})
const eventCount = Number(args.events)
const batchSize = Number(args.batch)
const rounds = Number(args.rounds)
const reads = Number(args.reads)
const appenderCount = Number(args.appenders)

/** The baseline: the price of reading a snapshot's bound, no lock scan (not gap-safe). */
const snapshotBound = 'transaction_id < pg_snapshot_xmax(pg_current_snapshot())'

const schema = `bench_horizon_${randomBytes(4).toString('hex')}`
const database = await openBenchDatabase({ db: 'pg', pgUrl: args.pg, schema, maxConnections: 8 })
const { sql } = database
// The reader's own connection, as a projection's.
const reader = await createPostgresClient({ connectionString: args.pg, schema, maxConnections: 1 })
let appenders: SqlClient | undefined

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )

/** p50 in ms of `reads` calls of `read`. */
async function p50(read: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < reads; i++) {
    const started = performance.now()
    await read()
    times.push(performance.now() - started)
  }
  return median(times)
}

interface Figures {
  horizon: number[]
  snapshot: number[]
  ratio: number[]
}
const figures = () => ({ horizon: [], snapshot: [], ratio: [] }) as Figures

/** One round of both reads, each bound in turn. */
async function round(batch: Figures, poll: Figures): Promise<void> {
  const start: GlobalPosition = { commit: 0, prepare: 0 }
  for (const [bound, key] of [
    [undefined, 'horizon'],
    [snapshotBound, 'snapshot'],
  ] as const) {
    for (let waited = 0; (await rawKeysetRead(reader, start, batchSize, bound)).rows.length < batchSize; waited++) {
      if (waited === 600) throw new Error(`the ${key} bound held the log back for a minute`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    batch[key].push(await p50(() => rawKeysetRead(reader, start, batchSize, bound)))
    let after = (await headOf(reader)) ?? start
    poll[key].push(
      await p50(async () => {
        after = (await rawKeysetRead(reader, after, batchSize, bound)).next
      }),
    )
  }
  for (const f of [batch, poll]) f.ratio.push(f.horizon.at(-1)! / f.snapshot.at(-1)!)
}

async function headOf(client: SqlClient): Promise<GlobalPosition | undefined> {
  const { rows } = await client.query<{ commit: number; prepare: number }>(
    `SELECT transaction_id::text::int8 AS commit, sequence AS prepare FROM es_events
      ORDER BY transaction_id DESC, sequence DESC LIMIT 1`,
  )
  return rows[0]
}

type Row = { load: string; batch: Figures; poll: Figures }
const results: Record<string, Row> = {}
try {
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  for (let n = 0; n < eventCount; n += 10 * 8)
    await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        store.appendToStream(
          `cylinder-${w}-${n}`,
          Array.from({ length: 10 }, (_, i) => fillEvent(n + w * 10 + i)),
        ),
      ),
    )
  await sql.exec('VACUUM ANALYZE es_events')

  for (const load of ['quiet', `${appenderCount} appenders`]) {
    let appending = load !== 'quiet'
    let appended = 0
    const appending$ = appending
      ? (async () => {
          appenders = await createPostgresClient({ connectionString: args.pg, schema, maxConnections: appenderCount })
          const alone = createPostgresEventStore(appenders, { groupCommit: false })
          await Promise.all(
            Array.from({ length: appenderCount }, async (_, w) => {
              for (let n = 0; appending; n++) {
                await alone.appendToStream(`load-${w}-${n}`, [fillEvent(n)])
                appended++
              }
            }),
          )
        })()
      : Promise.resolve()
    const batch = figures()
    const poll = figures()
    await round(figures(), figures()) // warm-up: caches, plans
    for (let r = 1; r <= rounds; r++) {
      await round(batch, poll)
      console.log(
        `[${load}] round ${r}: batch ${batch.ratio.at(-1)!.toFixed(2)}, poll ${poll.ratio.at(-1)!.toFixed(2)}` +
          ` (load ${loadavg()[0]!.toFixed(1)})`,
      )
    }
    appending = false
    await appending$
    if (load !== 'quiet') console.log(`[${load}] ${appended} events appended meanwhile`)
    results[load] = {
      load: loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
      batch,
      poll,
    }
  }
} finally {
  await appenders?.close()
  await reader.close()
  await database.cleanup()
}

const ms = (values: number[]) => median(values).toFixed(3)
console.log(
  `\nreader horizon, PostgreSQL, ${eventCount} events, median of ${rounds} rounds of ${reads} reads' p50 (ms; ratio to the snapshot bound in the same round)`,
)
console.log(
  `| load | batch of ${batchSize}: store horizon | snapshot bound | ratio | poll: store horizon | snapshot bound | ratio | load average |`,
)
console.log('|---|---:|---:|---:|---:|---:|---:|---|')
for (const [load, r] of Object.entries(results))
  console.log(
    `| ${load} | ${ms(r.batch.horizon)} | ${ms(r.batch.snapshot)} | ${median(r.batch.ratio).toFixed(2)} | ` +
      `${ms(r.poll.horizon)} | ${ms(r.poll.snapshot)} | ${median(r.poll.ratio).toFixed(2)} | ${r.load} |`,
  )
