export {
  eventStoreContract,
  newEvent,
  uniqueStream,
  contractMetadata,
  type ContractOptions,
} from './eventStoreContract.ts'
export { readAllUntil } from './readAllUntil.ts'
export { waitUntilReadable } from './waitUntilReadable.ts'
