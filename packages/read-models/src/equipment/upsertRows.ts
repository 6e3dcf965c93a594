import type { SqlExecutor } from '@gsr/db'

/**
 * Writes whole rows back (INSERT ... ON CONFLICT DO UPDATE), several per statement: a
 * projection batch loads the rows it touches once, evolves them in memory, and writes each
 * touched row once, instead of one round trip per event.
 */
export async function upsertRows<Row extends object>(
  tx: SqlExecutor,
  table: string,
  key: keyof Row & string,
  jsonColumns: readonly (keyof Row & string)[],
  rows: readonly Row[],
): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!) as (keyof Row & string)[]
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length))
  const updates = columns
    .filter((c) => c !== key)
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement)
    const params: unknown[] = []
    const tuples = chunk.map((row) => {
      const placeholders = columns.map((column) => {
        const value = row[column]
        const isJson = jsonColumns.includes(column)
        params.push(isJson ? JSON.stringify(value) : value)
        return `$${params.length}${isJson ? '::jsonb' : ''}`
      })
      return `(${placeholders.join(', ')})`
    })
    await tx.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (${key}) DO UPDATE SET ${updates}`,
      params,
    )
  }
}
