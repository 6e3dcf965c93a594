import { percentile } from './latency.ts'
/**
 * Pre-fill check and fill-ingest benchmark, over HTTP on a real loopback socket.
 *
 *   npx tsx scripts/bench/prefill.ts --db=pg     --cylinders=1000000 [--duration=10] [--concurrency=16]
 *   npx tsx scripts/bench/prefill.ts --db=pglite --cylinders=100000
 *     [--batch=500] [--batch-concurrency=4] [--stations=4] [--group-commit] [--pg=postgres://...]
 *     [--projector=process]   (PostgreSQL: projections in a separate process, as in cluster mode)
 *     [--projector-wakeups=live|poll]   (that process: live, as the projector service, or poll only)
 *     [--register=events|direct] [--ingest-rate=10000] [--projection-batch=1000] [--projection-poll-ms=1000]
 *     [--only-prefill] [--credential-cache-seconds=5]   (A/B runs of the pre-fill latency)
 *     [--prefill-rates=250,500,1000]   (paced pre-fill phases, checks/s; '' skips them)
 *
 * What it does (the server in this process; the load generator in a child process, as terminals are):
 * 1. a fresh database (PostgreSQL: a new schema; PGlite: a temp folder on disk), the cylinders
 *    service as the launcher builds it (kit + module + PostgreSQL event store), listening on
 *    127.0.0.1, its projections running live in the background;
 * 2. N registered cylinders, by default (--register=events) through the event store: one
 *    CylinderRegistered event per cylinder, each the first event of its own stream
 *    `cylinder-<code>` (expectedRevision no_stream, as POST /cylinders appends it), appended
 *    through the PostgreSQL adapter with group commit (many appends share one statement and
 *    commit), then projected into cyl_cylinders by the gas-safety projection; both timed.
 *    With --register=direct they are loaded STRAIGHT INTO THE PROJECTION TABLE cyl_cylinders
 *    (INSERT ... SELECT generate_series), no events: faster, for quick runs. Then CHECKPOINT,
 *    so the timed phases do not pay for the bulk load's dirty pages;
 *    10 operator certificates are issued through the API (events, projected);
 * 3. GET /health latency (baseline) and POST /fill-checks latency (p50/p99) at the same
 *    concurrency (closed loop: c requests always in flight, latency at saturation); then
 *    POST /fill-checks paced at --prefill-rates checks/s (open loop, from all the stations,
 *    up to 16 in flight: latency under an offered load, counted from when a request was ready
 *    to go, so a wait for a free slot counts; the first 1.5 s are not measured); each check
 *    reads one row by key and appends its answer as an event; after each pre-fill phase
 *    (PostgreSQL) its floor: the check's own two statements (the facts function and the append
 *    of a check-shaped event) sent by the load generator over plain pg connections, no HTTP, no
 *    service, paced and measured the same way, so the gap between the two rows is ours and the
 *    floor is the machine's;
 * 4. fill ingest: POST /fills (one per request) and POST /fills/batch (--batch per request),
 *    fills/s, with the projection lag at the end of each phase and the time to drain it;
 *    projections poll (--projection-poll-ms, default 1000 as the projector's PROJECTION_POLL_INTERVAL_MS;
 *    --projection-batch events per transaction, default 1000); they are also woken by appends
 *    with --live-wakeups (inline) and, with --projector=process, by default (as the service);
 * 5. paced batch ingest (--ingest-rate fills/s, default 10000, 0 = skip): POST /fills/batch
 *    requests sent on a fixed schedule (open loop) for --duration seconds, the projection lag
 *    sampled every second: max lag, lag at the end, time to drain. "Keeping up" means the lag
 *    stays bounded (no growth over the phase) and drains within a poll or two at the end;
 * 6. baselines from the same run: raw multi-row INSERT of the same fill documents into a plain
 *    table (rows/s, same batch size and concurrency), single-row autocommit INSERTs (rows/s at
 *    the top concurrency), and the latency of one single-row autocommit INSERT at concurrency 1
 *    (p50/p99): the cost of one durable commit, the floor under any recorded answer.
 *
 * Projection lag is counted in SQL (visible events after the gas_safety checkpoint), the same
 * way whether the projection runs inline or in its own process.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'
import type { AddressInfo } from 'node:net'
import { appendStatement, createPostgresEventStore, parsePosition } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { parseCylinderEvent } from '@gsr/events/cylinders'
import { createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { cylinderProjections, prefillFactsStatement } from '@gsr/read-models/cylinders'
import { cylindersService } from '@gsr/cylinders-service'

const { values: args } = parseArgs({
  options: {
    ...benchDatabaseArgs,
    cylinders: { type: 'string', default: '1000000' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '1,4,16' },
    batch: { type: 'string', default: '500' },
    'batch-concurrency': { type: 'string', default: '4' },
    stations: { type: 'string', default: '4' },
    'group-commit': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'live-wakeups': { type: 'boolean', default: false },
    /** inline: projections run in the server's process; process: in a separate projector process (PostgreSQL only). */
    projector: { type: 'string', default: 'inline' },
    /**
     * The separate projector's wakeups. live (default): as the projector service runs, woken by
     * its store's live subscription (PostgreSQL: a 50 ms poll of the log), so it applies small
     * batches as events come; poll: only its own --projection-poll-ms poll (session 3-4 runs).
     */
    'projector-wakeups': { type: 'string', default: 'live' },
    /** events: registrations appended as events and projected; direct: rows loaded straight into cyl_cylinders. */
    register: { type: 'string', default: 'events' },
    /** Paced pre-fill phases: checks/s offered on a fixed schedule (open loop), up to 16 in flight ('' = skip). */
    'prefill-rates': { type: 'string', default: '250,500,1000' },
    /** Paced batch-ingest phase, fills/s (0 = skip). */
    'ingest-rate': { type: 'string', default: '10000' },
    /** Events per projection transaction (the projector's PROJECTION_BATCH_SIZE). */
    'projection-batch': { type: 'string', default: '1000' },
    /** The projections' poll interval (the projector's PROJECTION_POLL_INTERVAL_MS). */
    'projection-poll-ms': { type: 'string', default: '1000' },
    /** Only the latency phases (health, pre-fill) and the one-commit baseline: for A/B runs. */
    'only-prefill': { type: 'boolean', default: false },
    /** The kit's CREDENTIAL_CACHE_SECONDS (0: every request reads the credential row). */
    'credential-cache-seconds': { type: 'string', default: '5' },
  },
})
const onlyPrefill = args['only-prefill']
const N = Number(args.cylinders)
const durationMs = Number(args.duration) * 1000
/** Latency is measured at each of these concurrency levels; single-fill ingest uses the last. */
const concurrencyLevels = args.concurrency.split(',').map(Number)
const concurrency = concurrencyLevels.at(-1) ?? 16
const batchSize = Number(args.batch)
const batchConcurrency = Number(args['batch-concurrency'])
const stationCount = Number(args.stations)
const ingestRate = Number(args['ingest-rate'])
const prefillRates = args['prefill-rates'].split(',').filter(Boolean).map(Number)
const projectionBatch = Number(args['projection-batch'])
const projectionPollMs = Number(args['projection-poll-ms'])
if (args.register !== 'events' && args.register !== 'direct') throw new Error('--register=events|direct')
const log = (...parts: unknown[]) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts)

