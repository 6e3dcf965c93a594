import type { z } from 'zod'

/** Lifts `data` written under an older `schemaVersion` to the current shape. */
export type Upcast = (data: unknown, fromVersion: number) => unknown

/**
 * One event type: its name, the zod schema of its `data` at the current schema version, and
 * `upcast`, which lifts data written under an older `schemaVersion` to the current shape before
 * parsing. Everything starts at version 1 (upcast = identity). To change a schema
 * incompatibly, raise `schemaVersion` and add the step to `upcast`; never edit a stored event.
 */
export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type
  readonly schema: Schema
  readonly schemaVersion: number
  readonly upcast: Upcast
}

export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
  options: { schemaVersion?: number; upcast?: Upcast } = {},
): EventDefinition<Type, Schema> {
  return { type, schema, schemaVersion: options.schemaVersion ?? 1, upcast: options.upcast ?? ((data) => data) }
}

/** A stored or new event as the catalogues read it. */
export interface CatalogueInput {
  readonly type: string
  readonly data: unknown
  readonly metadata?: { readonly schemaVersion?: number }
}

type Definitions = Record<string, EventDefinition>

/** `{ type, data }` for each event type of a catalogue: what deciders emit and projections read. */
export type CatalogueEvent<D extends Definitions> = {
  [K in keyof D & string]: { readonly type: K; readonly data: z.infer<D[K]['schema']> }
}[keyof D & string]

/** What a catalogue (one context's event types, by name) offers its readers and writers. */
export interface Catalogue<D extends Definitions> {
  readonly types: (keyof D & string)[]
  readonly isType: (type: string) => type is keyof D & string
  /**
   * Lifts a stored event to the current schema and validates it. A type outside the catalogue
   * gives undefined (a projection skips what it does not know); data the schema refuses throws
   * (the projection runner quarantines it). The write path refuses unknown types on append
   * (parseCatalogueEvent).
   */
  readonly parse: (event: CatalogueInput) => CatalogueEvent<D> | undefined
  /**
   * Lifts without validating: for hot projections reading events the write path validated on
   * append. Undefined for a type outside the catalogue, as `parse`.
   */
  readonly upcast: (event: CatalogueInput) => CatalogueEvent<D> | undefined
  /** Current schema version of a type, for metadata.schemaVersion when appending. */
  readonly schemaVersionOf: (type: keyof D & string) => number
}

/** Builds the reading functions of a catalogue from its definitions, keyed by type name. */
export function eventCatalogue<D extends Definitions>(definitions: D): Catalogue<D> {
  const isType = (type: string): type is keyof D & string => Object.hasOwn(definitions, type)
  const lift = (event: CatalogueInput, definition: EventDefinition) => {
    const version = event.metadata?.schemaVersion ?? 1
    return version === definition.schemaVersion ? event.data : definition.upcast(event.data, version)
  }
  return {
    types: Object.keys(definitions) as (keyof D & string)[],
    isType,
    parse: (event) => {
      if (!isType(event.type)) return undefined
      const definition = definitions[event.type]!
      return { type: event.type, data: definition.schema.parse(lift(event, definition)) } as CatalogueEvent<D>
    },
    upcast: (event) => {
      if (!isType(event.type)) return undefined
      return { type: event.type, data: lift(event, definitions[event.type]!) } as CatalogueEvent<D>
    },
    schemaVersionOf: (type) => definitions[type]!.schemaVersion,
  }
}
