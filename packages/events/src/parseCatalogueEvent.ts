import { parseCylinderEvent } from './cylinders/catalogue.ts'
import { parseEquipmentEvent } from './equipment/catalogue.ts'
import { parseEnforcementEvent } from './enforcement/catalogue.ts'
import { IsoDateTime } from './common.ts'

/**
 * Validates an event against the catalogue that defines its type (equipment, cylinders or enforcement),
 * upcasting from its metadata.schemaVersion, and its metadata.occurredAt as an instant every
 * store can hold. Throws for a type no catalogue knows or data its schema refuses: the write
 * path calls it on every event before appending, so an event nobody could read back is never
 * written. (Each catalogue's own parse gives undefined for a type it does not define, so a
 * projection skips what it does not know; only the append refuses unknown types.)
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
    parseEnforcementEvent(event) === undefined
  )
    throw new Error(`no catalogue defines the event type ${event.type}`)
}
