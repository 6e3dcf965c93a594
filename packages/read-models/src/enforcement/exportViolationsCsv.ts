import type { Kysely } from 'kysely'
import type { EnforcementTables } from './EnforcementTables.ts'
import { listViolations, type ViolationFilter } from './listViolations.ts'
import { violationsCsv, type CsvLanguage } from './violationsCsv.ts'

/** Rows per query of an export: one page of rows and its CSV text are all an export holds. */
export const violationsCsvPageSize = 500

/**
 * Every violation matching the filter as CSV (header once), newest first, one chunk per page:
 * the list walked with its keyset cursor. A generator, so the caller streams it: the next page
 * is queried only when the previous chunk has been taken (an HTTP reply's backpressure), and a
 * large export never holds more than one page in memory nor one long query.
 */
export async function* exportViolationsCsv(
  db: Kysely<EnforcementTables>,
  filter: Omit<ViolationFilter, 'cursor' | 'limit'>,
  options: { language?: CsvLanguage; pageSize?: number } = {},
): AsyncGenerator<string, void, undefined> {
  let cursor: string | undefined
  let header = true
  do {
    const page = await listViolations(db, { ...filter, cursor, limit: options.pageSize ?? violationsCsvPageSize })
    yield violationsCsv(page.items, { header, language: options.language ?? 'en' })
    header = false
    cursor = page.nextCursor
  } while (cursor)
}
