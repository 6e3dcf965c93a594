import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'

/**
 * Where `npm run setup` (scripts/consoleBuild.mjs) puts the enforcement console's build:
 * apps/console/dist beside the code. The built launcher (dist/services/launcher/src) looks there
 * too (the image copies it into dist/), then in the repository's, which `npm start` runs from.
 */
export const consoleDistDir = [
  new URL('../../../apps/console/dist/', import.meta.url),
  ...(/\/dist\/services\/launcher\/src\/[^/]+$/.test(import.meta.url)
    ? [new URL('../../../../apps/console/dist/', import.meta.url)]
    : []),
]
  .map((url) => fileURLToPath(url))
  .reduce((found, candidate) => (existsSync(found) ? found : candidate))

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
  // Declared on each route (not by a hook): the kit's route list reads it as the route is added.
  const config = { auth: 'public' as const, rateLimit: false as const }
  await app.register(async (scoped) => {
    scoped.addHook('onSend', async (request, reply) => {
      reply.header('content-security-policy', consoleCsp)
      // Hashed asset names never change content: cache them; index.html always revalidates.
      if (reply.statusCode === 200 && request.url.startsWith('/console/assets/'))
        reply.header('cache-control', 'public, max-age=31536000, immutable')
      else reply.header('cache-control', 'no-cache')
    })
    // reply.sendFile only (serve: false): the routes are ours, with their config.
    await scoped.register(fastifyStatic, { root, serve: false })
    scoped.get('/', { config, schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'))
    scoped.get('/console', { config, schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'))
    scoped.get<{ Params: { '*': string } }>('/console/*', { config, schema: { hide: true } }, (request, reply) => {
      const path = request.params['*']
      // A file (its name has an extension) is sent as it is, or is a 404 (send keeps it under
      // root); any other path is a page of the console: index.html.
      return /\.[a-z0-9]+$/i.test(path) ? reply.sendFile(path) : reply.sendFile('index.html')
    })
  })
  return true
}
