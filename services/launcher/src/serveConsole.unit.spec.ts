import t from 'tap'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { serveConsole } from './serveConsole.ts'

/** The console's static files: `/` and `/console` redirect, client pages get index.html, files their own CSP. */
t.test('serves the console build at /console', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'gsr-console-dist-'))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  const app = Fastify()
  const routes: { url: string; auth: unknown }[] = []
  app.addHook('onRoute', (route) => void routes.push({ url: route.url, auth: route.config?.auth }))
  t.equal(await serveConsole(app, root), true)
  t.teardown(() => app.close())

  const root302 = await app.inject('/')
  t.equal(root302.statusCode, 302)
  t.equal(root302.headers.location, '/console/')
  t.equal((await app.inject('/console')).headers.location, '/console/')
  for (const url of ['/console/', '/console/overview?on=2025-06-30', '/console/violations/a%3Ab']) {
    const page = await app.inject(url)
    t.equal(page.statusCode, 200, url)
    t.match(page.body, '<title>console</title>', `${url}: index.html`)
    t.match(page.headers['content-security-policy'], "script-src 'self'")
    t.equal(page.headers['cache-control'], 'no-cache')
  }
  const script = await app.inject('/console/assets/index-abc.js')
  t.equal(script.statusCode, 200)
  t.match(script.headers['content-type'], /javascript/)
  t.match(script.headers['cache-control'], /immutable/)
  const missing = await app.inject('/console/assets/missing.js')
  t.equal(missing.statusCode, 404, 'a missing file is a 404, not the page')
  t.notMatch(missing.headers['cache-control'], /immutable/, 'a 404 is not cached')
  for (const url of ['/console/..%2F..%2Fpackage.json', '/console/assets/..%2F..%2F..%2Fpackage.json']) {
    const outside = await app.inject(url)
    t.ok(outside.statusCode >= 400 && !outside.body.includes('"name"'), `${url}: nothing outside the build`)
  }
  t.ok(
    routes.filter((r) => r.url.startsWith('/console') || r.url === '/').every((r) => r.auth === 'public'),
    'every console route is public (the data comes from the API with a credential)',
  )
})

t.test('without a build: nothing is served, and the start goes on', async (t) => {
  const app = Fastify({ logger: false })
  t.equal(await serveConsole(app, join(tmpdir(), 'no-such-console-build')), false)
  t.equal((await app.inject('/console/')).statusCode, 404)
  await app.close()
})
