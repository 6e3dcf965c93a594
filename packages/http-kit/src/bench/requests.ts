// Requests per second through the whole kit (auth lookup, validation, idempotency, metrics),
// via inject (no sockets), on in-memory PGlite and, when reachable, PostgreSQL.
//   npx tsx packages/http-kit/src/bench/requests.ts [requests=2000] [concurrency=16]
import { randomBytes } from 'node:crypto'
import { createPgliteClient, createPostgresClient, quoteIdentifier, type SqlClient } from '@gsr/db'
import pg from 'pg'
import { createTestApp, credentialFor } from '../testing/index.ts'
import { exampleModule } from '../example/exampleModule.ts'
import { authenticateApiKey, issueToken } from '../identity/identityStore.ts'
import type { FastifyInstance } from 'fastify'

const total = Number(process.argv[2] ?? 2000)
const concurrency = Number(process.argv[3] ?? 16)

async function measure(name: string, app: FastifyInstance, send: (i: number) => Promise<number>, expected: number) {
  const latencies: number[] = []
  let next = 0
  let wrong = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++
        const t0 = performance.now()
        if ((await send(i)) !== expected) wrong++
        latencies.push(performance.now() - t0)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(2)
  console.log(
    `  ${name.padEnd(38)} ${(total / seconds).toFixed(0).padStart(6)} req/s  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms` +
      (wrong ? `  (${wrong} unexpected statuses!)` : ''),
  )
  void app
}

async function run(label: string, sql: SqlClient) {
  console.log(`${label} (${total} requests, ${concurrency} concurrent)`)
  const app = await createTestApp([exampleModule], { db: sql, config: { rateLimitPerMinute: 1_000_000 } })
  const user = await credentialFor(app, { kind: 'equipment_user', role: 'operator' })
  const principal = await authenticateApiKey(sql, user.apiKey, new Date())
  if (!principal) throw new Error('fixture')
  const { token } = await issueToken(sql, {
    principal,
    secret: app.kit.config.authSecret,
    ttlSeconds: 3600,
    now: new Date(),
  })
  const bearer = { authorization: `Bearer ${token}` }
  const run = randomBytes(4).toString('hex')
  // Warm-up (JIT, connection pool, plan caches), not reported.
  for (let i = 0; i < 200; i++)
    await app.inject({ url: '/example/notes?limit=1', headers: i % 2 ? user.headers : bearer })
  await measure('GET /health (no auth)', app, async () => (await app.inject('/health')).statusCode, 200)
  await measure(
    'GET /example/notes, no credential (401)',
    app,
    async () => (await app.inject('/example/notes')).statusCode,
    401,
  )
  await measure(
    'GET /example/notes, API key',
    app,
    async () => (await app.inject({ url: '/example/notes?limit=1', headers: user.headers })).statusCode,
    200,
  )
  await measure(
    'GET /example/notes, JWT',
    app,
    async () => (await app.inject({ url: '/example/notes?limit=1', headers: bearer })).statusCode,
    200,
  )
  const body = { organisationId: user.organisationId, region: '330106', text: 'bench' }
  await measure(
    'POST /example/notes, Idempotency-Key',
    app,
    async (i) =>
      (
        await app.inject({
          method: 'POST',
          url: '/example/notes',
          headers: { ...user.headers, 'idempotency-key': `${run}-${i}` },
          payload: body,
        })
      ).statusCode,
    201,
  )
  await measure(
    'POST same key again (replay)',
    app,
    async (i) =>
      (
        await app.inject({
          method: 'POST',
          url: '/example/notes',
          headers: { ...user.headers, 'idempotency-key': `${run}-${i}` },
          payload: body,
        })
      ).statusCode,
    201,
  )
  await app.close()
}

const pglite = await createPgliteClient()
await run('PGlite (in memory)', pglite)
await pglite.close()

const url = process.env.GSR_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_${randomBytes(4).toString('hex')}`
let postgres: SqlClient | undefined
try {
  postgres = await createPostgresClient({ connectionString: url, schema })
} catch {
  console.log('PostgreSQL not reachable: skipped')
}
if (postgres) {
  try {
    await run('PostgreSQL', postgres)
  } finally {
    await postgres.close()
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`)
    await admin.end()
  }
}
