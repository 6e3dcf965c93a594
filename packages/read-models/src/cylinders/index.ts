export { cylinderRegisterProjection } from './cylinderRegisterProjection.ts'
export { cylinderRegisterMigrations, type CylinderRegisterTables } from './cylinderRegisterTables.ts'
export { operatorRegisterProjection, type OperatorRegisterTables } from './operatorRegisterProjection.ts'
export { applianceRegisterProjection, type ApplianceRegisterTables } from './applianceRegisterProjection.ts'
export { loadPrefillFacts, prefillFactsStatement, type PrefillFacts } from './prefillFacts.ts'
export {
  getCylinder,
  listCylinders,
  cylinderTrace,
  type CylinderView,
  type ListCylindersQuery,
  type TraceEntry,
} from './cylinderQueries.ts'
export { fillsByStationAndDay, fillCursor, dailyFillSummary, type FillView } from './fillQueries.ts'
export {
  listOperatorCertificates,
  operatorValidityAt,
  type OperatorCertificateView,
  type OperatorValidity,
} from './operatorQueries.ts'
export {
  listApplianceCertificates,
  getApplianceCertificate,
  listApplianceRecords,
  listSpotChecks,
  type ApplianceCertificateView,
  type ApplianceRecordView,
} from './applianceQueries.ts'
export { cylinderDueDateSource } from './cylinderDueDateSource.ts'

import { gasSafetyProjection } from './gasSafetyProjection.ts'

export { gasSafetyProjection }

/** The read models of the gas-safety side (cylinders, operators, CCC), as one projection. */
export const cylinderProjections = [gasSafetyProjection]
