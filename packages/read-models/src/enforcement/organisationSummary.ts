import type { Kysely } from 'kysely'
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
 * Open violations now and the last 12 months by category, with the risk grade of the rule
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
  const open = await scoped
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirst()
  const rows = await scoped
    .select(['category', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('occurred_on', '>', from)
    .where('occurred_on', '<=', day)
    .groupBy(['category', 'status'])
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
    open: Number(rows.find((r) => r.category === category && r.status === 'open')?.n ?? 0),
    resolved: Number(rows.find((r) => r.category === category && r.status === 'resolved')?.n ?? 0),
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
