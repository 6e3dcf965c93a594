/**
 * A named, versioned rule table: the rules in force change over time (regulations get
 * revised), and a decision about a past date must use the version in force on that date.
 * Versions are data with an effective-from date; `at(date)` picks the latest one in force.
 */
export interface RuleVersion<Rules> {
  readonly version: string
  /** YYYY-MM-DD, inclusive. */
  readonly effectiveFrom: string
  readonly rules: Rules
}

export interface RuleTable<Rules> {
  readonly name: string
  readonly versions: readonly RuleVersion<Rules>[]
  /** The version in force on `date` (YYYY-MM-DD); the earliest one for dates before all. */
  at(date: string): RuleVersion<Rules>
}

export function ruleTable<Rules>(name: string, versions: readonly RuleVersion<Rules>[]): RuleTable<Rules> {
  if (versions.length === 0) throw new Error(`rule table ${name} has no version`)
  const sorted = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))
  return {
    name,
    versions: sorted,
    at(date) {
      let found = sorted[0]!
      for (const candidate of sorted) if (candidate.effectiveFrom <= date) found = candidate
      return found
    },
  }
}

/** How events cite the rule they applied. */
export function ruleRef(table: RuleTable<unknown>, version: RuleVersion<unknown>): { name: string; version: string } {
  return { name: table.name, version: version.version }
}
