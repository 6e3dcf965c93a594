import { sql, type Kysely, type Selectable } from 'kysely'
import type { EnforcementTables } from './EnforcementTables.ts'

export type ViolationRecord = Selectable<EnforcementTables['enf_violations']>

export interface ViolationFilter {
  /** Region code prefix the caller may see (e.g. '3301' for a city); '' for all. */
  readonly regionPrefix: string
  readonly category?: string | undefined
  readonly subReason?: string | undefined
  readonly organisationId?: string | undefined
  /** Inclusive field days (YYYY-MM-DD, China time). */
  readonly from?: string | undefined
  readonly to?: string | undefined
  /**
   * The world on this field day (YYYY-MM-DD): only violations that had occurred by then, each
   * with its status on that day (one resolved later is open, without its resolution); `status`
   * filters that status. Absent: today's status of every violation.
   */
  readonly on?: string | undefined
  readonly status?: 'open' | 'resolved' | undefined
  readonly cursor?: string | undefined
  readonly limit: number
}

/** Opaque cursor: the (occurred_at, id) of the last row of the previous page. */
export function encodeCursor(row: Pick<ViolationRecord, 'occurred_at' | 'id'>): string {
  return Buffer.from(JSON.stringify([row.occurred_at.toISOString(), row.id])).toString('base64url')
}

export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string]
  } catch {
    // fall through: an unreadable cursor is the caller's error
  }
  return undefined
}

/** The violation as it stood on a field day: a resolution on a later day had not happened yet. */
export function statusOn(row: ViolationRecord, day: string): ViolationRecord {
  if (row.status !== 'resolved' || (row.resolved_on !== null && row.resolved_on <= day)) return row
  return {
    ...row,
    status: 'open',
    resolved_by_event_id: null,
    resolved_by_event_type: null,
    resolved_at: null,
    resolved_on: null,
  }
}

/** Newest first; keyset pagination on (occurred_at, id), so pages stay stable under inserts. */
export async function listViolations(
  db: Kysely<EnforcementTables>,
  filter: ViolationFilter,
): Promise<{ items: ViolationRecord[]; nextCursor: string | undefined }> {
  let query = db.selectFrom('enf_violations').selectAll()
  if (filter.regionPrefix) query = query.where('region', 'like', `${filter.regionPrefix}%`)
  if (filter.category) query = query.where('category', '=', filter.category)
  if (filter.subReason) query = query.where('sub_reason', '=', filter.subReason)
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId)
  if (filter.from) query = query.where('occurred_on', '>=', filter.from)
  if (filter.to) query = query.where('occurred_on', '<=', filter.to)
  if (filter.on) {
    const on = filter.on
    query = query.where('occurred_on', '<=', on)
    if (filter.status === 'open')
      query = query.where((eb) => eb.or([eb('status', '=', 'open'), eb('resolved_on', '>', on)]))
    if (filter.status === 'resolved') query = query.where('status', '=', 'resolved').where('resolved_on', '<=', on)
  } else if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor)
    if (!after) throw new RangeError('cursor')
    query = query.where(sql<boolean>`(occurred_at, id) < (${new Date(after[0])}, ${after[1]})`)
  }
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute()
  const items = rows.slice(0, filter.limit).map((row) => (filter.on ? statusOn(row, filter.on) : row))
  const last = items.at(-1)
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : undefined }
}

export async function getViolation(db: Kysely<EnforcementTables>, id: string): Promise<ViolationRecord | undefined> {
  return db.selectFrom('enf_violations').selectAll().where('id', '=', id).executeTakeFirst()
}
