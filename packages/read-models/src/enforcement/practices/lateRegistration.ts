import { judgeLateRegistration } from '@gsr/domain/enforcement'
import type { Practice } from './Practice.ts'
import { identityCureKey } from './unregisteredInUseCuredByIdentity.ts'

/**
 * 1a found by the registration itself (应登未登): equipment registered after its deadline
 * (rule table registrationDeadline, carried by EquipmentRegistered) was in use unregistered
 * from the day after the deadline until the user applied or registered. Recorded resolved by
 * the registration, on its field day. Judge: judgeLateRegistration. Facts: none.
 *
 * One 1a per equipment and unregistered period: when the registration cures a field finding's
 * 1a (an open one waiting for this code, `registration:<code>`, or this nameplate,
 * unregisteredInUseCuredByIdentity.ts), the equipment's unregistered period is already counted by
 * the finding (the field evidence, seen in use on a day), resolved by this registration; the
 * registration records no second 1a. (The reverse order, a finding recorded after the late
 * registration and dated before it, is in unregisteredInUse.ts.) Runs before the cures.
 */
export const lateRegistration: Practice = {
  name: 'equipment_unregistered_or_uninspected/unregistered_in_use/late_registration',
  eventTypes: ['EquipmentRegistered'],
  cureKeysOf(event) {
    if (event.type !== 'EquipmentRegistered' || !event.data.late) return []
    const identity = identityCureKey(event.data.manufacturer, event.data.serialNumber)
    return [`registration:${event.data.registrationCode}`, ...(identity !== undefined ? [identity] : [])]
  },
  begin: (batch) => ({
    async apply({ recorded, event }) {
      if (event.type !== 'EquipmentRegistered' || !event.data.late) return
      const d = event.data
      const identity = identityCureKey(d.manufacturer, d.serialNumber)
      if (await batch.awaitsCure(`registration:${d.registrationCode}`)) return
      if (identity !== undefined && (await batch.awaitsCure(identity))) return
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
