import { addDays } from '../calendar.ts'
import { ruleRef, ruleTable } from '../RuleTable.ts'

/**
 * Rule table `registrationDeadline`: use registration (使用登记) is due before, or within this
 * many days after, putting the equipment into use (TSG 08). Later registrations are recorded
 * as late.
 */
export const registrationDeadline = ruleTable<{ readonly daysAfterPutIntoService: number }>('registrationDeadline', [
  // From the date window's historical floor: equipment put into service before the registry
  // existed is judged by this first version (the id events cite).
  { version: '2022.1', effectiveFrom: '1900-01-01', rules: { daysAfterPutIntoService: 30 } },
])

export function registrationDeadlineFor(putIntoServiceDate: string): {
  deadline: string
  rule: { name: string; version: string }
} {
  const version = registrationDeadline.at(putIntoServiceDate)
  return {
    deadline: addDays(putIntoServiceDate, version.rules.daysAfterPutIntoService),
    rule: ruleRef(registrationDeadline, version),
  }
}
