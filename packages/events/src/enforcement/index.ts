export * from './rectificationOrderEvents.ts'
export * from './penaltyCaseEvents.ts'
export * from './catalogue.ts'
