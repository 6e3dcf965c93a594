import type { z } from 'zod'
import { gsrEventNamespace, uuidv5 } from '@gsr/domain/equipment'
import type { NewEvent } from '@gsr/event-store'
import { cylinderCatalogue, type CylinderEventType } from '@gsr/events/cylinders'
import { enforcementCatalogue, type EnforcementEvent } from '@gsr/events/enforcement'
import { equipmentCatalogue, type EquipmentEventType } from '@gsr/events/equipment'

type EquipmentData<K extends EquipmentEventType> = z.input<(typeof equipmentCatalogue)[K]['schema']>
type CylinderData<K extends CylinderEventType> = z.input<(typeof cylinderCatalogue)[K]['schema']>

export interface EventOptions {
  /** Field time (metadata.occurredAt). */
  readonly occurredAt: string
  readonly organisationId: string
  readonly role?: string
  /** Name for a deterministic id (uuid v5); the same name gives the same id. */
  readonly idName: string
}

function metadata(options: EventOptions, schemaVersion: number): NewEvent['metadata'] {
  return {
    actor: { organisationId: options.organisationId, role: options.role ?? 'operator' },
    occurredAt: options.occurredAt,
    schemaVersion,
  }
}

/**
 * Catalogue events, validated by the owning context's zod schema before they are appended:
 * what tests and the synthetic city write is exactly what the services would write.
 */
export function equipmentEvent<K extends EquipmentEventType>(
  type: K,
  data: EquipmentData<K>,
  options: EventOptions,
): NewEvent {
  const definition = equipmentCatalogue[type]
  return {
    id: uuidv5(options.idName, gsrEventNamespace),
    type,
    data: definition.schema.parse(data),
    metadata: metadata(options, definition.schemaVersion),
  }
}

export function cylinderEvent<K extends CylinderEventType>(
  type: K,
  data: CylinderData<K>,
  options: EventOptions,
): NewEvent {
  const definition = cylinderCatalogue[type]
  return {
    id: uuidv5(options.idName, gsrEventNamespace),
    type,
    data: definition.schema.parse(data),
    metadata: metadata(options, definition.schemaVersion),
  }
}

/** An enforcement event as a decider returned it, validated by the enforcement catalogue. */
export function enforcementEvent(event: EnforcementEvent, options: EventOptions): NewEvent {
  const definition = enforcementCatalogue[event.type]
  return {
    id: uuidv5(options.idName, gsrEventNamespace),
    type: event.type,
    data: (definition.schema as z.ZodType).parse(event.data),
    metadata: metadata(options, definition.schemaVersion),
  }
}
