import type { SqlClient } from '@gsr/db'
import type { GlobalPosition } from '@gsr/event-store'

/** An event row as the raw baseline reads it. */
export interface RawEventRow {
  sequence: number
  stream_name: string
  id: string
  type: string
  commit: number
}

/**
 * The raw baseline's read: the `batchSize` events after `after`, with the columns, order and
 * gap-safe bound the store's readAll uses (so the same events, decoded by the driver: jsonb,
 * timestamptz), one round trip. Returns the rows and the position after the last.
 */
export async function rawKeysetRead(
  sql: SqlClient,
  after: GlobalPosition,
  batchSize: number,
): Promise<{ rows: RawEventRow[]; next: GlobalPosition }> {
  const { rows } = await sql.query<RawEventRow>(
    `SELECT sequence, stream_name, revision, event_id::text AS id, type, data, metadata, recorded_at,
            transaction_id::text::int8 AS commit, encode(hash, 'hex') AS hash
       FROM es_events
      WHERE (transaction_id, sequence) > ($1::text::xid8, $2::int8)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id, sequence LIMIT $3::int8`,
    [String(after.commit), after.prepare, batchSize],
  )
  const last = rows.at(-1)
  return { rows, next: last ? { commit: last.commit, prepare: last.sequence } : after }
}
