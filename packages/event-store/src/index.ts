export type * from './EventStore.ts'
export { WrongExpectedRevisionError, EventIdConflictError } from './errors.ts'
export { comparePositions, formatPosition, parsePosition, startOfLog } from './position.ts'
export { newEventId } from './newEventId.ts'
export { waitForPosition } from './waitForPosition.ts'
export { subscribeByPolling, type PollingSubscriptionOptions } from './subscribeByPolling.ts'
export {
  handleCommand,
  type CommandDecider,
  type DecidedEvent,
  type HandleCommandOptions,
  type HandleCommandResult,
} from './handleCommand.ts'
export {
  appendStatement,
  createPostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/createPostgresEventStore.ts'
export { eventStoreMigrations } from './postgres/eventStoreMigrations.ts'
export { canonicalJson } from './chain/canonicalJson.ts'
export {
  canonicalEvent,
  chainHashes,
  genesisHash,
  implicitChain,
  linkHash,
  type ChainedContent,
} from './chain/eventHash.ts'
