export { createEsdbEventStore, type EsdbEventStoreOptions } from './createEsdbEventStore.ts'
export {
  fromEsdbError,
  fromEsdbEvent,
  fromEsdbPosition,
  isSystemEvent,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
} from './esdbMapping.ts'
export { defaultRetryPolicy, type RetryPolicy } from './retryWhileUnreachable.ts'
