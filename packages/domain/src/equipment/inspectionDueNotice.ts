import { z } from 'zod'
import { ruleRef, ruleTable, type RuleTable } from '../RuleTable.ts'

/**
 * Rule table `inspectionDueNotice`: how many days before the due date the scheduler raises
 * "inspection due" (InspectionDue). "Overdue" is raised the first day after the due date.
 * Publishable (`POST /admin/rule-tables/inspectionDueNotice/versions`): the scheduler reads the
 * effective table at each run and looks it up by the run's day.
 */
export interface InspectionDueNoticeRules {
  readonly dueLeadDays: number
}

const InspectionDueNoticeRulesSchema = z.strictObject({ dueLeadDays: z.int().min(0).max(365) })

export const inspectionDueNotice = ruleTable<InspectionDueNoticeRules>(
  'inspectionDueNotice',
  [{ version: '2022.1', effectiveFrom: '2000-01-01', rules: { dueLeadDays: 30 } }],
  { rulesSchema: InspectionDueNoticeRulesSchema },
)

/** The lead days in force on a day, and the rule version they come from (facts cite it). */
export interface DueNotice {
  readonly dueLeadDays: number
  readonly rule: { readonly name: string; readonly version: string }
}

/** The lead days in force on `date` by `table` (the effective one: code and published versions). */
export function dueLeadDaysOn(
  date: string,
  table: RuleTable<InspectionDueNoticeRules> = inspectionDueNotice,
): DueNotice {
  const version = table.at(date)
  return { dueLeadDays: version.rules.dueLeadDays, rule: ruleRef(table, version) }
}
