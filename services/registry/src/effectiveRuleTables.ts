import type { EventStore } from '@gsr/event-store'
import {
  equipmentDeciderWith,
  inspectionIntervals,
  pipelineDeciderWith,
  pipelineInUseRequiredFields,
  registrationDeadline,
} from '@gsr/domain/equipment'
import { loadRuleTable } from '@gsr/http-kit'

/**
 * The deciders over the effective rule tables: the versions in code and those an administrator
 * published (`POST /admin/rule-tables/:table/versions`), read at each decision, so a version
 * published a moment ago decides from its effective day. Publishable here:
 * `registrationDeadline`, `inspectionIntervals`, `pipelineInUseRequiredFields`.
 */
export async function effectiveEquipmentDecider(store: EventStore) {
  const [deadlines, intervals] = await Promise.all([
    loadRuleTable(store, registrationDeadline),
    loadRuleTable(store, inspectionIntervals),
  ])
  return equipmentDeciderWith({ registrationDeadline: deadlines, inspectionIntervals: intervals })
}

export async function effectivePipelineDecider(store: EventStore) {
  const [intervals, requiredFields] = await Promise.all([
    loadRuleTable(store, inspectionIntervals),
    loadRuleTable(store, pipelineInUseRequiredFields),
  ])
  return pipelineDeciderWith({ inspectionIntervals: intervals, pipelineInUseRequiredFields: requiredFields })
}
