/**
 * Profile of one pre-fill check (POST /fill-checks): every SQL round trip it makes, with its
 * time as the client sees it, averaged over many sequential checks (app.inject, no socket).
 *
 *   npx tsx scripts/bench/prefillProfile.ts [--db=pg|pglite] [--pg=postgres://...] [--cylinders=100000] [--checks=2000]
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { SqlClient } from '@gsr/db'
import { benchDatabaseArgs, openBenchDatabase } from './openBenchDatabase.ts'
import { createPostgresEventStore } from '@gsr/event-store'
import { createTestApp, credentialFor, catchUpProjections } from '@gsr/http-kit/testing'
import { cylindersService } from '@gsr/cylinders-service'

const { values: args } = parseArgs({
  options: {
    ...benchDatabaseArgs,
    cylinders: { type: 'string', default: '100000' },
    checks: { type: 'string', default: '2000' },
  },
})
const N = Number(args.cylinders)
const checks = Number(args.checks)
const schema = `bench_prefill_profile_${process.pid}`

const { sql: base, cleanup } = await openBenchDatabase({ db: args.db, pgUrl: args.pg, schema, maxConnections: 4 })

/** Every statement outside transactions, by its first words, with count and total ms. */
const stats = new Map<string, { n: number; ms: number; all: number[] }>()
let recording = false
const label = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 70)
const sql: SqlClient = {
  dialect: base.dialect,
  async query(text, params) {
    const started = process.hrtime.bigint()
    try {
      return await base.query(text, params)
    } finally {
      if (recording) {
        const s = stats.get(label(text)) ?? { n: 0, ms: 0, all: [] }
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        s.n += 1
        s.ms += ms
        s.all.push(ms)
        stats.set(label(text), s)
      }
    }
  },
  transaction: (fn) => base.transaction(fn),
  exec: (script) => base.exec(script),
  close: () => base.close(),
}

const eventStore = createPostgresEventStore(sql)
const app = await createTestApp([cylindersService], {
  db: sql,
  eventStore,
  config: { rateLimitPerMinute: 1_000_000_000 },
})
const station = await credentialFor(app, { kind: 'filling_station', region: '330106', role: 'operator' })
const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100', role: 'operator' })
await sql.query(
  `INSERT INTO cyl_cylinders (code, cylinder_type, gas, manufacturer, manufacture_date, owner_organisation_id,
     station_id, region_code, refurbished, registered_on, next_inspection_date, design_life_end_date, rule_version)
   SELECT 'B' || lpad(i::text, 9, '0'), 'lpg_welded_steel', 'LPG', 'Works', '2024-03-01', $2, $2, '330106', false,
          '2024-03-10', '2028-03-01', '2039-03-01', 'cylinderTypeRules/2026-1'
   FROM generate_series(1, $1::int) AS i`,
  [N, station.organisationId],
)
await sql.query('ANALYZE cyl_cylinders')
const res = await app.inject({
  method: 'POST',
  url: '/operators/certificates',
  headers: bureau.headers,
  payload: {
    personId: 'op-1',
    name: 'operator 1',
    certificateNo: 'P-PROFILE-1',
    categories: ['P'],
    validFrom: '2024-01-01',
    validUntil: '2027-12-31',
  },
})
if (res.statusCode !== 201) throw new Error(res.body)
await catchUpProjections(app)

const check = async () => {
  const code = 'B' + String(1 + Math.floor(Math.random() * N)).padStart(9, '0')
  const r = await app.inject({
    method: 'POST',
    url: '/fill-checks',
    headers: station.headers,
    payload: { cylinderCode: code, operatorId: 'op-1' },
  })
  if (r.statusCode !== 200) throw new Error(r.body)
}
for (let i = 0; i < 200; i++) await check() // warm-up
recording = true
const started = process.hrtime.bigint()
const latencies: number[] = []
for (let i = 0; i < checks; i++) {
  const t0 = process.hrtime.bigint()
  await check()
  latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
}
const totalMs = Number(process.hrtime.bigint() - started) / 1e6
latencies.sort((a, b) => a - b)
const pct = (p: number) =>
  Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(2))
recording = false

const rows = [...stats.entries()].map(([statement, s]) => ({
  statement,
  'per check': Number((s.n / checks).toFixed(2)),
  'mean ms': Number((s.ms / s.n).toFixed(3)),
  'p99 ms': Number((s.all.sort((a, b) => a - b)[Math.floor(0.99 * s.all.length)] ?? NaN).toFixed(2)),
}))
console.log(
  JSON.stringify(
    {
      db: args.db,
      cylinders: N,
      checks,
      loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
      'mean ms per check (inject)': Number((totalMs / checks).toFixed(3)),
      'p50 / p99 ms (inject, no projection running)': [pct(0.5), pct(0.99)],
      'round trips per check': Number(([...stats.values()].reduce((a, s) => a + s.n, 0) / checks).toFixed(2)),
      statements: rows,
    },
    null,
    2,
  ),
)
await app.close()
await cleanup()
