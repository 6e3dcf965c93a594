import { equipmentIdentityKey } from '@gsr/domain/equipment'
import type { Practice } from './Practice.ts'

/** What a registration of this nameplate (manufacturer, serial number) cures; undefined unless both are known. */
export function identityCureKey(
  manufacturer: string | undefined,
  serialNumber: string | undefined,
): string | undefined {
  const key = equipmentIdentityKey(manufacturer, serialNumber)
  return key === undefined ? undefined : `identity:${key}`
}

/**
 * 1a cured by identity: equipment found in use with no registration code, its nameplate read
 * (manufacturer and serial number, 出厂编号), is the same equipment as a later registration of
 * that pair, whatever code the registration authority issued. The registration cures the
 * finding's violation (recorded by unregisteredInUse.ts with this cure key), resolved on the
 * registration's field day (its occurredAt). Facts: none (the cure key is the violation's).
 */
export const unregisteredInUseCuredByIdentity: Practice = {
  name: 'equipment_unregistered_or_uninspected/unregistered_in_use/cured_by_identity',
  eventTypes: ['EquipmentRegistered'],
  begin: (batch) => ({
    apply({ recorded, event }) {
      if (event.type !== 'EquipmentRegistered') return
      const key = identityCureKey(event.data.manufacturer, event.data.serialNumber)
      if (key !== undefined) batch.cure(key, recorded)
    },
  }),
}
