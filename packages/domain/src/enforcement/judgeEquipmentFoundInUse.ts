import type { ViolationFinding } from './ViolationFinding.ts'

/** Equipment an enforcement team saw in use (from a field finding). */
export interface EquipmentFoundFact {
  readonly eventId: string
  readonly findingId: string
  readonly foundOn: string
  readonly region: string
  readonly registrationCode?: string
  readonly usingOrganisationId?: string
  readonly category: string
  /** What identifies it on site without a code: the nameplate's manufacturer and serial number (出厂编号). */
  readonly manufacturer?: string
  readonly serialNumber?: string
}

/** The use registration of a code, as the log showed it when the finding was recorded. */
export interface RegistrationFact {
  readonly eventId: string
  readonly registeredOn: string
  readonly organisationId: string
  readonly cancelledOn?: string
}

/**
 * Practice 1a (应登未登): in use on the finding day without a use registration in force that
 * day (none shown, the code unknown, registered only later, or cancelled before).
 */
export function judgeEquipmentFoundInUse(
  finding: EquipmentFoundFact,
  registration: RegistrationFact | undefined,
): ViolationFinding[] {
  const lawful =
    registration !== undefined &&
    registration.registeredOn <= finding.foundOn &&
    (registration.cancelledOn === undefined || registration.cancelledOn > finding.foundOn)
  if (lawful) return []
  return [
    {
      category: 'equipment_unregistered_or_uninspected',
      subReason: 'unregistered_in_use',
      subjectKind: 'finding',
      subjectId: finding.findingId,
      organisationId: finding.usingOrganisationId ?? registration?.organisationId ?? 'unknown',
      region: finding.region,
      occurredAt: finding.foundOn,
      evidence: registration ? [finding.eventId, registration.eventId] : [finding.eventId],
      details: {
        equipmentCategory: finding.category,
        ...(finding.registrationCode ? { registrationCode: finding.registrationCode } : {}),
        ...(finding.manufacturer ? { manufacturer: finding.manufacturer } : {}),
        ...(finding.serialNumber ? { serialNumber: finding.serialNumber } : {}),
      },
    },
  ]
}

/** A later registration of the code cures the finding (the violation stays, marked resolved). */
export function registrationCures(finding: EquipmentFoundFact, registrationCode: string): boolean {
  return finding.registrationCode === registrationCode
}
