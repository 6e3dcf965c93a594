export { buildSystem, type BuildSystemOptions, type System } from './buildSystem.ts'
export { modules } from './modules.ts'
export { openDatabase } from './openDatabase.ts'
export { openEventStore } from './openEventStore.ts'
