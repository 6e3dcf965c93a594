import { z } from 'zod'

/**
 * A field a request schema accepts: its path (object keys, `0` for an array's elements, `*` for
 * a record's values), what it is, and whether it has an upper bound. One walk of zod schemas for
 * the start-time bound check (`assertBoundedSchemas`) and the fuzz sweep that derives hostile
 * requests from the routes (`test/fuzzEveryRoute.ts`).
 */
export interface SchemaField {
  readonly path: readonly (string | number)[]
  readonly kind: 'string' | 'date' | 'datetime' | 'enum' | 'array' | 'record'
  /** A string with `.max()`/`.length()`, a format or anchored pattern of bounded length, an enum;
   * an array with `.max()`; a record with `.meta({ maxProperties })` (and a refinement enforcing it). */
  readonly bounded: boolean
}

interface Def {
  readonly type: string
  readonly checks?: readonly { _zod: { def: { check: string; format?: string; pattern?: RegExp } } }[]
  readonly format?: string
  readonly shape?: Record<string, z.ZodType>
  readonly element?: z.ZodType
  readonly options?: readonly z.ZodType[]
  readonly innerType?: z.ZodType
  readonly in?: z.ZodType
  readonly keyType?: z.ZodType
  readonly valueType?: z.ZodType
  readonly items?: readonly z.ZodType[]
  readonly rest?: z.ZodType | null
  readonly catchall?: z.ZodType
  readonly left?: z.ZodType
  readonly right?: z.ZodType
}

const hasMax = (def: Def) =>
  (def.checks ?? []).some((c) => c._zod.def.check === 'max_length' || c._zod.def.check === 'length_equals')
/** `^[A-Z]{2,8}$` is bounded; `^[A-Z]+$`, `^a.*` and `{2,}` are not. */
const boundedPattern = (pattern: RegExp) =>
  pattern.source.startsWith('^') && pattern.source.endsWith('$') && !/(?<!\\)[*+]|\{\d+,\}/.test(pattern.source)
/** Formats whose length the format itself fixes (date, date-time, uuid, email has its own limit...). */
const unboundedFormats = new Set(['regex', 'url', 'base64', 'base64url'])

function stringIsBounded(def: Def): boolean {
  if (hasMax(def)) return true
  const patterns = (def.checks ?? []).map((c) => c._zod.def).filter((c) => c.format === 'regex' && c.pattern)
  if (patterns.some((c) => boundedPattern(c.pattern!))) return true
  return def.format !== undefined && !unboundedFormats.has(def.format)
}

/** Every string, enum, array and record in a request schema (anything else has no length to bound). */
export function schemaFields(schema: unknown): SchemaField[] {
  if (!(schema instanceof z.ZodType)) return []
  const found: SchemaField[] = []
  const seen = new Set<z.ZodType>()
  const walk = (node: z.ZodType | null | undefined, path: readonly (string | number)[]) => {
    if (!node || seen.has(node)) return
    seen.add(node)
    const def = node._zod.def as unknown as Def
    switch (def.type) {
      case 'string': {
        const kind = def.format === 'date' ? 'date' : def.format === 'datetime' ? 'datetime' : 'string'
        found.push({ path, kind, bounded: stringIsBounded(def) })
        break
      }
      case 'enum':
      case 'literal':
        found.push({ path, kind: 'enum', bounded: true })
        break
      case 'array':
        found.push({ path, kind: 'array', bounded: hasMax(def) })
        walk(def.element, [...path, 0])
        break
      case 'record': {
        const meta = z.globalRegistry.get(node) as { maxProperties?: unknown } | undefined
        found.push({ path, kind: 'record', bounded: typeof meta?.maxProperties === 'number' })
        walk(def.keyType, [...path, '(key)'])
        walk(def.valueType, [...path, '*'])
        break
      }
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, [...path, key])
        if (def.catchall && (def.catchall._zod.def as unknown as Def).type !== 'never')
          walk(def.catchall, [...path, '*'])
        break
      case 'tuple':
        ;(def.items ?? []).forEach((item, i) => walk(item, [...path, i]))
        walk(def.rest, [...path, '*'])
        break
      case 'union':
        for (const option of def.options ?? []) walk(option, path)
        break
      case 'intersection':
        walk(def.left, path)
        walk(def.right, path)
        break
      case 'pipe':
        walk(def.in, path) // what the request holds; the output is the handler's
        break
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
      case 'nonoptional':
        walk(def.innerType, path)
        break
    }
    seen.delete(node) // the same schema may sit at two paths (two dates); only cycles stop
  }
  walk(schema, [])
  return found
}
