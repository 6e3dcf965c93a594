import type { z } from 'zod'
import { eventCatalogue, type CatalogueEvent } from '../defineEvent.ts'
import {
  CylinderEntrusted,
  CylinderEntrustmentEnded,
  CylinderInspected,
  CylinderMarkedRefurbished,
  CylinderRegistered,
  CylinderScrapped,
} from './cylinderEvents.ts'
import { CylinderFillChecked, CylinderFilled } from './fillEvents.ts'
import {
  OperatorCertificateIssued,
  OperatorCertificateReinstated,
  OperatorCertificateRenewed,
  OperatorCertificateRevoked,
  OperatorCertificateSuspended,
} from './operatorEvents.ts'
import {
  ApplianceCertificateIssued,
  ApplianceCertificateReinstated,
  ApplianceCertificationFailed,
  ApplianceProductionRecorded,
  ApplianceSaleRecorded,
  ApplianceSpotChecked,
} from './applianceEvents.ts'

/** Every event type of the gas-safety side, by name. */
export const cylinderCatalogue = {
  CylinderRegistered,
  CylinderEntrusted,
  CylinderEntrustmentEnded,
  CylinderInspected,
  CylinderScrapped,
  CylinderMarkedRefurbished,
  CylinderFillChecked,
  CylinderFilled,
  OperatorCertificateIssued,
  OperatorCertificateSuspended,
  OperatorCertificateReinstated,
  OperatorCertificateRevoked,
  OperatorCertificateRenewed,
  ApplianceCertificateIssued,
  ApplianceCertificationFailed,
  ApplianceCertificateReinstated,
  ApplianceProductionRecorded,
  ApplianceSaleRecorded,
  ApplianceSpotChecked,
} as const
const catalogue = eventCatalogue(cylinderCatalogue)

export type CylinderEventType = keyof typeof cylinderCatalogue
export type CylinderEventData<T extends CylinderEventType> = z.infer<(typeof cylinderCatalogue)[T]['schema']>
/** A discriminated union of `{ type, data }` for deciders and projections. */
export type CylinderEvent = CatalogueEvent<typeof cylinderCatalogue>

export const cylinderEventTypes = catalogue.types
export const isCylinderEventType = catalogue.isType
/** Upcast and validate; undefined for a type outside this catalogue (see eventCatalogue). */
export const parseCylinderEvent = catalogue.parse
/** Upcast without validating, for projections reading what the write path validated. */
export const upcastCylinderEvent = catalogue.upcast
export const cylinderSchemaVersionOf = catalogue.schemaVersionOf

/** Stream names: one stream per aggregate. */
export const cylinderStreams = {
  cylinder: (code: string) => `cylinder-${code}`,
  fillCheck: (checkId: string) => `fillcheck-${checkId}`,
  fill: (fillId: string) => `fill-${fillId}`,
  operator: (personId: string) => `operator-${personId}`,
  certificate: (certificateNo: string) => `certificate-${certificateNo}`,
  production: (recordId: string) => `appliance-production-${recordId}`,
  sale: (recordId: string) => `appliance-sale-${recordId}`,
  spotCheck: (checkId: string) => `spot-check-${checkId}`,
}
