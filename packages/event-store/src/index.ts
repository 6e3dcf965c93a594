export type * from './EventStore.ts'
export { WrongExpectedRevisionError, EventIdConflictError, EventStoreUnavailableError } from './errors.ts'
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
  type StoreGroupCommitOptions,
} from './postgres/createPostgresEventStore.ts'
export { eventStoreMigrations } from './postgres/eventStoreMigrations.ts'
export { canonicalJson } from './chain/canonicalJson.ts'
export {
  canonicalEvent,
  chainHashes,
  contentDigest,
  linkDigest,
  genesisHash,
  implicitChain,
  linkHash,
  type ChainedContent,
} from './chain/eventHash.ts'
export { ChainBrokenError, ChainWalker, describeBreak, type ChainBreak } from './chain/ChainWalker.ts'
export {
  headLeaf,
  merkleProof,
  merkleRoot,
  rootOfProof,
  sortHeads,
  type ProofStep,
  type StreamHead,
} from './chain/merkle.ts'
export { anchorMigrations } from './anchors/anchorMigrations.ts'
export {
  anchorKeyFileName,
  anchorSignatureProblem,
  loadAnchorKey,
  publicKeyText,
  signAnchor,
  type AnchorStatement,
  type SignedAnchor,
} from './anchors/anchorSigning.ts'
export {
  AnchorRaceError,
  anchoredHeads,
  eventsBetween,
  latestAnchor,
  listAnchors,
  recordAnchor,
  type AnchorResult,
} from './anchors/anchorLog.ts'
export { verifyLog, type VerifyLogOptions, type VerifyLogReport } from './anchors/verifyLog.ts'
export { startAnchoring, type RunningAnchoring } from './anchors/startAnchoring.ts'
export {
  NotAnchoredError,
  proveEvents,
  verifyEvidenceProof,
  type EvidenceProof,
  type ProvenEvent,
} from './anchors/evidenceBundle.ts'
