import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

/** Where `npm run setup` (scripts/consoleBuild.mjs) puts the enforcement console's build. */
export const consoleDistDir = fileURLToPath(new URL('../../../apps/console/dist/', import.meta.url))

// The console loads its own scripts and styles only, and talks to this API only. Ant Design
// writes its styles at run time (style elements), hence 'unsafe-inline' for styles alone.
const consoleCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

/**
 * The enforcement console (apps/console) as static files at /console, and `/` redirecting
 * there. Every other path is a client-side page of the console: it gets index.html. Public
 * (the files are the same for everyone; the data comes from the API with a credential).
 * Skipped, with a warning, when the console is not built.
 */
export async function serveConsole(app: FastifyInstance, root = consoleDistDir): Promise<boolean> {
  if (!existsSync(root)) {
    app.log.warn(`no console build in ${root}: run npm run setup to build it`)
    return false
  }
  await app.register(async (scoped) => {
    scoped.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: 'public', rateLimit: false } as NonNullable<typeof route.config>
    })
    scoped.addHook('onSend', async (request, reply) => {
      reply.header('content-security-policy', consoleCsp)
      // Hashed asset names never change content: cache them; index.html always revalidates.
      if (request.url.startsWith('/console/assets/'))
        reply.header('cache-control', 'public, max-age=31536000, immutable')
      else reply.header('cache-control', 'no-cache')
    })
    await scoped.register(fastifyStatic, { root, prefix: '/console/', wildcard: false, index: 'index.html' })
    scoped.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'))
    scoped.get('/console/*', { schema: { hide: true } }, (request, reply) => {
      // A file that is not there stays a 404; a page of the console is its index.html.
      if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '')) return reply.callNotFound()
      return reply.sendFile('index.html')
    })
    scoped.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'))
  })
  return true
}
