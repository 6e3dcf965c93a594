import t from 'tap'
import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { forEachDatabase } from '@gsr/db/testing'
import { startEsdbTestDouble } from '@gsr/event-store-esdb/testing'
import { loadConfig } from '@gsr/http-kit'
import { ensureAdministrator } from '@gsr/admin-service'
import { buildSystem } from './buildSystem.ts'

/**
 * The cluster mode losing its event store: the API on the EventStoreDB test double (read models
 * on PGlite and PostgreSQL), the double cut off several times during concurrent writes, then
 * down for longer. Every write it cannot do is 503 problem+json with Retry-After (never a 500),
 * /ready shows the outage at once, and every acknowledged write is in the store exactly once.
 */
const logger = pino({ level: 'silent' })

forEachDatabase(t, async (t, db) => {
  const double = await startEsdbTestDouble()
  t.teardown(() => double.close())
  const config = loadConfig({
    MODE: 'cluster',
    DATABASE_URL: 'postgres://unused/db',
    EVENTSTORE_URL: double.connectionString,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    SERVICES: 'admin,cylinders',
  })
  const system = await buildSystem({ config, logger, sql: db.client })
  t.teardown(() => system.close())
  const app = system.app

  const created = await ensureAdministrator(db.client, { name: 'store loss admins' })
  if (!created) throw new Error('no administrator created')
  const asAdmin = async (url: string, payload?: object) => {
    const res = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${created.apiKey}` },
      ...(payload ? { payload } : {}),
    })
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json<Record<string, string>>()
  }
  const org = await asAdmin('/admin/organisations', { kind: 'filling_station', name: 'S', region: '330106' })
  const member = await asAdmin(`/admin/organisations/${org['id']}/members`, {
    type: 'client',
    name: 'terminal',
    role: 'operator',
  })
  const station = (await asAdmin(`/admin/members/${member['id']}/api-keys`))['apiKey']!
  const register = (code: string) =>
    app.inject({
      method: 'POST',
      url: '/cylinders',
      headers: { authorization: `Bearer ${station}`, 'idempotency-key': `register-${code}` },
      payload: {
        cylinderCode: code,
        cylinderType: 'lpg_welded_steel',
        gas: 'LPG',
        manufacturer: 'Works',
        manufactureDate: '2024-03-01',
      },
    })
  const ready = async () => {
    const started = Date.now()
    const res = await app.inject({ method: 'GET', url: '/ready' })
    const check = res.json<{ checks: { name: string; ok: boolean }[] }>().checks.find((c) => c.name === 'event_store')
    return { status: res.statusCode, eventStoreOk: check?.ok, ms: Date.now() - started }
  }
  t.match(await ready(), { status: 200, eventStoreOk: true }, '/ready with the store up')

  // Phase 1: 8 concurrent writers; every 150 ms the node drops every call and connection for 100 ms.
  const codes = Array.from({ length: 120 }, (_, i) => `SL-${String(i).padStart(4, '0')}`)
  const outcome = new Map<string, Awaited<ReturnType<typeof register>>>()
  let next = 0
  const writers = Array.from({ length: 8 }, async () => {
    while (next < codes.length) {
      const code = codes[next++]!
      outcome.set(code, await register(code))
    }
  })
  let drops = 0
  const cutter = (async () => {
    while (next < codes.length) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      await double.dropConnections(100)
      drops++
    }
  })()
  await Promise.all([...writers, cutter])
  t.ok(drops > 0, `the node dropped its connections ${drops} times during the load`)
  const failed = [...outcome.entries()].filter(([, res]) => res.statusCode !== 201)
  t.same(
    failed
      .filter(
        ([, res]) =>
          res.statusCode !== 503 ||
          !String(res.headers['content-type']).startsWith('application/problem+json') ||
          res.headers['retry-after'] !== '1' ||
          res.json<{ type: string }>().type !== 'urn:gsr:problem:event-store-unavailable',
      )
      .map(([code, res]) => `${code}: ${res.statusCode} ${res.body}`),
    [],
    'every failure is 503 event-store-unavailable problem+json with Retry-After',
  )
  t.comment(`${outcome.size - failed.length} acknowledged, ${failed.length} answered 503`)

  // The 503s retried with the same Idempotency-Key. A 503 acknowledged nothing, yet the node may
  // have written before the connection went: the retry then finds the cylinder registered (409).
  let landedUnacknowledged = 0
  for (const [code] of failed) {
    const res = await register(code)
    if (res.statusCode === 409 && res.json<{ type: string }>().type.endsWith('cylinder-already-registered'))
      landedUnacknowledged++
    else t.equal(res.statusCode, 201, `retry of ${code} succeeds`, { body: res.body })
  }
  t.comment(`${landedUnacknowledged} of the 503s had been written before the connection went`)

  // Phase 2: the node down for 8 s.
  const down = double.dropConnections(8_000)
  await new Promise((resolve) => setTimeout(resolve, 50))
  const during = await ready()
  t.match(during, { status: 503, eventStoreOk: false }, '/ready is 503 and names the event store while it is down')
  t.ok(during.ms < 3_000, `and says so at once (${during.ms} ms), without the reads' retries`)
  const started = Date.now()
  const outage = await register('SL-OUTAGE')
  t.equal(outage.statusCode, 503, 'a write during the outage is 503')
  t.equal(outage.headers['retry-after'], '1')
  t.match(outage.json(), { type: 'urn:gsr:problem:event-store-unavailable', status: 503 })
  t.ok(Date.now() - started < 7_000, `after the request's retries give up (${Date.now() - started} ms)`)
  await down

  // Phase 3: back.
  t.match(await ready(), { status: 200, eventStoreOk: true }, '/ready is 200 again')
  t.equal((await register('SL-OUTAGE')).statusCode, 201, 'the write retried after the outage succeeds')
  t.equal((await register(codes[0]!)).statusCode, 201, 'a retry of an acknowledged write replays its reply')

  const perStream = new Map<string, number>()
  for (const event of double.log) perStream.set(event.streamName, (perStream.get(event.streamName) ?? 0) + 1)
  const expected = [...codes, 'SL-OUTAGE']
  t.same(
    expected.filter((code) => perStream.get(`cylinder-${code}`) !== 1),
    [],
    'every write is in the store, exactly once',
  )
  t.same(
    [...outcome.entries()].filter(([code, res]) => res.statusCode === 201 && !perStream.has(`cylinder-${code}`)),
    [],
    'every acknowledged write among them',
  )
})
