export * from './ruleTableEvents.ts'
export * from './catalogue.ts'