// ---------------------------------------------------------------- database and app
const schema = `bench_prefill_${process.pid}`
const separateProjector = args.projector === 'process'
if (separateProjector && args.db !== 'pg') throw new Error('--projector=process needs --db=pg')
if (!['live', 'poll'].includes(args['projector-wakeups'])) throw new Error('--projector-wakeups=live|poll')
const { sql, cleanup } = await openBenchDatabase({
  db: args.db,
  pgUrl: args.pg,
  schema,
  maxConnections: 24,
  keep: Boolean(args.keep),
})
const eventStore = createPostgresEventStore(sql, { groupCommit: Boolean(args['group-commit']) })
const app = await createTestApp([cylindersService], {
  db: sql,
  eventStore,
  config: {
    rateLimitPerMinute: 1_000_000_000,
    bodyLimitBytes: 16 * 1024 * 1024,
    logLevel: 'silent',
    credentialCacheSeconds: Number(args['credential-cache-seconds']),
  },
})
const stations = []
for (let i = 0; i < stationCount; i++) {
  stations.push(
    await credentialFor(app, { kind: 'filling_station', region: '330106', role: 'operator', type: 'client' }),
  )
}
const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100', role: 'operator' })
const owner = stations[0]!.organisationId

// ---------------------------------------------------------------- N cylinders
// 1 in 10 customer-owned (denied: not entrusted), 1 in 100 refurbished, 1 in 50 overdue.
const cylinderCode = (i: number) => 'B' + String(i).padStart(9, '0')
const registrationFigures: Record<string, number> = {}
if (args.register === 'direct') {
  const started = Date.now()
  const chunk = 100_000
  for (let from = 1; from <= N; from += chunk) {
    const to = Math.min(N, from + chunk - 1)
    await sql.query(
      `INSERT INTO cyl_cylinders (code, cylinder_type, gas, manufacturer, manufacture_date, owner_organisation_id,
         station_id, region_code, refurbished, registered_on, next_inspection_date, design_life_end_date, rule_version)
       SELECT 'B' || lpad(i::text, 9, '0'), 'lpg_welded_steel', 'LPG', 'Works', '2024-03-01',
              CASE WHEN i % 10 = 0 THEN 'customer-x' ELSE $3 END, $3, '330106', i % 100 = 7, '2024-03-10',
              CASE WHEN i % 50 = 3 THEN '2025-01-01' ELSE '2028-03-01' END, '2039-03-01', 'cylinderTypeRules/2026-1'
       FROM generate_series($1::int, $2::int) AS i`,
      [from, to, owner],
    )
  }
  await sql.query('ANALYZE cyl_cylinders')
  registrationFigures['direct load s'] = (Date.now() - started) / 1000
  log(`${N} cylinders loaded straight into cyl_cylinders in ${registrationFigures['direct load s']} s`)
} else {
  // The adapter's own append, each registration to its own new stream; group commit lets
  // concurrent appends share a statement and a commit (as the launcher's does under load).
  const bulkStore = createPostgresEventStore(sql, { groupCommit: { maxGroupSize: 1000, maxInFlight: 2 } })
  const metadata = {
    actor: { organisationId: owner, role: 'operator' },
    occurredAt: '2024-03-10T02:00:00.000Z',
    schemaVersion: 1,
  }
  const registered = (i: number) => ({
    id: randomUUID(),
    type: 'CylinderRegistered',
    data: {
      cylinderCode: cylinderCode(i),
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      ownerOrganisationId: i % 10 === 0 ? 'customer-x' : owner,
      stationId: owner,
      regionCode: '330106',
      refurbished: i % 100 === 7,
      registeredOn: '2024-03-10',
      nextInspectionDate: i % 50 === 3 ? '2025-01-01' : '2028-03-01',
      designLifeEndDate: '2039-03-01',
      ruleVersion: 'cylinderTypeRules/2026-1',
    },
    metadata,
  })
  parseCylinderEvent(registered(1)) // the generated events are valid catalogue events
  let started = Date.now()
  let next = 1
  const window = 4000
  await Promise.all(
    Array.from({ length: window }, async () => {
      for (let i = next++; i <= N; i = next++) {
        await bulkStore.appendToStream(`cylinder-${cylinderCode(i)}`, [registered(i)], {
          expectedRevision: 'no_stream',
        })
      }
    }),
  )
  await bulkStore.close()
  registrationFigures['append s'] = (Date.now() - started) / 1000
  registrationFigures['append events/s'] = Math.round(N / registrationFigures['append s'])
  log(
    `${N} CylinderRegistered events appended in ${registrationFigures['append s']} s (${registrationFigures['append events/s']}/s)`,
  )
  started = Date.now()
  const catchUpRunner = createProjectionRunner({
    store: eventStore,
    sql,
    projections: cylinderProjections,
    batchSize: Math.max(projectionBatch, 5000),
    liveWakeups: false,
  })
  await catchUpRunner.catchUp()
  registrationFigures['projection s'] = (Date.now() - started) / 1000
  registrationFigures['projected registrations/s'] = Math.round(N / registrationFigures['projection s'])
  registrationFigures['projection batch'] = Math.max(projectionBatch, 5000)
  const count = (await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM cyl_cylinders')).rows[0]?.n
  if (count !== N) throw new Error(`projected ${count} cylinders, expected ${N}`)
  await sql.query('ANALYZE cyl_cylinders')
  await sql.query('ANALYZE es_events')
  log(
    `${N} registrations projected in ${registrationFigures['projection s']} s (${registrationFigures['projected registrations/s']}/s)`,
  )
}
for (let i = 0; i < 10; i++) {
  const res = await app.inject({
    method: 'POST',
    url: '/operators/certificates',
    headers: bureau.headers,
    payload: {
      personId: `op-${i}`,
      name: `operator ${i}`,
      certificateNo: `P-BENCH-${i}`,
      categories: ['P'],
      // op-9's certificate expired: its checks are denied.
      validFrom: '2024-01-01',
      validUntil: i === 9 ? '2025-12-31' : '2027-12-31',
    },
  })
  if (res.statusCode !== 201) throw new Error(res.body)
}
// Projections poll every --projection-poll-ms and apply up to --projection-batch events per
// transaction; with --live-wakeups every append wakes them at once (fresher, but many more
// small transactions).
const runner = createProjectionRunner({
  store: eventStore,
  sql,
  projections: cylinderProjections,
  batchSize: projectionBatch,
  pollIntervalMs: projectionPollMs,
  liveWakeups: args['live-wakeups'],
  // Count the real backlog (the default stops counting at 10 000).
  lagScanLimit: 10_000_000,
})
await runner.catchUp()
// The bulk registration leaves gigabytes of WAL and dirty pages behind; flush them now so the
// timed phases do not pay for the load (a real register grows over months).
await sql.query('CHECKPOINT')
let projector: ChildProcess | undefined
if (separateProjector) {
  projector = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/bench/prefillProjector.ts',
      args.pg,
      schema,
      String(projectionBatch),
      String(projectionPollMs),
      args['projector-wakeups'],
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    projector!.once('message', () => resolve())
    projector!.once('exit', (code) => reject(new Error(`projector exited with ${code}`)))
  })
} else {
  await runner.start()
}
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as AddressInfo).port
log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
log(`listening on 127.0.0.1:${port} (${args.db}${args['group-commit'] ? ', group commit' : ''})`)

