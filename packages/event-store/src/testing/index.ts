export { eventStoreContract, newEvent, uniqueStream, contractMetadata } from './eventStoreContract.ts'
