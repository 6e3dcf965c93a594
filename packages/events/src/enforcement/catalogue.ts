import { eventCatalogue, type CatalogueEvent } from '../defineEvent.ts'
import {
  RectificationOrderDelivered,
  RectificationOrderEscalated,
  RectificationOrderIssued,
  RectificationOrderRechecked,
} from './rectificationOrderEvents.ts'
import { InspectionPlanCommitted, InspectionPlanDrawn } from './inspectionPlanEvents.ts'
import { RectificationOrderOverdue } from './rectificationOrderOverdueEvents.ts'
import { InspectionAssigned, SupervisionInspectionRecorded } from './supervisionInspectionEvents.ts'
import {
  PenaltyCaseClosed,
  PenaltyCaseDecided,
  PenaltyCaseDropped,
  PenaltyCaseExtended,
  PenaltyCaseInvestigated,
  PenaltyCaseOpened,
  PenaltyCaseOverdue,
  PenaltyCasePoliceReceiptRecorded,
  PenaltyCaseReferredToPolice,
} from './penaltyCaseEvents.ts'
import {
  ComplaintAccepted,
  ComplaintAssigned,
  ComplaintHandled,
  ComplaintReceived,
  ComplaintReplied,
  ComplaintSatisfactionRecorded,
  ComplaintTransferRefused,
  ComplaintVerified,
} from './complaintEvents.ts'

/** The enforcement workflows' event types (issue 17): rectification orders, inspections, penalty cases, complaints. */
export const enforcementCatalogue = {
  RectificationOrderIssued,
  RectificationOrderDelivered,
  RectificationOrderRechecked,
  RectificationOrderEscalated,
  InspectionPlanCommitted,
  InspectionPlanDrawn,
  RectificationOrderOverdue,
  SupervisionInspectionRecorded,
  InspectionAssigned,
  PenaltyCaseOpened,
  PenaltyCaseInvestigated,
  PenaltyCaseExtended,
  PenaltyCaseDecided,
  PenaltyCaseClosed,
  PenaltyCaseDropped,
  PenaltyCaseReferredToPolice,
  PenaltyCasePoliceReceiptRecorded,
  PenaltyCaseOverdue,
  ComplaintReceived,
  ComplaintAssigned,
  ComplaintTransferRefused,
  ComplaintAccepted,
  ComplaintHandled,
  ComplaintReplied,
  ComplaintSatisfactionRecorded,
  ComplaintVerified,
}

const catalogue = eventCatalogue(enforcementCatalogue)

export type EnforcementEventType = keyof typeof enforcementCatalogue
export type EnforcementEvent = CatalogueEvent<typeof enforcementCatalogue>
export type EnforcementEventOf<T extends EnforcementEventType> = Extract<EnforcementEvent, { type: T }>

export const enforcementEventTypes = catalogue.types
export const isEnforcementEventType = catalogue.isType
/** Upcast and validate; undefined for a type outside this catalogue (see eventCatalogue). */
export const parseEnforcementEvent = catalogue.parse
export const upcastEnforcementEvent = catalogue.upcast
export const enforcementSchemaVersionOf = catalogue.schemaVersionOf
