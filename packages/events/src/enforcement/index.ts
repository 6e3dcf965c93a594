export * from './rectificationOrderEvents.ts'
export * from './inspectionPlanEvents.ts'
export * from './catalogue.ts'
