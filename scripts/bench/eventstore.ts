/**
 * Event-store benchmark: events/s appended to new streams (a realistic fill event, every event
 * hash-chained) at five shapes (writers x events per append: 1x1, 8x1, 32x1, 8x10, 32x10), and
 * subscription catch-up, on PGlite (on disk, the embedded mode) and on PostgreSQL when
 * reachable. Measured in the same run at each shape:
 *   - raw: one multi-row INSERT of the same events into a plain table, one transaction per
 *     append (the baseline every ratio is against);
 *   - Emmett: @event-driven-io/emmett-postgresql's event store (PostgreSQL only), in its own
 *     database, pool of 32;
 *   - ours alone: createPostgresEventStore with groupCommit: false (one transaction per append);
 *   - ours: createPostgresEventStore with its defaults (adaptive group commit on PostgreSQL).
 *
 *   npx tsx scripts/bench/eventstore.ts [--duration=2] [--pg=postgres://...] [--no-pg] [--no-pglite]
 *                                       [--no-emmett] [--groups-in-flight=N] [--max-group=N]
 *                                       [--alone-from=N]
 *
 * --duration is seconds per measurement (a full run takes about 40 x duration s).
 * --groups-in-flight / --max-group / --alone-from override the group commit's options of the
 * "ours" column.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett'
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql'
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
    'no-emmett': { type: 'boolean', default: false },
    'groups-in-flight': { type: 'string' },
    'max-group': { type: 'string' },
    'alone-from': { type: 'string' },
  },
})
const durationMs = Number(args.duration) * 1000
const shapes: readonly (readonly [writers: number, batch: number])[] = [
  [1, 1],
  [8, 1],
  [32, 1],
  [8, 10],
  [32, 10],
]

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

/** An appender: writes `batch` new events to `stream`, the writer's `n`th append to it (0 = new stream). */
type Append = (stream: string, n: number, batch: number) => Promise<void>

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

/** Events/s of `append` at one shape: each writer appends to a new stream every time. */
async function eventsPerSecond(label: string, writers: number, batch: number, append: Append): Promise<number> {
  const run = randomBytes(3).toString('hex')
  const appends = await rate(writers, (writer, n) => append(`bench-${run}-${label}-${writer}-${n}`, 0, batch))
  return appends * batch
}

const ourAppend =
  (store: EventStore): Append =>
  async (stream, _n, batch) => {
    const events = Array.from({ length: batch }, (_, i) => makeEvent(i))
    await store.appendToStream(stream, events, { expectedRevision: 'no_stream' })
  }

