import { judgeLateRegistration } from '@gsr/domain/enforcement'
import type { Practice } from './Practice.ts'

/**
 * 1a found by the registration itself (应登未登): equipment registered after its deadline
 * (rule table registrationDeadline, carried by EquipmentRegistered) was in use unregistered
 * from the day after the deadline until the user applied or registered. Recorded resolved by
 * the registration, on its field day. Judge: judgeLateRegistration. Facts: none.
 */
export const lateRegistration: Practice = {
  name: 'equipment_unregistered_or_uninspected/unregistered_in_use/late_registration',
  eventTypes: ['EquipmentRegistered'],
  begin: (batch) => ({
    apply({ recorded, event }) {
      if (event.type !== 'EquipmentRegistered' || !event.data.late) return
      const d = event.data
      const cureKey = `late-registration:${d.registrationCode}`
      for (const finding of judgeLateRegistration({
        eventId: recorded.id,
        registrationCode: d.registrationCode,
        category: d.category,
        organisationId: d.organisationId,
        region: d.region,
        registrationDeadline: d.registrationDeadline,
        registeredOn: d.registeredOn,
        ...(d.appliedOn ? { appliedOn: d.appliedOn } : {}),
      })) {
        batch.record(finding, recorded, batch.refsOf(recorded), cureKey)
        batch.cureFound(cureKey, recorded, () => true)
      }
    },
  }),
}
