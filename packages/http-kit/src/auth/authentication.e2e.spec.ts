import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { badCredentials, createTestApp, credentialFor, protectedRoutes } from '../testing/index.ts'
import { exampleModule } from '../example/exampleModule.ts'

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
})
