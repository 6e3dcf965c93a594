export * from './EnforcementTables.ts'
export { violationsProjection, violationsProjectionName, violationEventTypes } from './violationsProjection.ts'
export {
  pipelineStagesProjection,
  pipelineStagesProjectionName,
  pipelineStageEventTypes,
  evolvePipelineFacts,
  type StoredPipelineFacts,
} from './pipelineStagesProjection.ts'
export * from './listViolations.ts'
export * from './violationsCsv.ts'
export { exportViolationsCsv, violationsCsvPageSize } from './exportViolationsCsv.ts'
export * from './pipelineRates.ts'
export { regionFiguresInSql, pipelineSourceColumns, type RegionFigures } from './pipelineRatesSql.ts'
export * from './organisationSummary.ts'
export { lateReportsProjection, lateReportsProjectionName, lateReportEventTypes } from './lateReportsProjection.ts'

import { pipelineStagesProjection } from './pipelineStagesProjection.ts'
import { violationsProjection } from './violationsProjection.ts'

/** Both enforcement read models, for the projector and the launcher. */
export const enforcementProjections = [violationsProjection(), pipelineStagesProjection()]
export * from './organisationsOperatingIn.ts'
export { ratesCsv } from './ratesCsv.ts'
export { stationFillCounts } from './fillTraceability.ts'
export {
  rectificationOrdersProjection,
  rectificationOrdersProjectionName,
  evolveRectificationOrder,
  type RectificationOrderRow,
  type RectificationOrderTables,
} from './rectificationOrdersProjection.ts'
export * from './rectificationOrderQueries.ts'
export * from './riskSignals.ts'
export {
  supervisionInspectionsProjection,
  supervisionInspectionsProjectionName,
  evolveSupervisionInspection,
  type SupervisionInspectionRow,
  type SupervisionInspectionTables,
} from './supervisionInspectionsProjection.ts'
export * from './supervisionInspectionQueries.ts'
export { rectificationOrderOverdueSource } from './rectificationOrderOverdueSource.ts'
export { penaltyCaseOverdueSource } from './penaltyCaseOverdueSource.ts'
export {
  penaltyCasesProjection,
  penaltyCasesProjectionName,
  evolvePenaltyCase,
  fenOf,
  type PenaltyCaseRow,
  type PenaltyCaseTables,
  type CaseReferralRecord,
} from './penaltyCasesProjection.ts'
export * from './penaltyCaseQueries.ts'
export { penaltyCasesCsv, yuanOf } from './penaltyCasesCsv.ts'
export {
  complaintsProjection,
  complaintsProjectionName,
  evolveComplaint,
  subjectKeysOf,
  type ComplaintRow,
  type ComplaintTables,
} from './complaintsProjection.ts'
export * from './complaintQueries.ts'
export { complaintsCsv } from './complaintsCsv.ts'
export { rectificationOrdersCsv } from './rectificationOrdersCsv.ts'
export {
  inspectionPlansProjection,
  inspectionPlansProjectionName,
  evolveInspectionPlan,
  listInspectionPlans,
  type InspectionPlanRow,
  type InspectionPlanTables,
} from './inspectionPlansProjection.ts'
