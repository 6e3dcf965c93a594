import { addDays } from '../calendar.ts'
import { ruleRef, ruleTable } from '../RuleTable.ts'

/**
 * Rule table `periodicDeclarationDeadline`: the user must declare (apply for) the periodic
 * inspection at least this many days before the current inspection's validity ends.
 * A later declaration is recorded with `inTime: false` (it drags the declaration rate).
 */
export const periodicDeclarationDeadline = ruleTable<{ readonly daysBeforeDue: number }>(
  'periodicDeclarationDeadline',
  // From the date window's floor for due dates: a due date before the registry existed is
  // judged by this first version (the id events cite).
  [{ version: '2022.1', effectiveFrom: '1900-01-01', rules: { daysBeforeDue: 30 } }],
)

export function declarationDeadlineFor(dueDate: string): { deadline: string; rule: { name: string; version: string } } {
  const version = periodicDeclarationDeadline.at(dueDate)
  return {
    deadline: addDays(dueDate, -version.rules.daysBeforeDue),
    rule: ruleRef(periodicDeclarationDeadline, version),
  }
}