function rawAppend(sql: SqlClient): Append {
  const statements = new Map<number, string>()
  return async (stream, _n, batch) => {
    let insert = statements.get(batch)
    if (!insert) {
      const values = Array.from({ length: batch }, (_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`)
      insert = `INSERT INTO bench_raw (stream, n, data, metadata) VALUES ${values.join(', ')}`
      statements.set(batch, insert)
    }
    const params: unknown[] = [stream]
    for (let i = 0; i < batch; i++) {
      const event = makeEvent(i)
      params.push(i, JSON.stringify(event.data), JSON.stringify(event.metadata))
    }
    await sql.query(insert, params)
  }
}

interface Row {
  database: string
  writers: number
  batch: number
  raw: number
  emmett?: number
  alone: number
  ours: number
}

interface Baseline {
  /** Appends with the baseline's own node-postgres type parsers in place (Emmett sets them globally). */
  measure(writers: number, batch: number): Promise<number>
  close(): Promise<void>
}

/** Emmett's PostgreSQL event store in a database of its own, with a pool of 32 like ours. */
async function openEmmett(url: string): Promise<Baseline> {
  const database = `bench_emmett_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${quoteIdentifier(database)}`)
  const target = new URL(url)
  target.pathname = `/${database}`
  const pool = new pg.Pool({ connectionString: target.toString(), max: 32 })
  pool.on('error', () => {}) // its connections are ended by DROP DATABASE … WITH (FORCE) below
  // Emmett replaces the global int8 and json parsers; ours come back after each of its measurements.
  const oids = [20, 114, 3802]
  const parsers = () => oids.map((oid) => pg.types.getTypeParser(oid))
  const use = (set: ReturnType<typeof parsers>) => oids.forEach((oid, i) => pg.types.setTypeParser(oid, set[i]!))
  const ours = parsers()
  const store = getPostgreSQLEventStore(target.toString(), { connectionOptions: { pool, pooled: true } })
  await store.schema.migrate()
  const theirs = parsers()
  const append: Append = async (stream, _n, batch) => {
    const events = Array.from({ length: batch }, (_, i) => {
      const { type, data } = makeEvent(i)
      return { type, data: data as Record<string, unknown>, metadata }
    })
    await store.appendToStream(stream, events, { expectedStreamVersion: STREAM_DOES_NOT_EXIST })
  }
  const measure = async (writers: number, batch: number) => {
    use(theirs)
    try {
      return await eventsPerSecond('emmett', writers, batch, append)
    } finally {
      use(ours)
    }
  }
  await measure(8, 1) // warm up
  return {
    measure,
    close: async () => {
      await store.close()
      await pool.end().catch(() => {})
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`)
      await admin.end()
    },
  }
}

async function benchDatabase(name: string, sql: SqlClient, emmettUrl?: string): Promise<Row[]> {
  await runMigrations(sql, eventStoreMigrations)
  await sql.exec(`CREATE TABLE bench_raw (
    id int8 GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream text NOT NULL, n int NOT NULL,
    data jsonb NOT NULL, metadata jsonb NOT NULL)`)
  const groupLimits = {
    ...(args['groups-in-flight'] ? { maxInFlight: Number(args['groups-in-flight']) } : {}),
    ...(args['max-group'] ? { maxGroupSize: Number(args['max-group']) } : {}),
    ...(args['alone-from'] ? { aloneFrom: Number(args['alone-from']) } : {}),
  }
  const oursOptions: PostgresEventStoreOptions = Object.keys(groupLimits).length ? { groupCommit: groupLimits } : {}
  const store = createPostgresEventStore(sql, oursOptions)
  const alone = createPostgresEventStore(sql, { groupCommit: false })
  const raw = rawAppend(sql)
  const emmett = emmettUrl && !args['no-emmett'] ? await openEmmett(emmettUrl) : undefined
  const rows: Row[] = []

  // Warm up (plans, caches, the WAL) before the first measurement.
  for (const append of [ourAppend(store), ourAppend(alone), raw]) {
    await rate(8, (_, n) => append(`bench-warmup-${randomUUID()}`, n, 1 + (n % 10)))
  }

  try {
    for (const [writers, batch] of shapes) {
      const row: Row = {
        database: name,
        writers,
        batch,
        raw: await eventsPerSecond('raw', writers, batch, raw),
        ...(emmett ? { emmett: await emmett.measure(writers, batch) } : {}),
        alone: await eventsPerSecond('alone', writers, batch, ourAppend(alone)),
        ours: await eventsPerSecond('ours', writers, batch, ourAppend(store)),
      }
      rows.push(row)
      report(row)
    }
  } finally {
    await emmett?.close()
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
  console.log(
    `${name}: subscription catch-up ${fmt(catchUpStore)} events/s, raw keyset SELECT ${fmt(catchUpRaw)}/s, ratio ${(catchUpStore / catchUpRaw).toFixed(2)}`,
  )
  await store.close()
  await alone.close()
  return rows
}

async function measureCatchUp(read: (deadline: number) => Promise<number>): Promise<number> {
  const started = performance.now()
  const count = await read(started + durationMs * 3)
  return count / ((performance.now() - started) / 1000)
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const ratio = (a: number | undefined, b: number) => (a === undefined ? '' : (a / b).toFixed(2))
const header = [
  'database',
  'writers x batch',
  'raw INSERT',
  'Emmett',
  'ours alone',
  'ours',
  'ours/raw',
  'ours/Emmett',
  'alone/raw',
  'Emmett/raw',
]
const widths = [10, 15, 10, 8, 10, 8, 8, 11, 9, 10]
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ')
function report(row: Row): void {
  console.log(
    line([
      row.database,
      `${row.writers} x ${row.batch}`,
      fmt(row.raw),
      row.emmett === undefined ? '' : fmt(row.emmett),
      fmt(row.alone),
      fmt(row.ours),
      ratio(row.ours, row.raw),
      row.emmett === undefined ? '' : ratio(row.ours, row.emmett),
      ratio(row.alone, row.raw),
      ratio(row.emmett, row.raw),
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

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
console.log(`event-store benchmark: events/s, ${durationMs / 1000} s per measurement; load average ${load()}`)
console.log(line(header))

if (!args['no-pglite']) {
  const dir = await mkdtemp(join(tmpdir(), 'gsr-bench-pglite-'))
  const sql = await createPgliteClient({ dataDir: dir })
  try {
    await benchDatabase('pglite', sql)
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
      await benchDatabase('postgres', sql, args.pg)
    } finally {
      await sql.close()
      const admin = new pg.Client({ connectionString: args.pg })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`)
      await admin.end()
    }
  }
}
console.log(`load average at the end ${load()}`)
