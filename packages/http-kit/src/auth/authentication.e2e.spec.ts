import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { badCredentials, createTestApp, credentialFor, protectedRoutes } from '../testing/index.ts'
import { exampleModule } from '../example/exampleModule.ts'
import { authenticateApiKey, issueToken, revokeCredential } from '../identity/identityStore.ts'

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([exampleModule], { db })
  t.teardown(() => app.close())
  const { attempts, valid } = await badCredentials(app)
  const live = await credentialFor(app, { kind: 'equipment_user' })

  t.test('the valid key and token are accepted (so the 401s below are about the credential)', async (t) => {
    for (const headers of [live.headers, ...Object.values(valid)]) {
      const res = await app.inject({ method: 'GET', url: '/example/notes', headers })
      t.equal(res.statusCode, 200)
    }
  })

  t.test('every protected route answers 401 to every bad credential', async (t) => {
    const routes = protectedRoutes(app)
    t.ok(routes.length >= 3, `found ${routes.length} protected routes`)
    t.ok(
      routes.some((r) => r.pattern === '/example/notes' && r.method === 'POST'),
      'the sweep sees module routes',
    )
    let checked = 0
    for (const route of routes) {
      for (const [label, headers] of Object.entries(attempts)) {
        const res = await app.inject({ method: route.method as 'GET', url: route.url, headers })
        if (res.statusCode !== 401) t.fail(`${route.method} ${route.pattern} with ${label}: ${res.statusCode}`)
        if (route.method !== 'HEAD') {
          t.equal(res.json().type, 'urn:gsr:problem:unauthenticated', `${route.method} ${route.pattern}: ${label}`)
        }
        t.equal(res.headers['www-authenticate'], 'Bearer realm="gsr"')
        checked++
      }
    }
    t.equal(checked, routes.length * Object.keys(attempts).length)
  })

  t.test('public routes are only the operational and documentation ones', async (t) => {
    const publicRoutes = app.kitRoutes.filter((r) => r.auth === 'public').map((r) => r.url)
    for (const url of publicRoutes) t.match(url, /^\/(health|ready|metrics|openapi\.json|docs)/)
  })

  t.test('the kind and role declared on a route are enforced (403)', async (t) => {
    const payload = (c: { organisationId: string }) => ({
      organisationId: c.organisationId,
      region: '330106',
      text: 'x',
    })
    const enforcement = await credentialFor(app, { kind: 'enforcement', region: '330000' })
    let res = await app.inject({
      method: 'POST',
      url: '/example/notes',
      headers: enforcement.headers,
      payload: payload(enforcement),
    })
    t.equal(res.statusCode, 403, 'wrong organisation kind')
    const viewer = await credentialFor(app, { kind: 'equipment_user', role: 'viewer' })
    res = await app.inject({ method: 'POST', url: '/example/notes', headers: viewer.headers, payload: payload(viewer) })
    t.equal(res.statusCode, 403, 'viewers do not write by default')
    res = await app.inject({ method: 'GET', url: '/example/notes', headers: viewer.headers })
    t.equal(res.statusCode, 200, 'viewers read')
  })

  t.test(
    'credential rows are cached briefly; revocation is honoured (at once here, within the TTL elsewhere)',
    async (t) => {
      const url = '/example/notes'
      const get = (headers: Record<string, string>) => app.inject({ method: 'GET', url, headers })

      // Revoked in this process (admin route, rotation): refused on the very next request.
      const key = await credentialFor(app, { kind: 'equipment_user' })
      t.equal((await get(key.headers)).statusCode, 200, 'cached now')
      await revokeCredential(db.client, key.credentialId, new Date())
      t.equal((await get(key.headers)).statusCode, 401, 'revoked key refused at once')

      // A token minted with a key goes when the key is revoked.
      const person = await credentialFor(app, { kind: 'equipment_user' })
      const principal = await authenticateApiKey(db.client, person.apiKey, new Date())
      if (!principal) throw new Error('no principal')
      const token = await issueToken(db.client, {
        principal,
        secret: app.kit.config.authSecret,
        ttlSeconds: 900,
        now: new Date(),
      })
      const bearer = { authorization: `Bearer ${token.token}` }
      t.equal((await get(bearer)).statusCode, 200)
      await revokeCredential(db.client, person.credentialId, new Date())
      t.equal((await get(bearer)).statusCode, 401, 'token of a revoked key refused at once')

      // A cached credential with a forged secret: the secret is checked on every request.
      const cached = await credentialFor(app, { kind: 'equipment_user' })
      t.equal((await get(cached.headers)).statusCode, 200)
      const forged = `${cached.apiKey.slice(0, cached.apiKey.indexOf('.') + 1)}${'A'.repeat(43)}`
      t.equal((await get({ authorization: `Bearer ${forged}` })).statusCode, 401, 'forged secret refused')

      // Revoked by another process (a plain UPDATE, no in-process notice): refused within the TTL.
      const shortLived = await createTestApp([exampleModule], { db, config: { credentialCacheSeconds: 0.2 } })
      t.teardown(() => shortLived.close())
      const other = await credentialFor(shortLived, { kind: 'equipment_user' })
      const getOther = () => shortLived.inject({ method: 'GET', url, headers: other.headers })
      t.equal((await getOther()).statusCode, 200)
      await db.client.query('UPDATE kit_credentials SET revoked_at = now() WHERE id = $1', [other.credentialId])
      t.equal((await getOther()).statusCode, 200, 'stale for at most the TTL')
      await new Promise((resolve) => setTimeout(resolve, 250))
      t.equal((await getOther()).statusCode, 401, 'refused once the TTL is over')

      // credentialCacheSeconds 0: no cache, every request asks the database.
      const uncached = await createTestApp([exampleModule], { db, config: { credentialCacheSeconds: 0 } })
      t.teardown(() => uncached.close())
      const third = await credentialFor(uncached, { kind: 'equipment_user' })
      const getThird = () => uncached.inject({ method: 'GET', url, headers: third.headers })
      t.equal((await getThird()).statusCode, 200)
      await db.client.query('UPDATE kit_credentials SET revoked_at = now() WHERE id = $1', [third.credentialId])
      t.equal((await getThird()).statusCode, 401, 'refused at once without a cache')
    },
  )
})