// ---------------------------------------------------------------- load generator (a child process)
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const loadGeneratorSource = `
const w = JSON.parse(process.env.BENCH_LOAD)
const report = (result) => process.send(result, () => process.exit(0))
const http = require('node:http')
const { randomUUID } = require('node:crypto')
const agent = new http.Agent({ keepAlive: true, maxSockets: w.concurrency })
const pad = (n) => String(n).padStart(9, '0')
const code = () => 'B' + pad(1 + Math.floor(Math.random() * w.cylinders))
const ok = (items) => items.map((item) => ({ item, answer: 'ok' }))
const fill = () => ({
  fillId: randomUUID(), cylinderCode: code(), operatorId: 'op-' + Math.floor(Math.random() * 9),
  filledAt: new Date().toISOString(), gas: 'LPG', quantityKg: 14.5,
  preFillChecks: ok(w.pre), postFillChecks: ok(w.post), terminalId: 'T-1',
})
function body(kind) {
  if (kind === 'prefill') {
    const b = { cylinderCode: code() }
    if (Math.random() < 0.5) b.operatorId = 'op-' + Math.floor(Math.random() * 10)
    return b
  }
  if (kind === 'fill') return fill()
  if (kind === 'batch') return { fills: Array.from({ length: w.batch }, fill) }
  return undefined
}
// kind 'sql': the pre-fill check's own two statements (the facts function, the append of a
// check-shaped event) over plain pg connections, no HTTP and no app: the floor under the check.
const idleClients = []
async function sqlCheck(dueAt) {
  const start = dueAt ?? performance.now()
  // One of the w.concurrency connections opened before timing: at most that many are in flight.
  const client = idleClients.pop()
  try {
    const b = body('prefill')
    await client.query(w.sql.facts, [b.cylinderCode, w.sql.stationId, b.operatorId ?? null])
    const id = timeOrderedId()
    const at = new Date().toISOString()
    const data = { ...w.sql.data, checkId: id, cylinderCode: b.cylinderCode, checkedAt: at }
    const event = { id, type: 'CylinderFillChecked', data, metadata: { ...w.sql.metadata, occurredAt: at } }
    await client.query(w.sql.append, ['fillcheck-' + id, 1, JSON.stringify([event]), 'any'])
    return [performance.now() - start, 200]
  } catch {
    return [performance.now() - start, 0]
  } finally {
    idleClients.push(client)
  }
}
/** Connections opened (and the facts function planned on each) before anything is timed, as the server's pool is. */
async function openSqlClients(n) {
  const pg = require('pg')
  await Promise.all(Array.from({ length: n }, async () => {
    const client = new pg.Client({ connectionString: w.sql.url, options: '-c search_path=' + w.sql.schema })
    await client.connect()
    await client.query(w.sql.facts, [code(), w.sql.stationId, null])
    idleClients.push(client)
  }))
}
/** UUID v7 (time-ordered), as the server's newEventId makes check ids. */
function timeOrderedId() {
  const t = Date.now().toString(16).padStart(12, '0')
  const r = randomUUID()
  return t.slice(0, 8) + '-' + t.slice(8, 12) + '-7' + r.slice(15, 18) + '-' + r.slice(19, 23) + '-' + r.slice(24)
}
function request(slot, dueAt) {
  if (w.kind === 'sql') return sqlCheck(dueAt)
  const payload = body(w.kind)
  const text = payload === undefined ? undefined : JSON.stringify(payload)
  const headers = { ...w.headers[slot % w.headers.length] }
  if (text !== undefined) { headers['content-type'] = 'application/json'; headers['content-length'] = Buffer.byteLength(text) }
  return new Promise((resolve) => {
    // Paced requests count from when they were ready to go: time spent waiting for a free
    // slot is latency the terminal sees (no coordinated omission).
    const start = dueAt ?? performance.now()
    const req = http.request({ host: '127.0.0.1', port: w.port, path: w.path, method: w.method, agent, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve([performance.now() - start, res.statusCode]))
    })
    req.on('error', () => resolve([performance.now() - start, 0]))
    req.end(text)
  })
}
async function runPaced() {
  if (w.kind === 'sql') await openSqlClients(w.concurrency)
  // Open loop: request k is due at start + k * interval whatever the earlier ones did; at most
  // w.concurrency in flight (a due request waits for a slot, and the delay counts as lateness).
  const latencies = []
  const statuses = {}
  const interval = (w.itemsPerRequest * 1000) / w.rate
  // Sent from the start; measured after w.warmupMs (new sockets, new pooled connections).
  const start = performance.now()
  const measureFrom = start + w.warmupMs
  const end = measureFrom + w.durationMs
  let inFlight = 0
  let maxLateMs = 0
  let sent = 0
  const slots = []
  const free = () => new Promise((resolve) => slots.push(resolve))
  const pending = []
  for (let k = 0; ; k++) {
    const due = start + k * interval
    if (due >= end) break
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    // The generator's own timer lateness is not the server's; waiting for a free slot is.
    const ready = Math.max(due, performance.now())
    while (inFlight >= w.concurrency) await free()
    const measured = due >= measureFrom
    if (measured) maxLateMs = Math.max(maxLateMs, performance.now() - due)
    inFlight++
    if (measured) sent++
    pending.push(request(k, ready).then(([ms, status]) => {
      if (measured) {
        latencies.push(ms)
        statuses[status] = (statuses[status] || 0) + 1
      }
      inFlight--
      const next = slots.shift()
      if (next) next()
    }))
  }
  await Promise.all(pending)
  agent.destroy()
  await Promise.all(idleClients.map((c) => c.end()))
  report({ latencies, statuses, seconds: (performance.now() - measureFrom) / 1000, sent, maxLateMs })
}
async function run() {
  if (w.rate) return runPaced()
  if (w.kind === 'sql') await openSqlClients(w.concurrency)
  const latencies = []
  const statuses = {}
  let measuring = false
  const warmEnd = Date.now() + w.warmupMs
  const end = warmEnd + w.durationMs
  let measureStart = 0
  let measureEnd = 0
  async function loop(slot) {
    for (;;) {
      const now = Date.now()
      if (now >= end) return
      if (!measuring && now >= warmEnd) { measuring = true; measureStart = now }
      const wasMeasuring = measuring
      const [ms, status] = await request(slot)
      if (wasMeasuring && Date.now() <= end) { latencies.push(ms); statuses[status] = (statuses[status] || 0) + 1 }
    }
  }
  await Promise.all(Array.from({ length: w.concurrency }, (_, slot) => loop(slot)))
  measureEnd = Date.now()
  agent.destroy()
  await Promise.all(idleClients.map((c) => c.end()))
  report({ latencies, statuses, seconds: (measureEnd - measureStart) / 1000 })
}
run()
`

