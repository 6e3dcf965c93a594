import { ruleRef, ruleTable } from '../RuleTable.ts'

/**
 * Rule table `inspectionDueNotice`: how many days before the due date the scheduler raises
 * "inspection due" (InspectionDue). "Overdue" is raised the first day after the due date.
 */
export const inspectionDueNotice = ruleTable<{ readonly dueLeadDays: number }>('inspectionDueNotice', [
  { version: '2022.1', effectiveFrom: '2000-01-01', rules: { dueLeadDays: 30 } },
])

export function dueLeadDaysOn(date: string): { dueLeadDays: number; rule: { name: string; version: string } } {
  const version = inspectionDueNotice.at(date)
  return { dueLeadDays: version.rules.dueLeadDays, rule: ruleRef(inspectionDueNotice, version) }
}
