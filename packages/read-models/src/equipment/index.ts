export type * from './EquipmentReadModelDB.ts'
export { equipmentRegisterProjection, evolveEquipmentRow } from './equipmentRegisterProjection.ts'
export { pipelineRegisterProjection, evolvePipelineRow } from './pipelineRegisterProjection.ts'
export { inspectionHistoryProjection } from './inspectionHistoryProjection.ts'
export { pipelineMissingStages } from './pipelineLifecycleGaps.ts'
export * from './equipmentQueries.ts'
export * from './cursor.ts'
export { equipmentDueDateSource, pipelineDueDateSource } from './equipmentDueDateSources.ts'
export { awaitVisibleAppends } from './awaitVisibleAppends.ts'

import { equipmentRegisterProjection } from './equipmentRegisterProjection.ts'
import { inspectionHistoryProjection } from './inspectionHistoryProjection.ts'
import { pipelineRegisterProjection } from './pipelineRegisterProjection.ts'

export const equipmentProjections = [
  equipmentRegisterProjection,
  pipelineRegisterProjection,
  inspectionHistoryProjection,
]
