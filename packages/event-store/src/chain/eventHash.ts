import { createHash } from 'node:crypto'
import type { EventMetadata } from '../EventStore.ts'
import { canonicalJson } from './canonicalJson.ts'

/** The predecessor of a stream's first event: 32 zero bytes. */
export const genesisHash = '0'.repeat(64)

/** What an event's link covers: where it is (stream, revision) and everything it says. */
export interface ChainedContent {
  readonly streamName: string
  readonly revision: number
  readonly id: string
  readonly type: string
  readonly data: unknown
  readonly metadata: EventMetadata
}

/** The canonical form of an event: the text both SQL (`jsonb_build_object(...)::text`) and this code hash. */
export function canonicalEvent(event: ChainedContent): string {
  return canonicalJson({
    stream: event.streamName,
    revision: event.revision,
    id: event.id.toLowerCase(),
    type: event.type,
    data: event.data ?? null,
    metadata: event.metadata,
  })
}

/** SHA-256 of an event's canonical form (UTF-8), hex: what its link commits to. */
export function contentDigest(event: ChainedContent): string {
  return createHash('sha256').update(canonicalEvent(event), 'utf8').digest('hex')
}

/**
 * An event's link in its stream's chain: SHA-256 over the predecessor's hash (32 bytes) then
 * the SHA-256 of the event's canonical form. Hex. Same as es_event_link in eventStoreMigrations.
 * Linking the content's digest, not the content, lets a proof step over later events of the
 * stream by their digests alone, without disclosing them.
 */
export function linkHash(previousHash: string, event: ChainedContent): string {
  return linkDigest(previousHash, contentDigest(event))
}

/** The link from a predecessor's hash and a content digest (both hex). */
export function linkDigest(previousHash: string, digest: string): string {
  return createHash('sha256').update(Buffer.from(previousHash, 'hex')).update(Buffer.from(digest, 'hex')).digest('hex')
}

/** Links of consecutive events of one stream, starting after `previousHash`. */
export function chainHashes(previousHash: string, events: readonly ChainedContent[]): string[] {
  let previous = previousHash
  return events.map((event) => (previous = linkHash(previous, event)))
}

/**
 * The links of a stream's events read from its start: each event's recorded hash, or, for an
 * event recorded before the store chained (no hash), the link computed for it. Used where a
 * legacy prefix is chained implicitly (EventStoreDB, whose events never change).
 */
export function implicitChain(events: readonly (ChainedContent & { readonly hash?: string })[]): string[] {
  let previous = genesisHash
  return events.map((event) => (previous = event.hash ?? linkHash(previous, event)))
}
