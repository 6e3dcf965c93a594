export type * from './EventStore.ts'
export { WrongExpectedRevisionError, EventIdConflictError } from './errors.ts'
export { comparePositions, formatPosition, parsePosition, startOfLog } from './position.ts'
