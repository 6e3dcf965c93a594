import {
  cylinderSchemaVersionOf,
  isCylinderEventType,
  parseCylinderEvent,
  upcastCylinderEvent,
} from './cylinders/catalogue.ts'
import {
  isEquipmentEventType,
  parseEquipmentEvent,
  schemaVersionOf,
  upcastEquipmentEvent,
} from './equipment/catalogue.ts'
import {
  enforcementSchemaVersionOf,
  isEnforcementEventType,
  parseEnforcementEvent,
  upcastEnforcementEvent,
} from './enforcement/catalogue.ts'
import {
  isRuleTableEventType,
  parseRuleTableEvent,
  ruleTableSchemaVersionOf,
  upcastRuleTableEvent,
} from './rules/catalogue.ts'
import { IsoDateTime } from './common.ts'

/**
 * Validates an event against the catalogue that defines its type (equipment, cylinders or
 * enforcement), upcasting from its metadata.schemaVersion, and its metadata.occurredAt as an
 * instant every store can hold. Throws for a type no catalogue knows or data its schema refuses:
 * the write path calls it on every event before appending, so an event nobody could read back
 * is never written. (Each catalogue's own parse gives undefined for a type it does not define,
 * so a projection skips what it does not know; only the append refuses unknown types.)
 */
export function parseCatalogueEvent(event: {
  type: string
  data: unknown
  metadata?: { schemaVersion?: number; occurredAt?: string }
}): void {
  if (event.metadata?.occurredAt !== undefined) IsoDateTime.parse(event.metadata.occurredAt)
  if (
    parseCylinderEvent(event) === undefined &&
    parseEquipmentEvent(event) === undefined &&
    parseEnforcementEvent(event) === undefined &&
    parseRuleTableEvent(event) === undefined
  )
    throw new Error(`no catalogue defines the event type ${event.type}`)
}

/**
 * The current schema version of an event type, in whichever catalogue defines it: what the
 * write path stamps in metadata.schemaVersion, since what today's code decides has today's
 * shape. Throws for a type no catalogue defines.
 */
export function catalogueSchemaVersionOf(type: string): number {
  if (isEquipmentEventType(type)) return schemaVersionOf(type)
  if (isCylinderEventType(type)) return cylinderSchemaVersionOf(type)
  if (isEnforcementEventType(type)) return enforcementSchemaVersionOf(type)
  if (isRuleTableEventType(type)) return ruleTableSchemaVersionOf(type)
  throw new Error(`no catalogue defines the event type ${type}`)
}

/**
 * A stored event lifted to its type's current schema (data upcast, metadata.schemaVersion the
 * current one), without validating: what a decider folds, so it sees one shape whatever server
 * wrote the event. Types no catalogue defines are returned as they are.
 */
export function upcastCatalogueEvent<E extends { type: string; data: unknown; metadata: { schemaVersion: number } }>(
  event: E,
): E {
  const lifted =
    upcastEquipmentEvent(event) ??
    upcastCylinderEvent(event) ??
    upcastEnforcementEvent(event) ??
    upcastRuleTableEvent(event)
  if (lifted === undefined) return event
  const schemaVersion = catalogueSchemaVersionOf(event.type)
  if (schemaVersion === event.metadata.schemaVersion) return event
  return { ...event, data: lifted.data, metadata: { ...event.metadata, schemaVersion } }
}
