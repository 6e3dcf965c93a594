import { judgeEquipmentFoundInUse, violationId } from '@gsr/domain/enforcement'
import type { Practice } from './Practice.ts'
import { identityCureKey } from './unregisteredInUseCuredByIdentity.ts'

/**
 * 1a Equipment found in use without a use registration (未办理使用登记即投入使用).
 * Facts: `enf_registrations` (one row per registration code: when, whose, cancelled when).
 * Judge: judgeEquipmentFoundInUse. Cure: a registration of the code recorded later, or of the
 * nameplate's identity when no code was shown. One 1a per equipment and unregistered period: a
 * finding dated before a late registration already in the log is counted by that registration's
 * 1a (lateRegistration.ts), not a second time.
 */
export const unregisteredInUse: Practice = {
  name: 'equipment_unregistered_or_uninspected/unregistered_in_use',
  eventTypes: ['EquipmentRegistered', 'EquipmentTransferred', 'EquipmentCancelled', 'EquipmentFoundInUse'],
  begin: (batch) => ({
    async apply({ recorded, event }) {
      const { registrations } = batch
      switch (event.type) {
        case 'EquipmentRegistered': {
          const d = event.data
          // The first registration of a code stands (a replayed or repeated one changes nothing).
          if (!registrations.get(d.registrationCode))
            registrations.set(d.registrationCode, {
              registration_code: d.registrationCode,
              event_id: recorded.id,
              stream_name: recorded.streamName,
              revision: recorded.revision,
              registered_on: d.registeredOn,
              organisation_id: d.organisationId,
              cancelled_on: null,
            })
          batch.cure(`registration:${d.registrationCode}`, recorded)
          return
        }
        case 'EquipmentTransferred': {
          const row = registrations.get(event.data.registrationCode)
          if (row) registrations.set(row.registration_code, { ...row, organisation_id: event.data.toOrganisationId })
          return
        }
        case 'EquipmentCancelled': {
          const row = registrations.get(event.data.registrationCode)
          if (row && row.cancelled_on === null)
            registrations.set(row.registration_code, { ...row, cancelled_on: event.data.cancelledOn })
          return
        }
        case 'EquipmentFoundInUse': {
          const d = event.data
          const reg = d.registrationCode ? registrations.get(d.registrationCode) : undefined
          // One 1a per equipment and unregistered period: found on a day before a registration
          // already in the log, in the period that registration's own late 1a counts
          // (lateRegistration.ts), the finding adds none.
          if (
            reg &&
            d.foundOn < reg.registered_on &&
            (await batch.exists(
              violationId({
                category: 'equipment_unregistered_or_uninspected',
                subReason: 'unregistered_in_use',
                subjectKind: 'equipment',
                subjectId: reg.registration_code,
              }),
            ))
          )
            return
          const refs = batch.refsOf(recorded)
          if (reg)
            refs.set(reg.event_id, {
              eventId: reg.event_id,
              streamName: reg.stream_name,
              revision: reg.revision,
              type: 'EquipmentRegistered',
            })
          const findings = judgeEquipmentFoundInUse(
            {
              eventId: recorded.id,
              findingId: d.findingId,
              foundOn: d.foundOn,
              region: d.region,
              category: d.category,
              ...(d.registrationCode ? { registrationCode: d.registrationCode } : {}),
              ...(d.usingOrganisationId ? { usingOrganisationId: d.usingOrganisationId } : {}),
              ...(d.manufacturer ? { manufacturer: d.manufacturer } : {}),
              ...(d.serialNumber ? { serialNumber: d.serialNumber } : {}),
            },
            reg && {
              eventId: reg.event_id,
              registeredOn: reg.registered_on,
              organisationId: reg.organisation_id,
              ...(reg.cancelled_on ? { cancelledOn: reg.cancelled_on } : {}),
            },
          )
          // Only a registration not yet in the log can cure it: of the code shown (then unknown),
          // or, with no code, of the nameplate's manufacturer and serial number
          // (unregisteredInUseCuredByIdentity.ts); a team may also link it (unregisteredInUseLinked.ts).
          const curable = d.registrationCode
            ? reg
              ? undefined
              : `registration:${d.registrationCode}`
            : identityCureKey(d.manufacturer, d.serialNumber)
          for (const f of findings) batch.record(f, recorded, refs, curable)
          return
        }
        default:
          return
      }
    },
  }),
}
