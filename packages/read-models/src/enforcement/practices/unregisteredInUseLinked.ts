import { chinaStartOfDay } from '@gsr/domain'
import { violationId } from '@gsr/domain/enforcement'
import type { RecordedEvent } from '@gsr/event-store'
import type { Practice } from './Practice.ts'

/**
 * 1a cured by a link: the enforcement team of the finding's region links an "equipment found in
 * use" finding to the registration of the equipment it saw (FindingLinkedToRegistration; the
 * code was not shown or was misread). The finding's violation is resolved by the link, on the
 * registration's field day: the day the equipment stopped being unregistered (a registration
 * older than the finding means it never was). Facts: `enf_registrations` (unregisteredInUse.ts).
 */
export const unregisteredInUseLinked: Practice = {
  name: 'equipment_unregistered_or_uninspected/unregistered_in_use/linked',
  eventTypes: ['FindingLinkedToRegistration'],
  begin: (batch) => {
    const links: { id: string; by: RecordedEvent }[] = []
    return {
      apply({ recorded, event }) {
        if (event.type !== 'FindingLinkedToRegistration') return
        const registeredOn = batch.registrations.get(event.data.registrationCode)?.registered_on
        if (registeredOn === undefined) return
        const id = violationId({
          category: 'equipment_unregistered_or_uninspected',
          subReason: 'unregistered_in_use',
          subjectKind: 'finding',
          subjectId: event.data.findingId,
        })
        const by = { ...recorded, metadata: { ...recorded.metadata, occurredAt: chinaStartOfDay(registeredOn) } }
        links.push({ id, by })
      },
      // After the batch's violations are written: the finding may be in this very batch.
      async end() {
        for (const { id, by } of links) await batch.resolve([id], by)
      },
    }
  },
}
