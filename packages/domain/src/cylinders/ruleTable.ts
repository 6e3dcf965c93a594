/** A versioned rule table: each version applies from its effective date (inclusive). */
export interface RuleVersion<Rules> {
  readonly version: string
  /** YYYY-MM-DD */
  readonly effectiveFrom: string
  readonly rules: Rules
}

/** The version in force on `date` (YYYY-MM-DD); throws when the table starts later. */
export function ruleVersionOn<Rules>(table: readonly RuleVersion<Rules>[], date: string): RuleVersion<Rules> {
  let found: RuleVersion<Rules> | undefined
  for (const candidate of table) {
    if (candidate.effectiveFrom <= date && (!found || candidate.effectiveFrom > found.effectiveFrom)) found = candidate
  }
  if (!found) throw new Error(`no rule version in force on ${date}`)
  return found
}