interface LoadResult {
  latencies: number[]
  statuses: Record<string, number>
  seconds: number
  /** Paced runs: requests sent, and the most a request started after its due time. */
  sent?: number
  maxLateMs?: number
}

function load(options: {
  kind: 'health' | 'prefill' | 'fill' | 'batch' | 'sql'
  method: string
  path: string
  concurrency: number
  headers: readonly Record<string, string>[]
  warmupMs?: number
  /** Items per second on a fixed schedule (open loop), instead of as fast as possible. */
  rate?: number
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // A process of its own, as the terminals are: it shares no heap, no GC helper threads and
    // no event loop with the server it measures.
    const load = {
      ...options,
      headers: options.headers,
      port,
      cylinders: N,
      batch: batchSize,
      itemsPerRequest: options.kind === 'batch' ? batchSize : 1,
      durationMs,
      warmupMs: options.warmupMs ?? 1500,
      sql: sqlFloor,
      pre: lpg.preFillItems,
      post: lpg.postFillItems,
    }
    const generator = spawn(process.execPath, ['-e', loadGeneratorSource], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BENCH_LOAD: JSON.stringify(load) },
    })
    generator.once('message', (m) => resolve(m as LoadResult))
    generator.once('error', reject)
    generator.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`))
    })
  })
}

function summarise(name: string, r: LoadResult, itemsPerRequest = 1) {
  const sorted = [...r.latencies].sort((a, b) => a - b)
  const row = {
    test: name,
    requests: sorted.length,
    'req/s': Math.round(sorted.length / r.seconds),
    'items/s': Math.round((sorted.length * itemsPerRequest) / r.seconds),
    'p50 ms': Number(percentile(sorted, 50).toFixed(2)),
    'p99 ms': Number(percentile(sorted, 99).toFixed(2)),
    'max ms': Number((sorted.at(-1) ?? NaN).toFixed(1)),
    statuses: JSON.stringify(r.statuses),
  }
  log(JSON.stringify(row))
  return row
}

/** Visible events after the gas_safety checkpoint (inline or separate projector alike). */
async function projectionLag(): Promise<number> {
  const { rows } = await sql.query<{ position: string }>(
    "SELECT position FROM projection_checkpoints WHERE name = 'gas_safety'",
  )
  const at = parsePosition(rows[0]?.position ?? '0:0')
  const behind = await sql.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM es_events
      WHERE (transaction_id, sequence) > ($1::text::xid8, $2::int8)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
    [String(at.commit), at.prepare],
  )
  return behind.rows[0]?.n ?? 0
}
async function drain(): Promise<{ lagAtEnd: number; drainSeconds: number }> {
  const lagAtEnd = await projectionLag()
  const started = Date.now()
  // Polled twice a second: lag() reads the log, polling it faster would slow the projection down.
  while ((await projectionLag()) > 0) await new Promise((r) => setTimeout(r, 500))
  return { lagAtEnd, drainSeconds: (Date.now() - started) / 1000 }
}
const fillCount = async () =>
  (await sql.query<{ n: number }>('SELECT count(*)::int8 AS n FROM cyl_fills')).rows[0]?.n ?? 0

const rows: Record<string, unknown>[] = []
const stationHeaders = stations.map((s) => s.headers)

// ---------------------------------------------------------------- the floor: the check's SQL alone
// PostgreSQL only (PGlite lives in this process). The load generator runs the check's two
// statements itself, paced and measured exactly as the HTTP checks are, appending events shaped
// like a real check's answer (taken from one made through the API), which the projection applies
// too: what is left between the two figures is HTTP and the service.
const sqlFloor = args.db === 'pg' ? await sqlFloorSettings() : undefined
async function sqlFloorSettings() {
  const res = await app.inject({
    method: 'POST',
    url: '/fill-checks',
    headers: stationHeaders[0]!,
    payload: { cylinderCode: cylinderCode(1), operatorId: 'op-1' },
  })
  if (res.statusCode !== 200) throw new Error(res.body)
  const { checkId } = res.json<{ checkId: string }>()
  const [event] = await eventStore.readStream(`fillcheck-${checkId}`)
  if (!event) throw new Error(`check ${checkId} not recorded`)
  return {
    url: args.pg,
    schema,
    stationId: owner,
    // The very statements the service sends (the facts read, then one append on its own).
    facts: prefillFactsStatement,
    append: appendStatement,
    data: event.data,
    metadata: event.metadata,
  }
}

// ---------------------------------------------------------------- latency: health vs pre-fill check
for (const c of concurrencyLevels) {
  rows.push(
    summarise(
      `GET /health (baseline), concurrency ${c}`,
      await load({ kind: 'health', method: 'GET', path: '/health', concurrency: c, headers: [{}] }),
    ),
  )
  rows.push(
    summarise(
      `POST /fill-checks, concurrency ${c}`,
      await load({
        kind: 'prefill',
        method: 'POST',
        path: '/fill-checks',
        concurrency: c,
        headers: [stationHeaders[0]!],
      }),
    ),
  )
  const d = await drain()
  log(`pre-fill answers projected: lag at end ${d.lagAtEnd} events, drained in ${d.drainSeconds.toFixed(1)} s`)
  Object.assign(rows.at(-1)!, { 'lag at end': d.lagAtEnd, 'drain s': d.drainSeconds })
  if (sqlFloor) {
    rows.push(
      summarise(
        `the check's SQL alone (baseline: facts + append, no HTTP), concurrency ${c}`,
        await load({ kind: 'sql', method: '', path: '', concurrency: c, headers: [{}] }),
      ),
    )
    await drain()
  }
}

