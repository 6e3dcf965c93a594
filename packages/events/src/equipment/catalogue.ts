import type { z } from 'zod'
import {
  EquipmentCancelled,
  EquipmentRegistered,
  EquipmentResumed,
  EquipmentSuspended,
  EquipmentTransferDeclined,
  EquipmentTransferOffered,
  EquipmentTransferWithdrawn,
  EquipmentTransferred,
} from './equipmentEvents.ts'
import { EquipmentFoundInUse, OperationFoundPerformed, PipelineFoundInUse } from './fieldFindingEvents.ts'
import {
  InspectionDue,
  InspectionOverdue,
  InspectionResultRecorded,
  PeriodicInspectionDeclared,
} from './inspectionEvents.ts'
import {
  InstallationInspectionDeclared,
  PipelineConstructionNotified,
  PipelineConstructionStarted,
  PipelineInUseRecorded,
  PipelinePartiesNamed,
} from './pipelineEvents.ts'

/** Every event type of the equipment/pipeline context, by name. */
export const equipmentCatalogue = {
  EquipmentRegistered,
  EquipmentTransferOffered,
  EquipmentTransferDeclined,
  EquipmentTransferWithdrawn,
  EquipmentTransferred,
  EquipmentSuspended,
  EquipmentResumed,
  EquipmentCancelled,
  InspectionResultRecorded,
  PeriodicInspectionDeclared,
  InspectionDue,
  InspectionOverdue,
  PipelineConstructionNotified,
  PipelineConstructionStarted,
  InstallationInspectionDeclared,
  PipelineInUseRecorded,
  PipelinePartiesNamed,
  EquipmentFoundInUse,
  OperationFoundPerformed,
  PipelineFoundInUse,
} as const

type Catalogue = typeof equipmentCatalogue
export type EquipmentEventType = keyof Catalogue

/** `{ type, data }` for each event type: what deciders emit and projections read. */
export type EquipmentEvent = {
  [K in EquipmentEventType]: { readonly type: K; readonly data: z.infer<Catalogue[K]['schema']> }
}[EquipmentEventType]

export type EquipmentEventOf<K extends EquipmentEventType> = Extract<EquipmentEvent, { type: K }>

export const equipmentEventTypes = Object.keys(equipmentCatalogue) as EquipmentEventType[]

export function isEquipmentEventType(type: string): type is EquipmentEventType {
  return Object.hasOwn(equipmentCatalogue, type)
}

/**
 * Lifts a stored event to the current schema (upcast from its metadata.schemaVersion) and
 * validates it. Returns undefined for a type outside this catalogue.
 */
export function parseEquipmentEvent(event: {
  type: string
  data: unknown
  metadata?: { schemaVersion?: number }
}): EquipmentEvent | undefined {
  if (!isEquipmentEventType(event.type)) return undefined
  const definition = equipmentCatalogue[event.type]
  const version = event.metadata?.schemaVersion ?? 1
  const lifted = version === definition.schemaVersion ? event.data : definition.upcast(event.data, version)
  return { type: event.type, data: definition.schema.parse(lifted) } as EquipmentEvent
}

/** Current schema version of a type, for metadata.schemaVersion when appending. */
export function schemaVersionOf(type: EquipmentEventType): number {
  return equipmentCatalogue[type].schemaVersion
}
