export { Recorded } from './Recorded.ts'
export { recordCommand, loadState } from './recordCommand.ts'
export { recordFact, factId } from './recordFact.ts'
export { commandRoute, type CommandRoute } from './commandRoute.ts'
