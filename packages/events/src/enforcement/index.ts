export * from './rectificationOrderEvents.ts'
export * from './catalogue.ts'
export * from './rectificationOrderOverdueEvents.ts'
export * from './supervisionInspectionEvents.ts'