// ---------------------------------------------------------------- latency under an offered load
// Closed loops measure latency at saturation (c checks always in flight: on 2 cores that is
// mostly queueing). Terminals do not wait for each other: checks arrive on their own schedule,
// so here they are sent at a fixed rate from the stations' terminals, up to 16 in flight.
for (const rate of prefillRates) {
  const result = await load({
    kind: 'prefill',
    method: 'POST',
    path: '/fill-checks',
    concurrency: 16,
    headers: stationHeaders,
    rate,
  })
  const row = summarise(`POST /fill-checks paced at ${rate} checks/s (${stationCount} stations, ≤16 in flight)`, result)
  Object.assign(row, { 'requests sent': result.sent, 'max start delay ms': Math.round(result.maxLateMs ?? 0) })
  const d = await drain()
  Object.assign(row, { 'lag at end': d.lagAtEnd, 'drain s': d.drainSeconds })
  rows.push(row)
  if (sqlFloor) {
    const floor = await load({ kind: 'sql', method: '', path: '', concurrency: 16, headers: [{}], rate })
    rows.push(summarise(`the check's SQL alone (baseline), paced at ${rate} checks/s`, floor))
    await drain()
  }
}

// ---------------------------------------------------------------- ingest: single and batch
for (const [name, kind, path, c] of onlyPrefill
  ? []
  : ([
      ['POST /fills (1 per request)', 'fill', '/fills', concurrency],
      [`POST /fills/batch (${batchSize} per request)`, 'batch', '/fills/batch', batchConcurrency],
    ] as const)) {
  const before = await fillCount()
  const started = Date.now()
  const result = await load({ kind, method: 'POST', path, concurrency: c, headers: stationHeaders, warmupMs: 1000 })
  const row = summarise(name, result, kind === 'batch' ? batchSize : 1)
  const d = await drain()
  const projected = (await fillCount()) - before
  const elapsed = (Date.now() - started) / 1000
  Object.assign(row, {
    'lag at end': d.lagAtEnd,
    'drain s': d.drainSeconds,
    'projected fills/s (whole phase)': Math.round(projected / elapsed),
  })
  log(`${name}: projection lag at end ${d.lagAtEnd} events, drained in ${d.drainSeconds.toFixed(1)} s`)
  rows.push(row)
}

