import { addDays, daysBetween } from '../calendar.ts'
import type { ViolationFinding } from './ViolationFinding.ts'

/** A use registration as recorded (EquipmentRegistered), with the deadline the rule table gave it. */
export interface RegistrationRecord {
  readonly eventId: string
  readonly registrationCode: string
  readonly category: string
  readonly organisationId: string
  readonly region: string
  /** From registrationDeadline (packages/domain/src/equipment/registrationDeadline.ts). */
  readonly registrationDeadline: string
  readonly registeredOn: string
  /** The day the user applied, when the registration came from an application. */
  readonly appliedOn?: string
}

/**
 * Practice 1a (应登未登) found by the registration itself: equipment registered after its
 * deadline was in use unregistered from the day after the deadline until the user applied (or,
 * without an application, registered). The violation is over when it is found: the practice
 * records it resolved by the registration.
 */
export function judgeLateRegistration(registration: RegistrationRecord): ViolationFinding[] {
  const until = registration.appliedOn ?? registration.registeredOn
  if (until <= registration.registrationDeadline) return []
  const from = addDays(registration.registrationDeadline, 1)
  return [
    {
      category: 'equipment_unregistered_or_uninspected',
      subReason: 'unregistered_in_use',
      subjectKind: 'equipment',
      subjectId: registration.registrationCode,
      organisationId: registration.organisationId,
      region: registration.region,
      occurredAt: from,
      evidence: [registration.eventId],
      details: {
        equipmentCategory: registration.category,
        registrationCode: registration.registrationCode,
        registrationDeadline: registration.registrationDeadline,
        unregisteredFrom: from,
        unregisteredUntil: until,
        daysUnregistered: daysBetween(registration.registrationDeadline, until),
      },
    },
  ]
}
