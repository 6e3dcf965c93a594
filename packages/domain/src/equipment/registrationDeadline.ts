import { z } from 'zod'
import { addDays } from '../calendar.ts'
import { ruleRef, ruleTable, type RuleTable } from '../RuleTable.ts'

/**
 * Rule table `registrationDeadline`: use registration (使用登记) is due before, or within this
 * many days after, putting the equipment into use (TSG 08). Later registrations are recorded
 * as late. Publishable (`POST /admin/rule-tables/registrationDeadline/versions`): a version
 * judges equipment put into service from its effective day on.
 */
export interface RegistrationDeadlineRules {
  readonly daysAfterPutIntoService: number
}

const RegistrationDeadlineRulesSchema = z.strictObject({
  daysAfterPutIntoService: z.int().min(0).max(3650),
})

export const registrationDeadline = ruleTable<RegistrationDeadlineRules>(
  'registrationDeadline',
  [
    // From the date window's historical floor: equipment put into service before the registry
    // existed is judged by this first version (the id events cite).
    { version: '2022.1', effectiveFrom: '1900-01-01', rules: { daysAfterPutIntoService: 30 } },
  ],
  { rulesSchema: RegistrationDeadlineRulesSchema },
)

/** The deadline for equipment put into service on a day, by `table` (the effective one: code and published versions). */
export function registrationDeadlineFor(
  putIntoServiceDate: string,
  table: RuleTable<RegistrationDeadlineRules> = registrationDeadline,
): {
  deadline: string
  rule: { name: string; version: string }
} {
  const version = table.at(putIntoServiceDate)
  return {
    deadline: addDays(putIntoServiceDate, version.rules.daysAfterPutIntoService),
    rule: ruleRef(table, version),
  }
}
