import { addDays } from './isoDates.ts'
import { ruleRef, ruleTable } from './RuleTable.ts'

/**
 * Rule table `periodicDeclarationDeadline`: the user must declare (apply for) the periodic
 * inspection at least this many days before the current inspection's validity ends.
 * A later declaration is recorded with `inTime: false` (it drags the declaration rate).
 */
export const periodicDeclarationDeadline = ruleTable<{ readonly daysBeforeDue: number }>(
  'periodicDeclarationDeadline',
  [{ version: '2022.1', effectiveFrom: '2000-01-01', rules: { daysBeforeDue: 30 } }],
)

export function declarationDeadlineFor(dueDate: string): { deadline: string; rule: { name: string; version: string } } {
  const version = periodicDeclarationDeadline.at(dueDate)
  return {
    deadline: addDays(dueDate, -version.rules.daysBeforeDue),
    rule: ruleRef(periodicDeclarationDeadline, version),
  }
}
