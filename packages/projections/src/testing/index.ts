export { ledgerProjection, type LedgerProjectionOptions } from './ledgerProjection.ts'
export { appendLedgerEvents } from './appendLedgerEvents.ts'
