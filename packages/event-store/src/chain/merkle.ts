import { createHash } from 'node:crypto'
import { canonicalJson } from './canonicalJson.ts'

/** A stream's head at a moment: its last revision and that event's link. */
export interface StreamHead {
  readonly streamName: string
  readonly revision: number
  readonly hash: string
}

const sha256 = (...parts: Buffer[]) => {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest()
}

/** A leaf: SHA-256 of 0x00 and the head's canonical form (0x01 prefixes inner nodes: no leaf passes for a node). */
export function headLeaf(head: StreamHead): Buffer {
  return sha256(Buffer.from([0]), Buffer.from(canonicalJson([head.streamName, head.revision, head.hash]), 'utf8'))
}

/** Heads in the order the tree takes them: by stream name, bytewise in UTF-8. */
export function sortHeads(heads: Iterable<StreamHead>): StreamHead[] {
  return [...heads].sort((a, b) => Buffer.compare(Buffer.from(a.streamName, 'utf8'), Buffer.from(b.streamName, 'utf8')))
}

/** The root of the tree over these heads (sorted here); SHA-256 of nothing for none. Hex. */
export function merkleRoot(heads: Iterable<StreamHead>): string {
  let level = sortHeads(heads).map(headLeaf)
  if (level.length === 0) return sha256().toString('hex')
  while (level.length > 1) level = nextLevel(level)
  return level[0]!.toString('hex')
}

/** Pairs hash to their parent; an odd last node is carried up as it is (never paired with itself). */
function nextLevel(level: Buffer[]): Buffer[] {
  const next: Buffer[] = []
  for (let i = 0; i < level.length; i += 2) {
    const right = level[i + 1]
    next.push(right ? sha256(Buffer.from([1]), level[i]!, right) : level[i]!)
  }
  return next
}

/** One step of a proof: the sibling's hash and on which side it stands. */
export interface ProofStep {
  readonly side: 'left' | 'right'
  readonly hash: string
}

/** The path from one stream's head to the root of the tree over `heads`. */
export function merkleProof(heads: Iterable<StreamHead>, streamName: string): { head: StreamHead; steps: ProofStep[] } {
  const sorted = sortHeads(heads)
  let index = sorted.findIndex((head) => head.streamName === streamName)
  if (index < 0) throw new Error(`stream ${streamName} is not in the tree`)
  const head = sorted[index]!
  let level = sorted.map(headLeaf)
  const steps: ProofStep[] = []
  while (level.length > 1) {
    const sibling = index % 2 === 0 ? level[index + 1] : level[index - 1]
    if (sibling) steps.push({ side: index % 2 === 0 ? 'right' : 'left', hash: sibling.toString('hex') })
    level = nextLevel(level)
    index = Math.floor(index / 2)
  }
  return { head, steps }
}

/** The root a proof leads to from its head. */
export function rootOfProof(head: StreamHead, steps: readonly ProofStep[]): string {
  let node = headLeaf(head)
  for (const step of steps) {
    const sibling = Buffer.from(step.hash, 'hex')
    node = step.side === 'left' ? sha256(Buffer.from([1]), sibling, node) : sha256(Buffer.from([1]), node, sibling)
  }
  return node.toString('hex')
}
