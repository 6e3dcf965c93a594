import { eventCatalogue, type CatalogueEvent } from '../defineEvent.ts'
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
import {
  EquipmentRegistrationAccepted,
  EquipmentRegistrationApplied,
  EquipmentRegistrationRefused,
  RegistrationCodeClaimed,
  RegistrationCodeReleased,
} from './registrationEvents.ts'
import {
  EquipmentFoundInUse,
  FindingLinkedToRegistration,
  OperationFoundPerformed,
  PipelineFoundInUse,
} from './fieldFindingEvents.ts'
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
  EquipmentRegistrationApplied,
  EquipmentRegistrationAccepted,
  EquipmentRegistrationRefused,
  RegistrationCodeClaimed,
  RegistrationCodeReleased,
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
  FindingLinkedToRegistration,
  OperationFoundPerformed,
  PipelineFoundInUse,
} as const
const catalogue = eventCatalogue(equipmentCatalogue)

export type EquipmentEventType = keyof typeof equipmentCatalogue

/** `{ type, data }` for each event type: what deciders emit and projections read. */
export type EquipmentEvent = CatalogueEvent<typeof equipmentCatalogue>

export type EquipmentEventOf<K extends EquipmentEventType> = Extract<EquipmentEvent, { type: K }>

export const equipmentEventTypes = catalogue.types
export const isEquipmentEventType = catalogue.isType
/** Upcast and validate; undefined for a type outside this catalogue (see eventCatalogue). */
export const parseEquipmentEvent = catalogue.parse
/** Upcast without validating (see eventCatalogue). */
export const upcastEquipmentEvent = catalogue.upcast
export const schemaVersionOf = catalogue.schemaVersionOf
