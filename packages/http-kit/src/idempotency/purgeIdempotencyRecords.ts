import type { SqlExecutor } from '@gsr/db'

/**
 * Forgets idempotency records older than the retry window (default 24 h): clients retry within
 * minutes, and the table must not grow for ever. Returns how many were removed.
 */
export async function purgeIdempotencyRecords(sql: SqlExecutor, olderThanHours = 24): Promise<number> {
  const { rows } = await sql.query(
    `DELETE FROM kit_idempotency WHERE created_at < now() - make_interval(hours => $1) RETURNING key`,
    [olderThanHours],
  )
  return rows.length
}
