/**
 * Event-store benchmark: appends/s with 1, 8 and 32 concurrent writers (1-event and 10-event
 * batches) and subscription catch-up events/s, on PGlite (on disk, the embedded mode) and on
 * PostgreSQL when reachable, each as a ratio against a raw multi-row INSERT (or keyset SELECT)
 * on a plain table measured in the same run.
 *
 *   npx tsx scripts/bench/eventstore.ts [--duration=2] [--pg=postgres://...] [--no-pg] [--no-pglite]
 *                                       [--group-commit [--groups-in-flight=1]]
 *
 * --duration is seconds per measurement (default 2; a full run takes about 70 x duration s).
 * Each append row is measured three ways: the store as it is (every event hash-chained), the
 * store with its chain function replaced by one that returns zero hashes (what the chain
 * costs: the column "chain" = chained ÷ unchained, each the mean of two runs in ABBA order),
 * and the raw INSERT.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createPgliteClient, createPostgresClient, quoteIdentifier, runMigrations, type SqlClient } from '@gsr/db'
import {
  createPostgresEventStore,
  eventStoreMigrations,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type PostgresEventStoreOptions,
} from '@gsr/event-store'

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '2' },
    pg: { type: 'string', default: process.env.GSR_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test' },
    'no-pg': { type: 'boolean', default: false },
    'no-pglite': { type: 'boolean', default: false },
    'group-commit': { type: 'boolean', default: false },
    'groups-in-flight': { type: 'string', default: '1' },
  },
})
const durationMs = Number(args.duration) * 1000
const writerCounts = [1, 8, 32]
const batchSizes = [1, 10]

const metadata: EventMetadata = {
  actor: { organisationId: 'org-bench', userId: 'user-bench', role: 'filler' },
  occurredAt: '2026-01-02T03:04:05.000Z',
  correlationId: randomUUID(),
  schemaVersion: 1,
}
const makeEvent = (n: number): NewEvent => ({
  id: randomUUID(),
  type: 'CylinderFilled',
  data: { cylinderCode: `CYL-${String(n).padStart(8, '0')}`, station: 'STATION-7', kg: 12.5, sealNumber: `S-${n}` },
  metadata,
})

interface Row {
  database: string
  test: string
  writers: number | ''
  batch: number | ''
  store: number
  /** The same appends with the hash chain switched off (es_chain_hashes returning zero hashes). */
  unchained?: number
  raw: number
}

/** Swaps es_chain_hashes for one that hashes nothing (zero hashes), for the benchmark only; returns the undo. */
async function withoutChain(sql: SqlClient): Promise<() => Promise<void>> {
  const { rows } = await sql.query<{ def: string }>(
    "SELECT pg_get_functiondef('es_chain_hashes(text, int8, jsonb)'::regprocedure) AS def",
  )
  await sql.exec(`CREATE OR REPLACE FUNCTION es_chain_hashes(p_stream text, p_first_revision int8, p_events jsonb)
    RETURNS bytea[] LANGUAGE sql VOLATILE AS $fn$
      SELECT array_fill(decode(repeat('00', 32), 'hex'), ARRAY[jsonb_array_length(p_events)])
    $fn$`)
  return () => sql.exec(rows[0]!.def)
}

/** Runs `writers` loops of `step` until the deadline; returns completed steps per second. */
async function rate(writers: number, step: (writer: number, n: number) => Promise<void>): Promise<number> {
  const started = performance.now()
  const deadline = started + durationMs
  let done = 0
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; performance.now() < deadline; n++) {
        await step(writer, n)
        done++
      }
    }),
  )
  return done / ((performance.now() - started) / 1000)
}