// ---------------------------------------------------------------- paced batch ingest, lag over time
// Only the lag is sampled (an index range count); counting cyl_fills every second would scan
// the table and slow down the very projection being measured.
let lagTimeline: { s: number; lag: number }[] = []
if (ingestRate > 0 && !onlyPrefill) {
  const before = await fillCount()
  const started = Date.now()
  const paced = load({
    kind: 'batch',
    method: 'POST',
    path: '/fills/batch',
    concurrency: batchConcurrency,
    headers: stationHeaders,
    warmupMs: 0,
    rate: ingestRate,
  })
  const sampling = (async () => {
    const samples: typeof lagTimeline = []
    let stop = false
    const done = paced.then(() => {
      stop = true
    })
    while (!stop) {
      samples.push({
        s: Number(((Date.now() - started) / 1000).toFixed(1)),
        lag: await projectionLag(),
      })
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), done])
    }
    return samples
  })()
  const result = await paced
  lagTimeline = await sampling
  const name = `POST /fills/batch paced at ${ingestRate} fills/s (${batchSize} per request)`
  const row = summarise(name, result, batchSize)
  const d = await drain()
  const projected = (await fillCount()) - before
  const maxLag = Math.max(d.lagAtEnd, ...lagTimeline.map((x) => x.lag))
  Object.assign(row, {
    'max lag': maxLag,
    'lag at end': d.lagAtEnd,
    'drain s': d.drainSeconds,
    'projected fills/s (whole phase)': Math.round(projected / ((Date.now() - started) / 1000)),
    'requests sent': result.sent,
    'max start delay ms': Math.round(result.maxLateMs ?? 0),
  })
  log(`${name}: lag samples ${lagTimeline.map((x) => `${x.s}s:${x.lag}`).join(' ')}`)
  log(`${name}: max lag ${maxLag}, lag at end ${d.lagAtEnd}, drained in ${d.drainSeconds} s`)
  rows.push(row)
}

