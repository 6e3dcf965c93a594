import { schemaFields, type SchemaField } from '@gsr/http-kit'

/** A field a request schema accepts, with its path: what the fuzz sweep mutates. */
export interface RequestField {
  /** Path into the value: object keys, `0` for an array's first element, `*` for a record's entries. */
  readonly path: readonly (string | number)[]
  readonly kind: 'string' | 'date' | 'datetime' | 'array' | 'record'
}

/** Every string (enums too; dates and instants apart), array and record a schema accepts, once per path. */
export function requestFields(schema: unknown): RequestField[] {
  const byPath = new Map<string, SchemaField>()
  for (const field of schemaFields(schema)) {
    // A record's keys are fuzzed through its entries; a union's first string option stands for it.
    if (field.path.includes('(key)')) continue
    const key = JSON.stringify(field.path)
    if (!byPath.has(key)) byPath.set(key, field)
  }
  return [...byPath.values()].map((field) => ({
    path: field.path,
    kind: field.kind === 'enum' ? 'string' : field.kind,
  }))
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
