import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely'
import { chinaStartOfDay } from '@gsr/domain'
import type { EnforcementTables } from './EnforcementTables.ts'

export type ViolationRecord = Selectable<EnforcementTables['enf_violations']> & {
  /**
   * Only as of a `knownAt`: the cure the log recorded after it that resolves the violation on
   * the asked day as now known (what changed between "as reported" and "as now known").
   */
  readonly cured_since?: {
    readonly eventId: string
    readonly eventType: string
    readonly resolvedAt: Date
    readonly resolvedOn: string
  }
}

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
  /**
   * As the log stood at this instant: only violations established by an event recorded by then
   * (detected_at), resolved only by a cure recorded by then (resolved_at). Absent: now.
   */
  readonly knownAt?: Date | undefined
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

/**
 * The violation as it stood on a field day and/or as the log stood at an instant: a resolution
 * on a later field day had not happened yet, one recorded later was not known yet.
 */
export function statusAsOf(
  row: ViolationRecord,
  asOf: { on?: string | undefined; knownAt?: Date | undefined },
): ViolationRecord {
  const cureOnDay = asOf.on === undefined || (row.resolved_on !== null && row.resolved_on <= asOf.on)
  const cureKnown = asOf.knownAt === undefined || (row.resolved_at !== null && row.resolved_at <= asOf.knownAt)
  if (row.status !== 'resolved' || (cureOnDay && cureKnown)) return row
  const curedSince = cureOnDay && !cureKnown
  return {
    ...row,
    ...(curedSince
      ? {
          cured_since: {
            eventId: row.resolved_by_event_id!,
            eventType: row.resolved_by_event_type!,
            resolvedAt: row.resolved_at!,
            resolvedOn: row.resolved_on!,
          },
        }
      : {}),
    status: 'open',
    resolved_by_event_id: null,
    resolved_by_event_type: null,
    resolved_at: null,
    resolved_on: null,
  }
}

/**
 * Rows in the scope `prefix`, written as the index of its level reads them in the page's order
 * (violationsMigrations): a province (2 digits) and a city (4) by `left(region, n)`
 * (enf_violations_province, enf_violations_city), a county by its code (enf_violations_region).
 * A page is then a range of the scope's own rows, not a walk of every row of the list. No scope
 * ('') has no index of its order (enforcement_violations_004 dropped it): it reads the table and
 * sorts it, which no route asks (a team's scope is its region).
 */
function scopeCondition(prefix: string): RawBuilder<SqlBool> {
  if (prefix.length === 2 || prefix.length === 4) return sql`left(region, ${sql.lit(prefix.length)}) = ${prefix}`
  // Region codes are 6 digits (RegionCode): a county's prefix is its code.
  if (prefix.length === 6) return sql`region = ${prefix}`
  return sql`region LIKE ${`${prefix}%`}`
}

/**
 * A field day's first instant and the first after it: `occurred_on` is `occurred_at`'s China day
 * (violationsProjection), so a period is a range of `occurred_at`, the column the page's index
 * is in order of (a `from`/`to`/`on` page starts and stops inside the scope's rows, not at its
 * newest and walks). 24 hours, not '1 day': China keeps no daylight saving, the session may.
 */
const dayStart = (day: string) => sql<Date>`${chinaStartOfDay(day)}::timestamptz`
const dayEnd = (day: string) => sql<Date>`${chinaStartOfDay(day)}::timestamptz + interval '24 hours'`

/** The statement of one page: `limit + 1` rows, the last telling whether another page follows. */
export function violationsPageQuery(db: Kysely<EnforcementTables>, filter: ViolationFilter) {
  let query = db.selectFrom('enf_violations').selectAll()
  if (filter.regionPrefix) query = query.where(scopeCondition(filter.regionPrefix))
  if (filter.category) query = query.where('category', '=', filter.category)
  if (filter.subReason) query = query.where('sub_reason', '=', filter.subReason)
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId)
  if (filter.from) query = query.where('occurred_at', '>=', dayStart(filter.from))
  if (filter.to) query = query.where('occurred_at', '<', dayEnd(filter.to))
  const { on, knownAt } = filter
  if (on) query = query.where('occurred_at', '<', dayEnd(on))
  if (knownAt) query = query.where('detected_at', '<=', knownAt)
  if (on || knownAt) {
    // Resolved as of (on, knownAt): a cure on a field day by `on`, recorded by `knownAt`.
    if (filter.status === 'open')
      query = query.where((eb) =>
        eb.or([
          eb('status', '=', 'open'),
          ...(on ? [eb('resolved_on', '>', on)] : []),
          ...(knownAt ? [eb('resolved_at', '>', knownAt)] : []),
        ]),
      )
    if (filter.status === 'resolved') {
      query = query.where('status', '=', 'resolved')
      if (on) query = query.where('resolved_on', '<=', on)
      if (knownAt) query = query.where('resolved_at', '<=', knownAt)
    }
  } else if (filter.status) query = query.where('status', '=', filter.status)
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor)
    if (!after) throw new RangeError('cursor')
    query = query.where(sql<boolean>`(occurred_at, id) < (${new Date(after[0])}, ${after[1]})`)
  }
  return query
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
}

/** Newest first; keyset pagination on (occurred_at, id), so pages stay stable under inserts. */
export async function listViolations(
  db: Kysely<EnforcementTables>,
  filter: ViolationFilter,
): Promise<{ items: ViolationRecord[]; nextCursor: string | undefined }> {
  const { on, knownAt } = filter
  const rows = await violationsPageQuery(db, filter).execute()
  const items = rows.slice(0, filter.limit).map((row) => (on || knownAt ? statusAsOf(row, { on, knownAt }) : row))
  const last = items.at(-1)
  return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : undefined }
}

export async function getViolation(db: Kysely<EnforcementTables>, id: string): Promise<ViolationRecord | undefined> {
  return db.selectFrom('enf_violations').selectAll().where('id', '=', id).executeTakeFirst()
}
