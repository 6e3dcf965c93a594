export { ledgerProjection, type LedgerProjectionOptions } from './ledgerProjection.ts'
export { appendLedgerEvents } from './appendLedgerEvents.ts'
export { runTsx } from './runTsx.ts'
