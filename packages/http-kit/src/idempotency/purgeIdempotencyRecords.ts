import type { SqlExecutor } from '@gsr/db'

/** How long a client may retry under an Idempotency-Key: the purge's default and the age of a clock a retry keeps. */
export const retryWindowHours = 24

/**
 * Forgets idempotency records older than the retry window (default 24 h): clients retry within
 * minutes, and the table must not grow for ever. Returns how many were removed.
 */
export async function purgeIdempotencyRecords(sql: SqlExecutor, olderThanHours = retryWindowHours): Promise<number> {
  const { rows } = await sql.query(
    `DELETE FROM kit_idempotency WHERE created_at < now() - make_interval(hours => $1) RETURNING key`,
    [olderThanHours],
  )
  return rows.length
}
