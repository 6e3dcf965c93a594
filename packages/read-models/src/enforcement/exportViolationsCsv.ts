import type { Kysely } from 'kysely'
import type { EnforcementTables } from './EnforcementTables.ts'
import { listViolations, type ViolationFilter } from './listViolations.ts'
import { violationsCsv, type CsvLanguage } from './violationsCsv.ts'

/**
 * Every violation matching the filter as one CSV (header once), newest first: the list
 * walked page by page with its keyset cursor, so a large export never holds one huge query.
 */
export async function exportViolationsCsv(
  db: Kysely<EnforcementTables>,
  filter: Omit<ViolationFilter, 'cursor' | 'limit'>,
  options: { language?: CsvLanguage; pageSize?: number } = {},
): Promise<string> {
  const chunks: string[] = []
  let cursor: string | undefined
  do {
    const page = await listViolations(db, { ...filter, cursor, limit: options.pageSize ?? 2000 })
    chunks.push(violationsCsv(page.items, { header: chunks.length === 0, language: options.language ?? 'en' }))
    cursor = page.nextCursor
  } while (cursor)
  return chunks.join('')
}
