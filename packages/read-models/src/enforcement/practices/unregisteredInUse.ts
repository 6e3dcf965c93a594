import { judgeEquipmentFoundInUse, violationId } from '@gsr/domain/enforcement'
import type { EnforcementTables } from '../EnforcementTables.ts'
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
      const { tx } = batch
      switch (event.type) {
        case 'EquipmentRegistered': {
          const d = event.data
          await tx.query(
            `INSERT INTO enf_registrations (registration_code, event_id, stream_name, revision, registered_on, organisation_id)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (registration_code) DO NOTHING`,
            [d.registrationCode, recorded.id, recorded.streamName, recorded.revision, d.registeredOn, d.organisationId],
          )
          await batch.cure(`registration:${d.registrationCode}`, recorded)
          return
        }
        case 'EquipmentTransferred':
          await tx.query('UPDATE enf_registrations SET organisation_id = $2 WHERE registration_code = $1', [
            event.data.registrationCode,
            event.data.toOrganisationId,
          ])
          return
        case 'EquipmentCancelled':
          await tx.query(
            'UPDATE enf_registrations SET cancelled_on = $2 WHERE registration_code = $1 AND cancelled_on IS NULL',
            [event.data.registrationCode, event.data.cancelledOn],
          )
          return
        case 'EquipmentFoundInUse': {
          const d = event.data
          const { rows } = d.registrationCode
            ? await tx.query<EnforcementTables['enf_registrations']>(
                'SELECT * FROM enf_registrations WHERE registration_code = $1',
                [d.registrationCode],
              )
            : { rows: [] }
          const reg = rows[0]
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
