import type { SqlExecutor } from '@gsr/db'

/**
 * Waits (up to 30 s) until the last event in the PostgreSQL store is readable. Another
 * session's open write transaction holds readers back (the gap-safe order), so a test that
 * projects right after an append waits for this first, instead of catching up short.
 */
export async function waitUntilReadable(sql: SqlExecutor): Promise<void> {
  const { rows } = await sql.query<{ s: number | null }>('SELECT max(sequence) AS s FROM es_events')
  const last = rows[0]?.s
  for (let i = 0; last != null && i < 600; i++) {
    const visible = await sql.query(
      'SELECT 1 FROM es_events WHERE sequence = $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())',
      [last],
    )
    if (visible.rows.length > 0) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
