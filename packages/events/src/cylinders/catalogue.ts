import type { z } from 'zod'
import {
  CylinderEntrusted,
  CylinderEntrustmentEnded,
  CylinderInspected,
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

/** Every event type of the gas-safety side, by name: the zod schema of its `data`. */
export const cylinderEventSchemas = {
  CylinderRegistered,
  CylinderEntrusted,
  CylinderEntrustmentEnded,
  CylinderInspected,
  CylinderScrapped,
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

export type CylinderEventType = keyof typeof cylinderEventSchemas
export type CylinderEventData<T extends CylinderEventType> = z.infer<(typeof cylinderEventSchemas)[T]>
/** A discriminated union of `{ type, data }` for deciders and projections. */
export type CylinderEvent = { [T in CylinderEventType]: { type: T; data: CylinderEventData<T> } }[CylinderEventType]

export const cylinderEventTypes = Object.keys(cylinderEventSchemas) as CylinderEventType[]

/** Current data schema version of every event type here; old versions are lifted by `upcast`. */
export const cylinderSchemaVersion = 1

/**
 * Upcasters per event type: lift `data` written under an older schemaVersion to the current
 * shape. All identity at version 1; add a step here (never edit a stored event) on change.
 */
export const cylinderUpcasters: { [T in CylinderEventType]: (data: unknown, schemaVersion: number) => unknown } =
  Object.fromEntries(cylinderEventTypes.map((type) => [type, (data: unknown) => data])) as never

export function isCylinderEventType(type: string): type is CylinderEventType {
  return Object.hasOwn(cylinderEventSchemas, type)
}

/** Upcasts then validates a stored event; throws on data the catalogue does not describe. */
export function parseCylinderEvent(event: {
  type: string
  data: unknown
  metadata?: { schemaVersion?: number }
}): CylinderEvent {
  if (!isCylinderEventType(event.type)) throw new Error(`not a cylinder-side event type: ${event.type}`)
  const lifted = cylinderUpcasters[event.type](event.data, event.metadata?.schemaVersion ?? 1)
  return { type: event.type, data: cylinderEventSchemas[event.type].parse(lifted) } as CylinderEvent
}

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

/**
 * Upcasts without validating: for projections reading events the write side validated. Use
 * parseCylinderEvent where the data's origin is not trusted.
 */
export function upcastCylinderEvent(event: {
  type: string
  data: unknown
  metadata?: { schemaVersion?: number }
}): CylinderEvent | undefined {
  if (!isCylinderEventType(event.type)) return undefined
  const data = cylinderUpcasters[event.type](event.data, event.metadata?.schemaVersion ?? 1)
  return { type: event.type, data } as CylinderEvent
}
