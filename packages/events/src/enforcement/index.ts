export * from './rectificationOrderEvents.ts'
export * from './catalogue.ts'
