export { registryService } from './registryService.ts'
export {
  createInspectionScheduler,
  type InspectionScheduler,
  type InspectionSchedulerOptions,
  type InspectionSchedulerRules,
  type SchedulerRunResult,
} from './createInspectionScheduler.ts'
export { startInspectionScheduler, type RunningScheduler } from './startInspectionScheduler.ts'
export {
  importRegister,
  type ImportKind,
  type ImportProgress,
  type ImportReport,
  type RowError,
} from './import/importRegister.ts'
export { equipmentCsvColumns, pipelineCsvColumns } from './import/registerCsvRows.ts'
