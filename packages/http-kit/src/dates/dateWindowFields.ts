import { dateWindows, type DateWindowKind } from '@gsr/events'

/** A date or instant field of a schema: its path (`*` for every array element) and its window. */
export interface DateWindowField {
  readonly path: readonly string[]
  readonly kind: DateWindowKind | undefined
}

interface ZodLike {
  readonly _zod: {
    readonly def: {
      readonly type: string
      readonly format?: string
      readonly shape?: Record<string, ZodLike>
      readonly innerType?: ZodLike
      readonly element?: ZodLike
      readonly in?: ZodLike
      readonly out?: ZodLike
      readonly options?: readonly ZodLike[]
    }
  }
}

/**
 * The date (`YYYY-MM-DD`) and instant fields of a zod schema, found by walking objects, arrays,
 * optional/default/nullable wrappers, pipes and unions, each with the window it declares
 * (HappenedDate, HappenedAt, HistoricalDate, ScheduledDate of @gsr/events) or none.
 */
export function dateWindowFields(schema: unknown, path: readonly string[] = []): DateWindowField[] {
  const node = schema as ZodLike | undefined
  const def = node?._zod?.def
  if (!def) return []
  const windowed = dateWindows.get(node as never)?.dateWindow
  if (def.type === 'string' && (def.format === 'date' || def.format === 'datetime' || windowed)) {
    return [{ path, kind: windowed }]
  }
  if (windowed) return [{ path, kind: windowed }]
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => dateWindowFields(child, [...path, key]))
    case 'array':
      return dateWindowFields(def.element, [...path, '*'])
    case 'pipe': {
      // A transform before the date (CSV cells) puts it on the output side.
      const input = dateWindowFields(def.in, path)
      return input.length > 0 ? input : dateWindowFields(def.out, path)
    }
    case 'union':
      return (def.options ?? []).flatMap((option) => dateWindowFields(option, path))
    default:
      return def.innerType ? dateWindowFields(def.innerType, path) : []
  }
}

/** The values at a field's path in a parsed body, each with its dotted name (`fills.3.filledAt`). */
export function valuesAt(value: unknown, path: readonly string[], prefix = ''): { field: string; value: string }[] {
  if (path.length === 0) return typeof value === 'string' ? [{ field: prefix, value }] : []
  const [head, ...rest] = path as [string, ...string[]]
  if (head === '*') {
    if (!Array.isArray(value)) return []
    return value.flatMap((item, index) => valuesAt(item, rest, prefix ? `${prefix}.${index}` : String(index)))
  }
  if (value === null || typeof value !== 'object') return []
  return valuesAt((value as Record<string, unknown>)[head], rest, prefix ? `${prefix}.${head}` : head)
}
