import type { FastifyInstance } from 'fastify'
import { z } from 'zod'

/**
 * Every string, array and record a route accepts has a documented upper bound, checked when the
 * route is added (like `assertStrictSchemas`): a field without one fails the start, naming it.
 * Bounded means: a string with `.max()`/`.length()`, a format of bounded length (date,
 * date-time, uuid, ...) or an anchored pattern without `*`, `+` or open `{n,}`; an enum or literal;
 * an array with `.max()`; a record with `.meta({ maxProperties })` (and a refinement enforcing it).
 * The body limit bounds a request as a whole; these bound what reaches an event or a query.
 */
export function assertBoundedSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    for (const part of ['body', 'querystring', 'params', 'headers'] as const) {
      const schema = route.schema?.[part]
      if (!(schema instanceof z.ZodType)) continue
      const unbounded = unboundedFields(schema)
      if (unbounded.length > 0) {
        throw new Error(
          `${route.method} ${route.url}: ${part} fields without an upper bound (add .max()): ${unbounded.join(', ')}`,
        )
      }
    }
  })
}

interface Def {
  readonly type: string
  readonly checks?: readonly { _zod: { def: { check: string; format?: string } } }[]
  readonly format?: string
  readonly pattern?: RegExp
  readonly shape?: Record<string, z.ZodType>
  readonly element?: z.ZodType
  readonly options?: readonly z.ZodType[]
  readonly innerType?: z.ZodType
  readonly in?: z.ZodType
  readonly out?: z.ZodType
  readonly keyType?: z.ZodType
  readonly valueType?: z.ZodType
  readonly items?: readonly z.ZodType[]
  readonly rest?: z.ZodType | null
  readonly catchall?: z.ZodType
  readonly left?: z.ZodType
  readonly right?: z.ZodType
}

const defOf = (schema: z.ZodType) => schema._zod.def as unknown as Def
const hasMax = (def: Def) =>
  (def.checks ?? []).some((c) => c._zod.def.check === 'max_length' || c._zod.def.check === 'length_equals')
const boundedPattern = (pattern: RegExp) => {
  const source = pattern.source
  return source.startsWith('^') && source.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(source)
}

/** Dotted paths of the strings, arrays and records in `schema` that have no upper bound. */
export function unboundedFields(schema: z.ZodType, path = '', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return []
  seen.add(schema)
  const def = defOf(schema)
  const here = path || '(root)'
  const into = (child: z.ZodType | null | undefined, childPath = path) =>
    child ? unboundedFields(child, childPath, seen) : []
  switch (def.type) {
    case 'string': {
      if (hasMax(def)) return []
      const patterns = (def.checks ?? [])
        .map((c) => c._zod.def as { format?: string; pattern?: RegExp })
        .filter((c) => c.format === 'regex' && c.pattern)
      if (patterns.some((c) => boundedPattern(c.pattern!))) return []
      // z.iso.date(), z.uuid(), ...: the format fixes the length.
      if (def.format && def.format !== 'regex' && def.format !== 'url' && def.format !== 'base64') return []
      return [here]
    }
    case 'array':
      return [...(hasMax(def) ? [] : [here]), ...into(def.element, path ? `${path}.*` : '*')]
    case 'record': {
      const meta = z.globalRegistry.get(schema) as { maxProperties?: unknown } | undefined
      return [
        ...(typeof meta?.maxProperties === 'number' ? [] : [here]),
        ...into(def.keyType, path ? `${path}.(key)` : '(key)'),
        ...into(def.valueType, path ? `${path}.*` : '*'),
      ]
    }
    case 'object':
      return [
        ...Object.entries(def.shape ?? {}).flatMap(([key, child]) => into(child, path ? `${path}.${key}` : key)),
        ...(defOf(def.catchall ?? z.never()).type === 'never' ? [] : into(def.catchall)),
      ]
    case 'tuple':
      return [...(def.items ?? []).flatMap((item, i) => into(item, `${path}.${i}`)), ...into(def.rest)]
    case 'union':
      return (def.options ?? []).flatMap((option) => into(option))
    case 'intersection':
      return [...into(def.left), ...into(def.right)]
    case 'pipe':
      return [...into(def.in), ...into(def.out)]
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return into(def.innerType)
    default:
      return []
  }
}
