import type { Kysely } from 'kysely'
import type { EnforcementTables } from './EnforcementTables.ts'
import { listViolations, type ViolationFilter } from './listViolations.ts'
import { violationsCsv } from './violationsCsv.ts'

/**
 * Every violation matching the filter as one CSV (header once), newest first: the list
 * walked page by page with its keyset cursor, so a large export never holds one huge query.
 */
export async function exportViolationsCsv(
  db: Kysely<EnforcementTables>,
  filter: Omit<ViolationFilter, 'cursor' | 'limit'>,
  pageSize = 2000,
): Promise<string> {
  const chunks: string[] = []
  let cursor: string | undefined
  do {
    const page = await listViolations(db, { ...filter, cursor, limit: pageSize })
    chunks.push(violationsCsv(page.items, chunks.length === 0))
    cursor = page.nextCursor
  } while (cursor)
  return chunks.join('')
}
