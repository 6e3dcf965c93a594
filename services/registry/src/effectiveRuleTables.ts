import type { EventStore } from '@gsr/event-store'
import { equipmentDeciderWith, registrationDeadline } from '@gsr/domain/equipment'
import { loadRuleTable } from '@gsr/http-kit'

/**
 * The equipment decider over the effective rule tables: the versions in code and those an
 * administrator published (`POST /admin/rule-tables/:table/versions`), read at each decision, so
 * a version published a moment ago decides from its effective day. Publishable here:
 * `registrationDeadline`.
 */
export async function effectiveEquipmentDecider(store: EventStore) {
  return equipmentDeciderWith({ registrationDeadline: await loadRuleTable(store, registrationDeadline) })
}
