import t from 'tap'
import { randomBytes } from 'node:crypto'
import { createServer, connect, type Server, type Socket } from 'node:net'
import pg from 'pg'
import { createPostgresClient, quoteIdentifier } from '@gsr/db'
import { postgresUrlEnv } from '@gsr/db/testing'
import { ensureAdministrator } from '@gsr/admin-service'
import { startMain } from './testing/startMain.ts'

/**
 * The app on real PostgreSQL losing its connections: `pg_terminate_backend` on every backend
 * it holds, several times, in the middle of concurrent writes; then the server unreachable
 * for a while (a proxy between the app and PostgreSQL refusing connections). The process must
 * live through it, answer what it cannot do with 503 problem+json, reconnect, show the outage
 * in /ready, and every acknowledged write must be in the event store exactly once.
 */
const url = process.env[postgresUrlEnv]

if (!url) {
  t.comment(`SKIPPED: connection loss needs a real PostgreSQL (${postgresUrlEnv} is unset or unreachable)`)
  t.pass('skipped: no PostgreSQL reachable')
} else {
  t.test('connections terminated under load and the server unreachable: the app survives', async (t) => {
    const schema = `connloss_${process.pid}_${randomBytes(3).toString('hex')}`
    const applicationName = `gsr-connloss-${randomBytes(4).toString('hex')}`
    const setup = await createPostgresClient({ connectionString: url, schema })
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    t.teardown(async () => {
      await setup.close()
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`)
      await admin.end()
    })
    const proxy = await startProxy(new URL(url))
    t.teardown(() => proxy.close())

    const appUrl = new URL(url)
    appUrl.hostname = '127.0.0.1'
    appUrl.port = String(proxy.port)
    appUrl.searchParams.set('application_name', applicationName)
    appUrl.searchParams.set('options', `-c search_path=${schema}`)
    const app = await startApp({
      MODE: 'postgres',
      DATABASE_URL: appUrl.toString(),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      SERVICES: 'admin,cylinders',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    })
    t.teardown(() => app.child.kill('SIGKILL'))
    const base = await app.listening

    const created = await ensureAdministrator(setup, { name: 'connection loss admins' })
    if (!created) throw new Error('no administrator created')
    const call = async (key: string, method: string, path: string, body?: object, headers: object = {}) => {
      const res = await fetch(base + path, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
      const text = await res.text()
      return { status: res.status, type: res.headers.get('content-type') ?? '', text }
    }
    const asAdmin = async (path: string, body?: object) => {
      const res = await call(created.apiKey, 'POST', path, body)
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`)
      return JSON.parse(res.text) as Record<string, string>
    }
    const org = await asAdmin('/admin/organisations', { kind: 'filling_station', name: 'S', region: '330106' })
    const member = await asAdmin(`/admin/organisations/${org['id']}/members`, {
      type: 'client',
      name: 'terminal',
      role: 'operator',
    })
    const station = (await asAdmin(`/admin/members/${member['id']}/api-keys`))['apiKey']!

    const register = (code: string) =>
      call(
        station,
        'POST',
        '/cylinders',
        {
          cylinderCode: code,
          cylinderType: 'lpg_welded_steel',
          gas: 'LPG',
          manufacturer: 'Works',
          manufactureDate: '2024-03-01',
        },
        { 'idempotency-key': `register-${code}` },
      )
    const codes = Array.from({ length: 240 }, (_, i) => `CL-${String(i).padStart(4, '0')}`)
    const outcome = new Map<string, { status: number; type: string; text: string }>()

    // Phase 1: 8 concurrent writers; every 400 ms, all of the app's backends are terminated.
    let next = 0
    const writers = Array.from({ length: 8 }, async () => {
      while (next < codes.length) {
        const code = codes[next++]!
        outcome.set(code, await register(code))
      }
    })
    let terminated = 0
    const killer = (async () => {
      while (next < codes.length) {
        await new Promise((resolve) => setTimeout(resolve, 400))
        const { rows } = await admin.query(
          'SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        )
        terminated += rows.filter((row: { done: boolean }) => row.done).length
      }
    })()
    await Promise.all([...writers, killer])
    t.ok(terminated > 0, `terminated ${terminated} backends during the load`)
    t.equal(app.child.exitCode, null, 'the process is alive')
    const statuses = [...outcome.values()].map((o) => o.status)
    const failed = [...outcome.entries()].filter(([, o]) => o.status !== 201)
    t.same(
      failed.filter(([, o]) => o.status !== 503 || !o.type.startsWith('application/problem+json')),
      [],
      'every failure is a 503 problem+json (never a 500, never a dropped connection)',
    )
    t.comment(`${statuses.filter((s) => s === 201).length} acknowledged, ${failed.length} answered 503`)

    // The 503s retried with the same Idempotency-Key.
    for (const [code] of failed) {
      let res = await register(code)
      for (let attempt = 0; res.status === 503 && attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        res = await register(code)
      }
      t.equal(res.status, 201, `retry of ${code} succeeds`, { body: res.text })
    }
    const replay = await register(codes[0]!)
    t.equal(replay.status, 201, 'a retry of an acknowledged write replays its reply')

    // Phase 2: PostgreSQL unreachable.
    proxy.cut()
    const ready = await fetch(`${base}/ready`)
    t.equal(ready.status, 503, '/ready is 503 while the database is unreachable')
    const body = (await ready.json()) as { checks: { name: string; ok: boolean }[] }
    t.equal(body.checks.find((c) => c.name === 'database')?.ok, false, 'its database check names the outage')
    const during = await register('CL-OUTAGE')
    t.equal(during.status, 503, 'a write during the outage is 503')
    t.match(during.type, /^application\/problem\+json/)
    t.match(JSON.parse(during.text), { type: 'urn:gsr:problem:database-unavailable', status: 503 })
    t.equal(app.child.exitCode, null, 'the process is alive during the outage')

    // Phase 3: back.
    proxy.restore()
    let after = await register('CL-OUTAGE')
    for (let attempt = 0; after.status === 503 && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      after = await register('CL-OUTAGE')
    }
    t.equal(after.status, 201, 'the write retried after the outage succeeds')
    // Projections that failed during the outage retry with backoff: readiness returns with them.
    let readyAgain = await fetch(`${base}/ready`)
    for (const until = Date.now() + 60_000; readyAgain.status !== 200 && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      readyAgain = await fetch(`${base}/ready`)
    }
    t.equal(
      readyAgain.status,
      200,
      `/ready is 200 again (${readyAgain.status === 200 ? 'ok' : await readyAgain.text()})`,
    )

    const { rows } = await setup.query<{ stream_name: string; n: number }>(
      `SELECT stream_name, count(*)::int AS n FROM es_events WHERE stream_name LIKE 'cylinder-CL-%' GROUP BY stream_name`,
    )
    const counts = new Map(rows.map((row) => [row.stream_name, row.n]))
    const expected = [...codes, 'CL-OUTAGE']
    t.equal(rows.length, expected.length, 'every write is in the event store')
    t.same(
      expected.filter((code) => counts.get(`cylinder-${code}`) !== 1),
      [],
      'each exactly once',
    )
    t.equal(app.child.exitCode, null, 'the process is still alive')
    app.child.kill('SIGTERM')
    t.equal(await app.exited, 0, 'and stops cleanly')
  })
}

/** main.ts as `npm start` runs it; its output is printed if it fails (the loss must not stop it). */
function startApp(env: Record<string, string>) {
  const app = startMain(env)
  void app.exited.then((code) => {
    if (code !== 0 && code !== null) console.error(`app exited with ${code}:\n${app.output().slice(-4000)}`)
  })
  return app
}

/** A TCP proxy to PostgreSQL that can drop every connection and refuse new ones. */
async function startProxy(target: URL) {
  const sockets = new Set<Socket>()
  let open = true
  const server: Server = createServer((client) => {
    if (!open) return client.destroy()
    const upstream = connect(Number(target.port || 5432), target.hostname)
    sockets.add(client).add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cut() {
      open = false
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      open = true
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
