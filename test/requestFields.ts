import { z } from 'zod'

/** A field a request schema accepts, found by walking the zod schema: what the fuzz sweep mutates. */
export interface RequestField {
  /** Path into the value: object keys, `0` for an array's first element, `*` for a record's entries. */
  readonly path: readonly (string | number)[]
  readonly kind: 'string' | 'date' | 'datetime' | 'array' | 'record'
}

interface Def {
  readonly type: string
  readonly format?: string
  readonly shape?: Record<string, z.ZodType>
  readonly element?: z.ZodType
  readonly options?: readonly z.ZodType[]
  readonly innerType?: z.ZodType
  readonly in?: z.ZodType
  readonly valueType?: z.ZodType
}

/** Every string (dates and instants apart), array and record a schema accepts, with its path. */
export function requestFields(schema: unknown): RequestField[] {
  if (!(schema instanceof z.ZodType)) return []
  const found: RequestField[] = []
  const walk = (node: z.ZodType, path: (string | number)[], depth: number) => {
    if (depth > 8) return
    const def = node._zod.def as unknown as Def
    switch (def.type) {
      case 'string':
        found.push({ path, kind: def.format === 'date' ? 'date' : def.format === 'datetime' ? 'datetime' : 'string' })
        return
      case 'enum':
      case 'literal':
        found.push({ path, kind: 'string' })
        return
      case 'array':
        found.push({ path, kind: 'array' })
        if (def.element) walk(def.element, [...path, 0], depth + 1)
        return
      case 'record':
        found.push({ path, kind: 'record' })
        if (def.valueType) walk(def.valueType, [...path, '*'], depth + 1)
        return
      case 'object':
        for (const [key, child] of Object.entries(def.shape ?? {})) walk(child, [...path, key], depth + 1)
        return
      case 'union': {
        // A field that may be a string is fuzzed as one (once).
        const before = found.length
        for (const option of def.options ?? []) if (found.length === before) walk(option, path, depth + 1)
        return
      }
      case 'pipe':
        if (def.in) walk(def.in, path, depth)
        return
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
        if (def.innerType) walk(def.innerType, path, depth)
        return
      default:
        return
    }
  }
  walk(schema, [], 0)
  return found
}

/** The field as the server names it in `errors[].field` (`fills.0.gas`). */
export function fieldName(path: readonly (string | number)[], recordKey = 'fuzz'): string {
  return path.map((part) => (part === '*' ? recordKey : String(part))).join('.')
}

/**
 * A copy of `value` with `replacement` at `path`, creating missing objects on the way; a path
 * through an array needs its element 0 in `value` (undefined otherwise: nothing to mutate).
 */
export function withValue(
  value: unknown,
  path: readonly (string | number)[],
  replacement: unknown,
  recordKey = 'fuzz',
): unknown {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (typeof head === 'number') {
    if (!Array.isArray(value) || value.length === 0) return undefined
    const child = withValue(value[0], rest, replacement, recordKey)
    return child === undefined ? undefined : [child, ...value.slice(1)]
  }
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}
  const key = head === '*' ? recordKey : head!
  const child = withValue((object as Record<string, unknown>)[key], rest, replacement, recordKey)
  return child === undefined ? undefined : { ...object, [key]: child }
}
