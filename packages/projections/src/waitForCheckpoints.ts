import type { SqlExecutor } from '@gsr/db'
import { comparePositions, formatPosition, parsePosition, type GlobalPosition } from '@gsr/event-store'

/**
 * Waits until the stored checkpoint of each named projection has reached `position`: what a
 * process that runs no projection itself (the API in cluster mode, where the projector applies
 * them) reads to know the read models hold the log up to there. Rejects after `timeoutMs`,
 * naming the projections still behind.
 */
export async function waitForCheckpoints(
  sql: SqlExecutor,
  names: readonly string[],
  position: GlobalPosition,
  options: { timeoutMs?: number; pollMs?: number; signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  const pollMs = options.pollMs ?? 250
  for (;;) {
    const { rows } = await sql.query<{ name: string; position: string }>(
      'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1)',
      [names],
    )
    const at = new Map(rows.map((row) => [row.name, parsePosition(row.position)]))
    const behind = names.filter((name) => {
      const checkpoint = at.get(name)
      return !checkpoint || comparePositions(checkpoint, position) < 0
    })
    if (behind.length === 0) return
    if (options.signal?.aborted) throw new Error('stopped while waiting for projection checkpoints')
    if (Date.now() >= deadline)
      throw new Error(
        `projections did not reach position ${formatPosition(position)} in time: ` +
          behind
            .map((name) => `${name} at ${at.has(name) ? formatPosition(at.get(name)!) : 'no checkpoint'}`)
            .join('; '),
      )
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}
