import type { FastifyInstance } from 'fastify'

/**
 * Unknown fields are errors, not silently dropped: every zod object schema a route declares for
 * its body or query string must be strict (`z.strictObject`), checked when the route is added.
 */
export function assertStrictSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    for (const part of ['body', 'querystring'] as const) {
      const schema = route.schema?.[part] as { _zod?: { def?: { type?: string; catchall?: unknown } } } | undefined
      const def = schema?._zod?.def
      if (!def || def.type !== 'object') continue
      const catchall = def.catchall as { _zod?: { def?: { type?: string } } } | undefined
      if (catchall?._zod?.def?.type !== 'never') {
        throw new Error(
          `${route.method} ${route.url}: the ${part} schema must be z.strictObject(...) so unknown fields are refused`,
        )
      }
    }
  })
}
