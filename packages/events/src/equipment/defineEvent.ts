import type { z } from 'zod'

/**
 * One event type of the catalogue: its name, the zod schema of its `data` at the current
 * schema version, and `upcast`, which lifts data written under an older `schemaVersion` to
 * the current shape before parsing. Everything starts at version 1 (upcast = identity).
 */
export interface EventDefinition<Type extends string, Schema extends z.ZodType> {
  readonly type: Type
  readonly schema: Schema
  readonly schemaVersion: number
  readonly upcast: (data: unknown, fromVersion: number) => unknown
}

export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
  options: { schemaVersion?: number; upcast?: (data: unknown, fromVersion: number) => unknown } = {},
): EventDefinition<Type, Schema> {
  return { type, schema, schemaVersion: options.schemaVersion ?? 1, upcast: options.upcast ?? ((data) => data) }
}
