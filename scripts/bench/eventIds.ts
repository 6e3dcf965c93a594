/**
 * What an event id costs the event store: random UUIDs (v4) against time-ordered ones (v7,
 * `newEventId`), appended the way a pre-fill check appends its answer (a new stream
 * `fillcheck-<id>`, one event with that id, one append = one commit) to a store that already
 * holds --existing streams and events (the registered cylinders). Each round starts right after
 * a CHECKPOINT, when the first change to an index page writes the whole page to the WAL.
 * Reports WAL bytes and milliseconds per append, alternating v4 and v7 rounds.
 *
 *   npx tsx scripts/bench/eventIds.ts [--db=pg|pglite] [--existing=1000000] [--appends=5000] [--rounds=2]
 */
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { runMigrations } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations, newEventId } from '@gsr/event-store'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'

const { values: args } = parseArgs({
  options: {
    ...benchDatabaseArgs,
    existing: { type: 'string', default: '1000000' },
    appends: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '2' },
  },
})
const existing = Number(args.existing)
const appends = Number(args.appends)
const log = (...parts: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts)

const { sql, cleanup } = await openBenchDatabase({
  db: args.db,
  pgUrl: args.pg,
  schema: `bench_event_ids_${process.pid}`,
  maxConnections: 2,
})
await runMigrations(sql, eventStoreMigrations)
const store = createPostgresEventStore(sql)

// The registered cylinders: one stream and one event each, with random ids (as imported data has).
const started = Date.now()
// Loaded in bulk around the store (a stand-in hash: this log is for timing, never verified).
for (let from = 1; from <= existing; from += 100_000) {
  const to = Math.min(existing, from + 99_999)
  await sql.query(
    `WITH s AS (
       INSERT INTO es_streams SELECT 'cylinder-B' || lpad(i::text, 9, '0'), 0 FROM generate_series($1::int, $2::int) AS i
       RETURNING stream_name)
     INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata, hash)
     SELECT stream_name, 0, gen_random_uuid(), 'CylinderRegistered', '{}', '{}', sha256(stream_name::bytea) FROM s`,
    [from, to],
  )
}
await sql.query('ANALYZE es_streams')
await sql.query('ANALYZE es_events')
log(`${existing} streams and events loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`)

const walPosition = async () =>
  (await sql.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn
const walBytesBetween = async (from: string, to: string) =>
  Number((await sql.query<{ n: string }>('SELECT pg_wal_lsn_diff($2, $1)::text AS n', [from, to])).rows[0]!.n)

const metadata = {
  actor: { organisationId: 'station-1', role: 'operator' },
  occurredAt: new Date().toISOString(),
  schemaVersion: 1,
}
interface Round {
  ids: string
  'WAL bytes per append': number
  'ms per append': number
}

async function round(kind: 'v4 (randomUUID)' | 'v7 (newEventId)') {
  await sql.query('CHECKPOINT')
  const from = await walPosition()
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < appends; i++) {
    const id = kind === 'v4 (randomUUID)' ? randomUUID() : newEventId()
    await store.appendToStream(`fillcheck-${id}`, [
      { id, type: 'CylinderFillChecked', data: { decision: 'allow', reasons: [] }, metadata },
    ])
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  const to = await walPosition()
  const row: Round = {
    ids: kind,
    'WAL bytes per append': Math.round((await walBytesBetween(from, to)) / appends),
    'ms per append': Number((ms / appends).toFixed(3)),
  }
  log(JSON.stringify(row))
  return row
}

const rows: Round[] = []
for (let r = 0; r < Number(args.rounds); r++) {
  rows.push(await round('v4 (randomUUID)'))
  rows.push(await round('v7 (newEventId)'))
}
const mean = (kind: string, key: 'WAL bytes per append' | 'ms per append') => {
  const of = rows.filter((r) => r.ids === kind)
  return of.reduce((a, r) => a + r[key], 0) / of.length
}
console.log(
  JSON.stringify(
    {
      db: args.db,
      existing,
      appends,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(1))),
      rounds: rows,
      'WAL ratio v4 / v7': Number(
        (mean('v4 (randomUUID)', 'WAL bytes per append') / mean('v7 (newEventId)', 'WAL bytes per append')).toFixed(2),
      ),
      'time ratio v4 / v7': Number(
        (mean('v4 (randomUUID)', 'ms per append') / mean('v7 (newEventId)', 'ms per append')).toFixed(2),
      ),
    },
    null,
    2,
  ),
)
await store.close()
await cleanup()