async function benchDatabase(name: string, sql: SqlClient, storeOptions: PostgresEventStoreOptions): Promise<Row[]> {
  await runMigrations(sql, eventStoreMigrations)
  await sql.exec(`CREATE TABLE bench_raw (
    id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream text NOT NULL, n int NOT NULL,
    data jsonb NOT NULL, metadata jsonb NOT NULL)`)
  const store: EventStore = createPostgresEventStore(sql, storeOptions)
  const rows: Row[] = []
  const run = randomBytes(3).toString('hex')

  // Warm up (plans, caches, the WAL) before the first measurement.
  for (let n = 0; n < 200; n++) await store.appendToStream(`bench-${run}-warmup`, [makeEvent(n)])

  for (const batch of batchSizes) {
    for (const writers of writerCounts) {
      const appendRate = (variant: string) => {
        const revisions = new Map<number, number>()
        return rate(writers, async (writer, n) => {
          const stream = `bench-${run}-${variant}-${batch}-${writers}-${writer}`
          const events = Array.from({ length: batch }, (_, i) => makeEvent(n * batch + i))
          const expected = revisions.get(writer)
          const result = await store.appendToStream(stream, events, {
            expectedRevision: expected === undefined ? 'no_stream' : expected,
          })
          revisions.set(writer, result.nextExpectedRevision)
        })
      }
      // Chained and unchained alternate (ABBA), so drift in a shared machine's load hits both alike.
      const unchained = async (variant: string) => {
        const restoreChain = await withoutChain(sql)
        return appendRate(variant).finally(restoreChain)
      }
      const chainedA = await appendRate('chained-a')
      const unchainedA = await unchained('unchained-a')
      const unchainedB = await unchained('unchained-b')
      const chainedB = await appendRate('chained-b')
      const storeRate = (chainedA + chainedB) / 2
      const unchainedRate = (unchainedA + unchainedB) / 2
      const values = Array.from(
        { length: batch },
        (_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`,
      )
      const insert = `INSERT INTO bench_raw (stream, n, data, metadata) VALUES ${values.join(', ')}`
      const rawRate = await rate(writers, async (writer, n) => {
        const params = Array.from({ length: batch }, (_, i) => {
          const event = makeEvent(n * batch + i)
          return [`raw-${writer}`, n, JSON.stringify(event.data), JSON.stringify(event.metadata)]
        }).flat()
        await sql.query(insert, params)
      })
      rows.push({
        database: name,
        test: 'append (appends/s)',
        writers,
        batch,
        store: storeRate,
        unchained: unchainedRate,
        raw: rawRate,
      })
      report(rows.at(-1)!)
    }
  }

  // What the chain costs the database per event, apart from commits: es_chain_hashes over 100
  // events at a time, less parsing the same JSON (both in the same loop, best of three).
  const hundred = JSON.stringify(Array.from({ length: 100 }, (_, n) => makeEvent(n)))
  let chainMicros = Number.POSITIVE_INFINITY
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now()
    for (let i = 0; i < 20; i++) await sql.query("SELECT es_chain_hashes('cpu', 0, $1::text::jsonb)", [hundred])
    const t1 = performance.now()
    for (let i = 0; i < 20; i++) await sql.query('SELECT jsonb_array_length($1::text::jsonb)', [hundred])
    const t2 = performance.now()
    chainMicros = Math.min(chainMicros, ((t1 - t0 - (t2 - t1)) * 1000) / 2000)
  }
  console.log(`${name}: the chain's database time per event hashed: ${chainMicros.toFixed(0)} µs`)

  // Catch-up: read everything appended above from the start, as a projection would.
  const catchUpStore = await measureCatchUp(async (deadline) => {
    const controller = new AbortController()
    let count = 0
    const head = await store.headPosition()
    for await (const event of store.subscribeToAll({ batchSize: 500, signal: controller.signal })) {
      count++
      if (
        (head && event.position.commit === head.commit && event.position.prepare === head.prepare) ||
        performance.now() > deadline
      ) {
        controller.abort()
      }
    }
    return count
  })
  const catchUpRaw = await measureCatchUp(async (deadline) => {
    let after = 0
    let count = 0
    for (;;) {
      const { rows: batch } = await sql.query<{ id: number }>(
        'SELECT id, stream, n, data, metadata FROM bench_raw WHERE id > $1 ORDER BY id LIMIT 500',
        [after],
      )
      count += batch.length
      if (batch.length < 500 || performance.now() > deadline) return count
      after = batch.at(-1)!.id
    }
  })
  rows.push({
    database: name,
    test: 'catch-up (events/s)',
    writers: '',
    batch: 500,
    store: catchUpStore,
    raw: catchUpRaw,
  })
  report(rows.at(-1)!)
  await store.close()
  return rows
}

async function measureCatchUp(read: (deadline: number) => Promise<number>): Promise<number> {
  const started = performance.now()
  const count = await read(started + durationMs * 3)
  return count / ((performance.now() - started) / 1000)
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1))
const header = [
  'database',
  'test',
  'writers',
  'batch',
  'store/s',
  'events/s',
  'no chain/s',
  'chain',
  'raw INSERT/s',
  'ratio',
]
const widths = [10, 20, 8, 6, 10, 10, 11, 6, 13, 6]
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
function report(row: Row): void {
  const events = row.test.startsWith('append') ? row.store * Number(row.batch) : row.store
  console.log(
    line([
      row.database,
      row.test,
      String(row.writers),
      String(row.batch),
      fmt(row.store),
      fmt(events),
      row.unchained === undefined ? '' : fmt(row.unchained),
      row.unchained === undefined ? '' : (row.store / row.unchained).toFixed(2),
      fmt(row.raw),
      (row.store / row.raw).toFixed(2),
    ]),
  )
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

const storeOptions: PostgresEventStoreOptions = args['group-commit']
  ? { groupCommit: { maxInFlight: Number(args['groups-in-flight']) } }
  : {}

console.log(
  `event-store benchmark: ${durationMs / 1000} s per measurement, ` +
    (args['group-commit'] ? `group commit (${args['groups-in-flight']} in flight)` : 'one transaction per append'),
)
console.log(line(header))

if (!args['no-pglite']) {
  const dir = await mkdtemp(join(tmpdir(), 'gsr-bench-pglite-'))
  const sql = await createPgliteClient({ dataDir: dir })
  try {
    await benchDatabase('pglite', sql, storeOptions)
  } finally {
    await sql.close()
    await rm(dir, { recursive: true, force: true })
  }
}

if (!args['no-pg']) {
  if (!(await reachable(args.pg))) {
    console.log(`PostgreSQL not reachable at ${args.pg.replace(/\/\/[^@]*@/, '//')}: skipped`)
  } else {
    const schema = `bench_${process.pid}_${randomBytes(3).toString('hex')}`
    const sql = await createPostgresClient({ connectionString: args.pg, schema, maxConnections: 32 })
    try {
      await benchDatabase('postgres', sql, storeOptions)
    } finally {
      await sql.close()
      const admin = new pg.Client({ connectionString: args.pg })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`)
      await admin.end()
    }
  }
}
