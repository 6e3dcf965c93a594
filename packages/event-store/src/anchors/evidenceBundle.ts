import type { SqlClient } from '@gsr/db'
import { contentDigest, genesisHash, linkDigest } from '../chain/eventHash.ts'
import { merkleProof, rootOfProof, type ProofStep, type StreamHead } from '../chain/merkle.ts'
import type { EventStore, EventMetadata, GlobalPosition } from '../EventStore.ts'
import { anchoredHeads, latestAnchor } from './anchorLog.ts'
import { anchorSignatureProblem, type SignedAnchor } from './anchorSigning.ts'

/** One event as a bundle carries it, with the proof that ties it to the anchor. */
export interface ProvenEvent {
  readonly event: {
    readonly streamName: string
    readonly revision: number
    readonly id: string
    readonly type: string
    readonly data: unknown
    readonly metadata: EventMetadata
    readonly recordedAt: string
    readonly position: GlobalPosition
  }
  /** The link of the event before it in its stream (genesis for revision 0). */
  readonly previousHash: string
  /** The event's own link, as recorded. */
  readonly hash: string
  /** Content digests of the stream's later events up to its head at the anchor, in order. */
  readonly laterDigests: readonly string[]
  /** The stream's head at the anchor and the Merkle path from it to the anchor's root. */
  readonly head: StreamHead
  readonly steps: readonly ProofStep[]
}

/** What `verify-bundle` checks offline: the events, each proven up to one signed anchor. */
export interface EvidenceProof {
  readonly format: 'gsr-evidence-proof/1'
  readonly anchor: SignedAnchor
  readonly events: readonly ProvenEvent[]
}

export class NotAnchoredError extends Error {
  override readonly name = 'NotAnchoredError'
}

/**
 * Proofs for these events up to the latest anchor: each event, its predecessor's link, the
 * digests of its stream's later events up to the anchored head, and the Merkle path from that
 * head to the signed root. Events recorded after the latest anchor cannot be proven yet
 * (NotAnchoredError: record an anchor first).
 */
export async function proveEvents(
  store: EventStore,
  sql: SqlClient,
  refs: readonly { readonly streamName: string; readonly revision: number }[],
): Promise<EvidenceProof> {
  const anchor = await latestAnchor(sql)
  if (!anchor) throw new NotAnchoredError('no anchor recorded yet')
  const heads = await anchoredHeads(sql, anchor.statement.sequence)
  const byStream = new Map(heads.map((h) => [h.streamName, h]))
  const events: ProvenEvent[] = []
  for (const ref of refs) {
    const head = byStream.get(ref.streamName)
    if (!head || head.revision < ref.revision)
      throw new NotAnchoredError(
        `${ref.streamName} revision ${ref.revision} is not covered by anchor ${anchor.statement.sequence}`,
      )
    const from = Math.max(ref.revision - 1, 0)
    const read = await store.readStream(ref.streamName, { fromRevision: from, maxCount: head.revision - from + 1 })
    const event = read.find((e) => e.revision === ref.revision)
    const previous = read.find((e) => e.revision === ref.revision - 1)
    if (!event?.hash || (ref.revision > 0 && !previous?.hash))
      throw new Error(`${ref.streamName} revision ${ref.revision}: not found with its chain in the store`)
    const { steps } = merkleProof(heads, ref.streamName)
    events.push({
      event: {
        streamName: event.streamName,
        revision: event.revision,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt.toISOString(),
        position: event.position,
      },
      previousHash: previous?.hash ?? genesisHash,
      hash: event.hash,
      laterDigests: read.filter((e) => e.revision > ref.revision).map(contentDigest),
      head,
      steps,
    })
  }
  return { format: 'gsr-evidence-proof/1', anchor, events }
}

/**
 * Checks a proof without any database: the anchor's signature (by a trusted key when any are
 * given), and for every event that its content, linked to its predecessor and stepped through
 * the later digests, is the anchored head, whose Merkle path leads to the signed root. Returns
 * the problems, each naming its event; none means the proof holds.
 */
export function verifyEvidenceProof(proof: EvidenceProof, trustedKeys?: readonly string[]): string[] {
  const problems: string[] = []
  if (proof.format !== 'gsr-evidence-proof/1') return [`not an evidence proof (format ${String(proof.format)})`]
  const signature = anchorSignatureProblem(proof.anchor, trustedKeys ?? [proof.anchor.publicKey])
  if (signature) problems.push(`anchor ${proof.anchor.statement.sequence}: ${signature}`)
  for (const proven of proof.events) {
    const { event } = proven
    const name = `event ${event.id} (stream ${event.streamName}, revision ${event.revision}, ${event.type})`
    let link = linkDigest(proven.previousHash, contentDigest(event))
    if (link !== proven.hash) {
      problems.push(`${name}: its content does not match its hash (changed after it was recorded)`)
      continue
    }
    for (const digest of proven.laterDigests) link = linkDigest(link, digest)
    if (
      proven.head.streamName !== event.streamName ||
      proven.head.revision !== event.revision + proven.laterDigests.length ||
      proven.head.hash !== link
    ) {
      problems.push(`${name}: its chain does not lead to the stream's anchored head`)
      continue
    }
    if (rootOfProof(proven.head, proven.steps) !== proof.anchor.statement.root)
      problems.push(`${name}: its stream's head is not under anchor ${proof.anchor.statement.sequence}'s root`)
  }
  return problems
}
