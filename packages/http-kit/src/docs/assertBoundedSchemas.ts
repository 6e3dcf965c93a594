import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { schemaFields } from './schemaFields.ts'

/**
 * Every string, array and record a route accepts has a documented upper bound, checked when the
 * route is added (like `assertStrictSchemas`): a field without one fails the start, naming it.
 * What counts as bounded: `SchemaField.bounded` in `schemaFields.ts`. The body limit bounds a
 * request as a whole; these bound what reaches an event or a query.
 */
export function assertBoundedSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
      const unbounded = unboundedFields(route.schema?.[part])
      if (unbounded.length > 0) {
        throw new Error(
          `${route.method} ${route.url}: ${part} fields without an upper bound (add .max()): ${unbounded.join(', ')}`,
        )
      }
    }
  })
}

/** Dotted paths (`items.*.note`, `(root)`) of the strings, arrays and records in `schema` without an upper bound. */
export function unboundedFields(schema: unknown): string[] {
  if (!(schema instanceof z.ZodType)) return []
  return schemaFields(schema)
    .filter((field) => !field.bounded)
    .map((field) => field.path.map((part) => (typeof part === 'number' ? '*' : part)).join('.') || '(root)')
}
