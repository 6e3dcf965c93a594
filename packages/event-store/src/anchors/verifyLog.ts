import type { SqlClient } from '@gsr/db'
import { ChainWalker, type ChainBreak } from '../chain/ChainWalker.ts'
import { merkleRoot, type StreamHead } from '../chain/merkle.ts'
import type { EventStore } from '../EventStore.ts'
import { comparePositions, formatPosition } from '../position.ts'
import { anchoredHeads, eventsBetween, listAnchors } from './anchorLog.ts'
import { anchorSignatureProblem, type SignedAnchor } from './anchorSigning.ts'

export interface VerifyLogOptions {
  /** Public keys (SPKI DER, base64) whose anchor signatures are accepted. */
  readonly trustedKeys: readonly string[]
  /** Anchors exported earlier (published, countersigned): each must match the log too. */
  readonly externalAnchors?: readonly SignedAnchor[]
  /** Progress, every so many events. */
  readonly onProgress?: (events: number) => void
}

export interface VerifyLogReport {
  readonly events: number
  readonly streams: number
  readonly anchors: number
  /** The first broken link, in the global order; undefined when the log is intact. */
  readonly broken?: ChainBreak
}

/**
 * Re-verifies the whole log: every event's link in its stream's chain (in global order), every
 * anchor's signature and its place in the chain of anchors, and at each anchor's position the
 * Merkle root of the stream heads recomputed from the log. With `sql`, the PostgreSQL store's
 * own bookkeeping too (es_streams: a stream's last revision must be its last event's). A change
 * made after the latest anchor by someone who recomputes the hashes passes the links; the
 * next anchor, or es_streams, is what catches it: see the README.
 */
export async function verifyLog(
  store: EventStore,
  anchorsSql: SqlClient,
  options: VerifyLogOptions & { readonly eventStoreSql?: SqlClient },
): Promise<VerifyLogReport> {
  const anchors = await listAnchors(anchorsSql)
  const walker = new ChainWalker()
  const report = (broken?: ChainBreak): VerifyLogReport => ({
    events: walker.events,
    streams: walker.heads.size,
    anchors: anchors.length,
    ...(broken ? { broken } : {}),
  })

  const anchorBreak = checkAnchorChain(anchors, options)
  if (anchorBreak) return report(anchorBreak)
  // Checked at their positions as the walk passes them, recorded and exported alike.
  const pending = [...anchors, ...(options.externalAnchors ?? [])].sort(
    (a, b) => a.statement.sequence - b.statement.sequence,
  )
  const checkDue = async (before?: RecordedPosition) => {
    while (pending.length > 0) {
      const anchor = pending[0]!
      const at = anchor.statement.position
      // Due once every event at or before its position has been walked.
      if (before && at && comparePositions(before, at) <= 0) return undefined
      pending.shift()
      const broken = await compareWithAnchor(anchorsSql, anchor, walker.heads.values(), anchors)
      if (broken) return broken
    }
    return undefined
  }

  for await (const event of eventsBetween(store, undefined, undefined)) {
    const anchorBroken = await checkDue(event.position)
    if (anchorBroken) return report(anchorBroken)
    const broken = walker.add(event)
    if (broken) return report(broken)
    if (options.onProgress && walker.events % 100_000 === 0) options.onProgress(walker.events)
  }
  const anchorBroken = await checkDue()
  if (anchorBroken) return report(anchorBroken)
  if (options.eventStoreSql) {
    const broken = await checkStreamTable(options.eventStoreSql)
    if (broken) return report(broken)
  }
  return report()
}

type RecordedPosition = NonNullable<SignedAnchor['statement']['position']>

/** Signatures, and each anchor naming its predecessor's root, from the first on. */
function checkAnchorChain(anchors: readonly SignedAnchor[], options: VerifyLogOptions): ChainBreak | undefined {
  let previousRoot: string | null = null
  for (const [i, anchor] of [...anchors, ...(options.externalAnchors ?? [])].entries()) {
    const problem = anchorSignatureProblem(anchor, options.trustedKeys)
    const s = anchor.statement
    const at = { streamName: '(anchors)', revision: s.sequence, ...(s.position ? { position: s.position } : {}) }
    if (problem) return { ...at, problem: `anchor ${s.sequence}: ${problem}` }
    if (i < anchors.length) {
      if (s.sequence !== i + 1) return { ...at, problem: `anchor ${i + 1} is missing` }
      if (s.previousRoot !== previousRoot)
        return { ...at, problem: `anchor ${s.sequence} does not follow anchor ${i} (previous root differs)` }
      previousRoot = s.root
    } else {
      const recorded = anchors[s.sequence - 1]
      if (!recorded || recorded.signature !== anchor.signature)
        return { ...at, problem: `exported anchor ${s.sequence} is not in the log's anchors (deleted or replaced)` }
    }
  }
  return undefined
}