// ---------------------------------------------------------------- baseline: raw INSERT
await sql.exec(
  'CREATE TABLE bench_raw_fills (id uuid PRIMARY KEY, stream text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)',
)
const rawFill = () => ({
  id: randomUUID(),
  stream: 'stationfills-x',
  type: 'CylinderFilled',
  data: {
    fillId: randomUUID(),
    cylinderCode: 'B000000001',
    operatorId: 'op-1',
    filledAt: new Date().toISOString(),
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: lpg.preFillItems.map((item) => ({ item, answer: 'ok' })),
    postFillChecks: lpg.postFillItems.map((item) => ({ item, answer: 'ok' })),
  },
  metadata: {
    actor: { organisationId: owner, role: 'operator' },
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  },
})
async function rawInsert(perStatement: number, writers: number): Promise<number> {
  let inserted = 0
  const end = Date.now() + durationMs
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < end) {
        const docs = Array.from({ length: perStatement }, rawFill)
        await sql.query(
          `INSERT INTO bench_raw_fills SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS x(id uuid, stream text, type text, data jsonb, metadata jsonb)`,
          [JSON.stringify(docs)],
        )
        inserted += perStatement
      }
    }),
  )
  return Math.round(inserted / (durationMs / 1000))
}
const rawBatch = onlyPrefill ? undefined : await rawInsert(batchSize, batchConcurrency)
const rawSingle = onlyPrefill ? undefined : await rawInsert(1, concurrency)
/** One durable commit, one at a time: the floor under the pre-fill check (its answer is committed before the reply). */
async function commitLatency(): Promise<LoadResult> {
  const latencies: number[] = []
  const end = Date.now() + durationMs
  while (Date.now() < end) {
    const doc = rawFill()
    const started = process.hrtime.bigint()
    await sql.query('INSERT INTO bench_raw_fills VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)', [
      doc.id,
      doc.stream,
      doc.type,
      JSON.stringify(doc.data),
      JSON.stringify(doc.metadata),
    ])
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  return { latencies, statuses: {}, seconds: durationMs / 1000 }
}
const commitRow = summarise(
  'raw INSERT, 1 row (autocommit), concurrency 1, latency (baseline: one commit)',
  await commitLatency(),
)
if (rawBatch !== undefined && rawSingle !== undefined) {
  rows.push({
    test: `raw INSERT, ${batchSize} rows per statement, ${batchConcurrency} writers (baseline)`,
    'items/s': rawBatch,
  })
  rows.push({
    test: `raw INSERT, 1 row per statement (autocommit), ${concurrency} writers (baseline)`,
    'items/s': rawSingle,
  })
  log(`raw INSERT: ${rawBatch} rows/s batched, ${rawSingle} rows/s single`)
}
rows.push(commitRow)

console.log(
  JSON.stringify(
    {
      db: args.db,
      cylinders: N,
      concurrencyLevels,
      batchSize,
      batchConcurrency,
      stations: stationCount,
      groupCommit: args['group-commit'],
      liveWakeups: args['live-wakeups'],
      projector: args.projector,
      ...(separateProjector ? { projectorWakeups: args['projector-wakeups'] } : {}),
      register: args.register,
      registration: registrationFigures,
      projectionBatch,
      projectionPollMs,
      ingestRate,
      credentialCacheSeconds: Number(args['credential-cache-seconds']),
      lagTimeline,
      loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(1))),
      durationSeconds: durationMs / 1000,
      rows,
    },
    null,
    2,
  ),
)
if (projector) {
  projector.kill('SIGTERM')
  await new Promise((resolve) => projector!.once('exit', resolve))
}
await runner.stop()
await app.close()
await eventStore.close()
await cleanup()
