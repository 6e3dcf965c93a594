import { formatPosition } from '../position.ts'
import type { GlobalPosition, RecordedEvent } from '../EventStore.ts'
import { genesisHash, linkHash } from './eventHash.ts'
import type { StreamHead } from './merkle.ts'

/** The first place where the log is not what its chain says. */
export interface ChainBreak {
  readonly streamName: string
  /** The revision where the chain breaks (the missing one, for a gap). */
  readonly revision: number
  /** Global position of the event found there, when there is one. */
  readonly position?: GlobalPosition
  readonly problem: string
}

export class ChainBrokenError extends Error {
  override readonly name = 'ChainBrokenError'
  constructor(readonly chainBreak: ChainBreak) {
    super(describeBreak(chainBreak))
  }
}

export function describeBreak(b: ChainBreak): string {
  return `stream ${b.streamName}, revision ${b.revision}${b.position ? ` (position ${formatPosition(b.position)})` : ''}: ${b.problem}`
}

/**
 * Follows the log in global order and checks every event against its stream's chain: the
 * revision is the next one, and the recorded hash is the link recomputed from the
 * predecessor's hash and the event as read back. Keeps every stream's head, for anchors.
 * An event without a hash (EventStoreDB events from before the chain) is chained implicitly,
 * but only before the stream's first hashed event.
 */
export class ChainWalker {
  readonly heads = new Map<string, StreamHead & { readonly hashed: boolean }>()
  events = 0

  constructor(initial: Iterable<StreamHead> = []) {
    for (const head of initial) this.heads.set(head.streamName, { ...head, hashed: true })
  }

  /** Checks and takes one event; the break, if it is one. */
  add(event: RecordedEvent): ChainBreak | undefined {
    const previous = this.heads.get(event.streamName)
    const expected = previous ? previous.revision + 1 : 0
    const at = { streamName: event.streamName, position: event.position }
    if (event.revision > expected)
      return {
        ...at,
        revision: expected,
        problem: `event missing (the next one found is revision ${event.revision}, id ${event.id})`,
      }
    if (event.revision < expected)
      return { ...at, revision: event.revision, problem: `revision recorded twice or out of order (id ${event.id})` }
    const link = linkHash(previous?.hash ?? genesisHash, event)
    if (event.hash === undefined && previous?.hashed)
      return { ...at, revision: event.revision, problem: `no hash, after hashed events (id ${event.id})` }
    if (event.hash !== undefined && event.hash !== link)
      return {
        ...at,
        revision: event.revision,
        problem: `hash does not match: the event was changed, or its predecessor (id ${event.id}, recorded ${event.hash}, computed ${link})`,
      }
    this.heads.set(event.streamName, {
      streamName: event.streamName,
      revision: event.revision,
      hash: link,
      hashed: event.hash !== undefined,
    })
    this.events++
    return undefined
  }
}
