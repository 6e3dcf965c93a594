import { sql, type Kysely } from 'kysely'
import {
  riskGrade,
  riskGradeRules,
  violationCategories,
  type RiskGrade,
  type ViolationCategory,
  type ViolationCounts,
} from '@gsr/domain/enforcement'
import type { EnforcementTables } from './EnforcementTables.ts'

export interface OrganisationSummary {
  readonly organisationId: string
  readonly day: string
  /** Violations open on `day`: occurred by then and not resolved by a cure on or before it. */
  readonly openViolations: number
  /** Violations that occurred in the rule's window (default 12 months) up to `day`, by category. */
  readonly window: { readonly from: string; readonly to: string }
  readonly byCategory: readonly ViolationCounts[]
  /** Facts it reported late (迟报, rule table `dateWindow`), recorded in the window, and the longest delay in days. */
  readonly lateReported: { readonly facts: number; readonly maxDelayDays: number }
  readonly risk: RiskGrade & { readonly rule: { readonly name: string; readonly version: string } }
}

function monthsBefore(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

/**
 * Open violations on `day` and the last 12 months by category (each with its status on `day`), with the risk grade of the rule
 * table `riskGradeRules` in force on `day`. `regionPrefix` limits it to what the caller may see.
 */
export async function organisationSummary(
  db: Kysely<EnforcementTables>,
  organisationId: string,
  day: string,
  regionPrefix: string,
): Promise<OrganisationSummary> {
  const version = riskGradeRules.at(day)
  const from = monthsBefore(day, version.rules.windowMonths)
  const scoped = db
    .selectFrom('enf_violations')
    .where('organisation_id', '=', organisationId)
    .where('region', 'like', `${regionPrefix}%`)
  // Status on `day`: resolved only by a cure whose field day is on or before it.
  const statusOnDay = sql<
    'open' | 'resolved'
  >`CASE WHEN status = 'resolved' AND resolved_on <= ${day} THEN 'resolved' ELSE 'open' END`
  const open = await scoped
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('occurred_on', '<=', day)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('resolved_on', '>', day)]))
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
    .executeTakeFirst()
  const byCategory: ViolationCounts[] = violationCategories.map((category: ViolationCategory) => ({
    category,
    open: Number(rows.find((r) => r.category === category && r.status_on === 'open')?.n ?? 0),
    resolved: Number(rows.find((r) => r.category === category && r.status_on === 'resolved')?.n ?? 0),
  }))
  return {
    organisationId,
    day,
    openViolations: Number(open?.n ?? 0),
    window: { from, to: day },
    byCategory,
    lateReported: { facts: Number(late?.n ?? 0), maxDelayDays: Number(late?.max ?? 0) },
    risk: { ...riskGrade(byCategory, version.rules), rule: { name: riskGradeRules.name, version: version.version } },
  }
}
