import type { KeyObject } from 'node:crypto'
import type { SqlClient } from '@gsr/db'
import { ChainBrokenError, ChainWalker } from '../chain/ChainWalker.ts'
import { merkleRoot, type StreamHead } from '../chain/merkle.ts'
import type { EventStore, GlobalPosition, RecordedEvent } from '../EventStore.ts'
import { comparePositions } from '../position.ts'
import { signAnchor, type AnchorStatement, type SignedAnchor } from './anchorSigning.ts'

interface AnchorRow {
  statement: string
  signature: string
  public_key: string
}

/** Every recorded anchor, oldest first. */
export async function listAnchors(sql: SqlClient): Promise<SignedAnchor[]> {
  const { rows } = await sql.query<AnchorRow>(
    'SELECT statement, signature, public_key FROM es_anchors ORDER BY sequence',
  )
  return rows.map(fromRow)
}

export async function latestAnchor(sql: SqlClient): Promise<SignedAnchor | undefined> {
  const { rows } = await sql.query<AnchorRow>(
    'SELECT statement, signature, public_key FROM es_anchors ORDER BY sequence DESC LIMIT 1',
  )
  return rows[0] && fromRow(rows[0])
}

function fromRow(row: AnchorRow): SignedAnchor {
  return {
    statement: JSON.parse(row.statement) as AnchorStatement,
    signature: row.signature,
    publicKey: row.public_key,
  }
}

/** Every stream's head as anchor `sequence` recorded it. */
export async function anchoredHeads(sql: SqlClient, sequence: number): Promise<StreamHead[]> {
  const { rows } = await sql.query<{ stream_name: string; revision: number; hash: string }>(
    `SELECT DISTINCT ON (stream_name) stream_name, revision, hash FROM es_anchor_heads
      WHERE anchor_sequence <= $1 ORDER BY stream_name, anchor_sequence DESC`,
    [sequence],
  )
  return rows.map((row) => ({ streamName: row.stream_name, revision: Number(row.revision), hash: row.hash }))
}

/** Events after `after` up to `until` (inclusive), in pages. */
export async function* eventsBetween(
  store: EventStore,
  after: GlobalPosition | undefined,
  until: GlobalPosition | undefined,
  pageSize = 2_000,
): AsyncGenerator<RecordedEvent> {
  let from = after
  for (;;) {
    const page = await store.readAll({ ...(from ? { after: from } : {}), maxCount: pageSize })
    for (const event of page) {
      if (until && comparePositions(event.position, until) > 0) return
      yield event
    }
    if (page.length < pageSize) return
    from = page.at(-1)!.position
  }
}

export class AnchorRaceError extends Error {
  override readonly name = 'AnchorRaceError'
}

export interface AnchorResult {
  readonly anchor: SignedAnchor
  /** False when nothing was appended since the latest anchor: that one is returned. */
  readonly recorded: boolean
}

/**
 * Records an anchor: the Merkle root over every stream's head at the log's current readable
 * head, signed. It starts from the previous anchor's heads and checks the chain of every event
 * since (a broken link throws ChainBrokenError: nothing broken is ever signed). Only the heads
 * that moved are stored. Two anchorers at once: the second one's insert fails its check and
 * throws AnchorRaceError (try again).
 */
export async function recordAnchor(
  store: EventStore,
  sql: SqlClient,
  key: KeyObject,
  options: { readonly now?: () => Date; readonly force?: boolean } = {},
): Promise<AnchorResult> {
  const previous = await latestAnchor(sql)
  const head = await store.headPosition()
  const previousPosition = previous?.statement.position ?? undefined
  if (previous && !options.force) {
    const unchanged = head === undefined || (previousPosition && comparePositions(head, previousPosition) <= 0)
    if (unchanged) return { anchor: previous, recorded: false }
  }
  const walker = new ChainWalker(previous ? await anchoredHeads(sql, previous.statement.sequence) : [])
  const moved = new Set<string>()
  let last = previousPosition
  if (head)
    for await (const event of eventsBetween(store, previousPosition, head)) {
      const broken = walker.add(event)
      if (broken) throw new ChainBrokenError(broken)
      moved.add(event.streamName)
      last = event.position
    }
  const statement: AnchorStatement = {
    format: 'gsr-anchor/1',
    sequence: (previous?.statement.sequence ?? 0) + 1,
    anchoredAt: (options.now?.() ?? new Date()).toISOString(),
    position: last ?? null,
    streams: walker.heads.size,
    events: [...walker.heads.values()].reduce((sum, h) => sum + h.revision + 1, 0),
    root: merkleRoot(walker.heads.values()),
    previousRoot: previous?.statement.root ?? null,
  }
  const anchor = signAnchor(statement, key)
  const heads = [...moved].map((name) => walker.heads.get(name)!)
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('gsr.es_anchors:' || current_schema()))")
    const { rows } = await tx.query<{ latest: number | null }>('SELECT max(sequence)::int8 AS latest FROM es_anchors')
    if (Number(rows[0]?.latest ?? 0) !== statement.sequence - 1)
      throw new AnchorRaceError('another anchor was recorded meanwhile; try again')
    await tx.query(
      `INSERT INTO es_anchors (sequence, anchored_at, position_commit, position_prepare, root, statement, public_key, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        statement.sequence,
        statement.anchoredAt,
        statement.position?.commit ?? null,
        statement.position?.prepare ?? null,
        statement.root,
        JSON.stringify(statement),
        anchor.publicKey,
        anchor.signature,
      ],
    )
    if (heads.length > 0)
      await tx.query(
        `INSERT INTO es_anchor_heads (anchor_sequence, stream_name, revision, hash)
         SELECT $1, h.s, h.r, h.h FROM jsonb_to_recordset($2::text::jsonb) AS h(s text, r int8, h text)`,
        [statement.sequence, JSON.stringify(heads.map((h) => ({ s: h.streamName, r: h.revision, h: h.hash })))],
      )
  })
  return { anchor, recorded: true }
}
