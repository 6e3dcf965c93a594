import { sql, type Kysely } from 'kysely'
import { violationCategories, type ViolationCategory } from '@gsr/domain/enforcement'
import type { EnforcementTables } from './EnforcementTables.ts'

/** Counts of an organisation's violations in the window, by category and status on the day. */
export interface ViolationCounts {
  readonly category: ViolationCategory
  readonly open: number
  readonly resolved: number
}

/** The counts of an organisation's violations; its risk grade is the risk catalogue's (riskSignals, assessRisk). */
export interface OrganisationSummary {
  readonly organisationId: string
  readonly day: string
  /** As the log stood at this instant (ISO 8601), when asked. */
  readonly knownAt?: string
  /** Violations open on `day`: occurred by then and not resolved by a cure on or before it. */
  readonly openViolations: number
  /** Violations that occurred in the rule's window (default 12 months) up to `day`, by category. */
  readonly window: { readonly from: string; readonly to: string }
  readonly byCategory: readonly ViolationCounts[]
  /** Facts it reported late (迟报, rule table `dateWindow`), recorded in the window, and the longest delay in days. */
  readonly lateReported: { readonly facts: number; readonly maxDelayDays: number }
}

function monthsBefore(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

/** The window of the summary's counts by category. */
export const summaryWindowMonths = 12

/**
 * Open violations on `day` and the last 12 months by category (each with its status on `day`). `regionPrefix` limits it to what the caller may see. With `knownAt`: as
 * the log stood at that instant (violations established, cures and late reports recorded by then).
 */
export async function organisationSummary(
  db: Kysely<EnforcementTables>,
  organisationId: string,
  day: string,
  regionPrefix: string,
  knownAt?: Date,
): Promise<OrganisationSummary> {
  const from = monthsBefore(day, summaryWindowMonths)
  const scoped = db
    .selectFrom('enf_violations')
    .where('organisation_id', '=', organisationId)
    .where('region', 'like', `${regionPrefix}%`)
    .$if(knownAt !== undefined, (q) => q.where('detected_at', '<=', knownAt!))
  // Status on `day`: resolved only by a cure whose field day is on or before it (and known by knownAt).
  const statusOnDay = sql<
    'open' | 'resolved'
  >`CASE WHEN status = 'resolved' AND resolved_on <= ${day}${knownAt ? sql` AND resolved_at <= ${knownAt}` : sql``} THEN 'resolved' ELSE 'open' END`
  const open = await scoped
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('occurred_on', '<=', day)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'open'),
        eb('resolved_on', '>', day),
        ...(knownAt ? [eb('resolved_at', '>', knownAt)] : []),
      ]),
    )
    .executeTakeFirst()
  const rows = await scoped
    .select(['category', statusOnDay.as('status_on'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('occurred_on', '>', from)
    .where('occurred_on', '<=', day)
    .groupBy(['category', sql`status_on`])
    .execute()
  const late = await db
    .selectFrom('enf_late_reports')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('delay_days').as('max')])
    .where('organisation_id', '=', organisationId)
    .where('region', 'like', `${regionPrefix}%`)
    .where('recorded_on', '>', from)
    .where('recorded_on', '<=', day)
    .$if(knownAt !== undefined, (q) => q.where('recorded_at', '<=', knownAt!))
    .executeTakeFirst()
  const byCategory: ViolationCounts[] = violationCategories.map((category: ViolationCategory) => ({
    category,
    open: Number(rows.find((r) => r.category === category && r.status_on === 'open')?.n ?? 0),
    resolved: Number(rows.find((r) => r.category === category && r.status_on === 'resolved')?.n ?? 0),
  }))
  return {
    organisationId,
    day,
    ...(knownAt ? { knownAt: knownAt.toISOString() } : {}),
    openViolations: Number(open?.n ?? 0),
    window: { from, to: day },
    byCategory,
    lateReported: { facts: Number(late?.n ?? 0), maxDelayDays: Number(late?.max ?? 0) },
  }
}
