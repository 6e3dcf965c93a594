import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { EquipmentAttributes, EquipmentCategory, EquipmentIdentity } from './EquipmentCategory.ts'
import { RuleRef } from './RuleRef.ts'

/** Stream `equipment-<registrationCode>`: one per registered piece of equipment. */
export const RegistrationCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/, 'letters, digits and dashes, 3-64 characters')
  .describe('use registration code (使用登记证编号), unique across the system')

export const equipmentStreamName = (registrationCode: string): string => `equipment-${registrationCode}`

const owned = {
  registrationCode: RegistrationCode,
  category: EquipmentCategory,
  organisationId: OrganisationId,
  region: RegionCode,
}

/** 使用登记证编号: issued by the registration authority (登记机关) with the registration code. */
export const CertificateNumber = z
  .string()
  .min(1)
  .max(64)
  .describe('use registration certificate number (使用登记证编号), issued by the registration authority')

const EquipmentRegisteredV2 = z.strictObject({
  ...owned,
  location: z.string().min(1).max(512),
  attributes: EquipmentAttributes,
  ...EquipmentIdentity,
  putIntoServiceDate: IsoDate,
  registeredOn: IsoDate,
  registrationDeadline: IsoDate,
  late: z.boolean(),
  registrationDeadlineRule: RuleRef,
  /**
   * Next periodic inspection: from the interval rule table (after the stated last inspection,
   * or the put-into-service date), or from an authority's register being imported.
   */
  nextInspectionDue: IsoDate,
  nextInspectionDueRule: RuleRef.optional(),
  /** The last inspection as the user stated it: unconfirmed until an agency records a result. */
  statedLastInspection: z.strictObject({ date: IsoDate, reportNumber: z.string().min(1).max(128) }).optional(),
  /** The application this registration accepted (`registration-<applicationId>`), when applied for. */
  applicationId: z.string().min(1).max(64).optional(),
  /** The day the user applied: what `late` is judged by when there was an application. */
  appliedOn: IsoDate.optional(),
  certificateNumber: CertificateNumber.optional(),
})

/**
 * Version 1 kept the manufacturer and its serial number (出厂编号) among the category
 * attributes, where an empty string could stand for "unknown". Version 2 lifts them to the
 * registration's identity, present only when known: what a field finding is matched by.
 */
export function equipmentRegisteredFromV1(data: unknown, fromVersion: number): unknown {
  if (fromVersion !== 1) throw new Error(`EquipmentRegistered: no upcaster from version ${fromVersion}`)
  const v1 = data as { attributes?: Record<string, unknown> }
  const { manufacturer, serialNumber, ...attributes } = v1.attributes ?? {}
  const known = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
  return {
    ...v1,
    attributes,
    ...(known(manufacturer) ? { manufacturer } : {}),
    ...(known(serialNumber) ? { serialNumber } : {}),
  }
}

/**
 * 使用登记: the registration of a piece of equipment under its code. `late` when the user applied
 * (or, without an application, registered) after the rule table's deadline after its
 * putIntoServiceDate. Recorded when the registration authority accepts an application (or the
 * automatic acceptance policy does, `EquipmentRegistrationAccepted`), or when a registration
 * the authority issued earlier is transcribed (POST /equipment, the register import).
 */
export const EquipmentRegistered = defineEvent('EquipmentRegistered', EquipmentRegisteredV2, {
  schemaVersion: 2,
  upcast: equipmentRegisteredFromV1,
})

/**
 * The owner offers the equipment to another organisation (过户申请). Nothing moves until the
 * recipient accepts (EquipmentTransferred); the owner may withdraw, the recipient decline.
 */
export const EquipmentTransferOffered = defineEvent(
  'EquipmentTransferOffered',
  z.strictObject({
    ...owned,
    toOrganisationId: OrganisationId,
    toRegion: RegionCode,
    location: z.string().min(1).max(512),
    offeredOn: IsoDate,
  }),
)

/** The recipient declined the pending offer: the equipment stays with its owner. */
export const EquipmentTransferDeclined = defineEvent(
  'EquipmentTransferDeclined',
  z.strictObject({ ...owned, toOrganisationId: OrganisationId, declinedOn: IsoDate }),
)

/** The owner withdrew the pending offer before it was accepted. */
export const EquipmentTransferWithdrawn = defineEvent(
  'EquipmentTransferWithdrawn',
  z.strictObject({ ...owned, toOrganisationId: OrganisationId, withdrawnOn: IsoDate }),
)

/**
 * The equipment changed hands (过户/移装): the new organisation and region own it from now.
 * Recorded when the recipient accepts an offer (EquipmentTransferOffered); older logs hold
 * transfers recorded by the owner alone, which keep their meaning.
 */
export const EquipmentTransferred = defineEvent(
  'EquipmentTransferred',
  z.strictObject({
    registrationCode: RegistrationCode,
    category: EquipmentCategory,
    fromOrganisationId: OrganisationId,
    fromRegion: RegionCode,
    toOrganisationId: OrganisationId,
    toRegion: RegionCode,
    location: z.string().min(1).max(512),
    transferredOn: IsoDate,
  }),
)

/** 停用: no use, no periodic inspection while suspended. */
export const EquipmentSuspended = defineEvent(
  'EquipmentSuspended',
  z.strictObject({ ...owned, suspendedOn: IsoDate, reason: z.string().min(1).max(1024) }),
)

export const EquipmentResumed = defineEvent('EquipmentResumed', z.strictObject({ ...owned, resumedOn: IsoDate }))

/** 注销: final. The code stays taken (the stream exists). */
export const EquipmentCancelled = defineEvent(
  'EquipmentCancelled',
  z.strictObject({ ...owned, cancelledOn: IsoDate, reason: z.string().min(1).max(1024) }),
)