/** The anchor's root against the heads the log gives at its position; the differing stream named. */
async function compareWithAnchor(
  sql: SqlClient,
  anchor: SignedAnchor,
  logHeads: Iterable<StreamHead>,
  recorded: readonly SignedAnchor[],
): Promise<ChainBreak | undefined> {
  const heads = [...logHeads]
  if (merkleRoot(heads) === anchor.statement.root) return undefined
  const where = anchor.statement.position ? ` (position ${formatPosition(anchor.statement.position)})` : ''
  const fallback: ChainBreak = {
    streamName: '(anchors)',
    revision: anchor.statement.sequence,
    problem: `the log's stream heads do not match anchor ${anchor.statement.sequence}${where}`,
  }
  // Name the stream, when the recorded heads of that anchor are there to compare with.
  if (!recorded.some((r) => r.signature === anchor.signature)) return fallback
  const anchored = await anchoredHeads(sql, anchor.statement.sequence)
  if (merkleRoot(anchored) !== anchor.statement.root) return fallback
  const inLog = new Map(heads.map((h) => [h.streamName, h]))
  for (const head of anchored) {
    const found = inLog.get(head.streamName)
    if (!found)
      return {
        streamName: head.streamName,
        revision: 0,
        problem: `stream missing from the log; anchor ${anchor.statement.sequence}${where} recorded it up to revision ${head.revision}`,
      }
    if (found.revision !== head.revision || found.hash !== head.hash)
      return {
        streamName: head.streamName,
        revision: Math.min(found.revision, head.revision) + (found.revision < head.revision ? 1 : 0),
        problem:
          found.revision < head.revision
            ? `events missing: anchor ${anchor.statement.sequence}${where} recorded the stream up to revision ${head.revision}, the log has it up to ${found.revision}`
            : `the stream differs from anchor ${anchor.statement.sequence}${where}: revision ${head.revision} hash ${head.hash} anchored, revision ${found.revision} hash ${found.hash} in the log`,
      }
    inLog.delete(head.streamName)
  }
  const extra = inLog.values().next().value
  if (extra)
    return {
      streamName: extra.streamName,
      revision: 0,
      problem: `stream not in anchor ${anchor.statement.sequence}${where}: inserted before that anchor`,
    }
  return fallback
}

/**
 * PostgreSQL store: es_streams must agree with es_events (one snapshot, so appends running
 * meanwhile cannot disagree): a deleted last event, or one inserted around the store, shows here.
 */
async function checkStreamTable(sql: SqlClient): Promise<ChainBreak | undefined> {
  const { rows } = await sql.query<{ stream_name: string; recorded: number | null; found: number | null }>(
    `SELECT stream_name, s.revision AS recorded, e.revision AS found
       FROM es_streams AS s
       FULL JOIN (SELECT stream_name, max(revision) AS revision FROM es_events GROUP BY stream_name) AS e
      USING (stream_name)
      WHERE s.revision IS DISTINCT FROM e.revision
      ORDER BY stream_name LIMIT 1`,
  )
  const row = rows[0]
  if (!row) return undefined
  const recorded = row.recorded === null ? undefined : Number(row.recorded)
  const found = row.found === null ? undefined : Number(row.found)
  if (recorded === undefined)
    return {
      streamName: row.stream_name,
      revision: 0,
      problem: 'stream not created by the store: its events were inserted around it',
    }
  if (found !== undefined && found > recorded)
    return {
      streamName: row.stream_name,
      revision: recorded + 1,
      problem: `event not appended by the store (the store recorded the stream up to revision ${recorded}): inserted around it`,
    }
  return {
    streamName: row.stream_name,
    revision: (found ?? -1) + 1,
    problem: `event missing: the store recorded the stream up to revision ${recorded}, the log has it up to ${found ?? 'nothing'}`,
  }
}
