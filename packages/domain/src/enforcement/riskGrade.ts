import type { RiskGradeRules } from './riskGradeRules.ts'
import type { ViolationCategory } from './violationCatalogue.ts'

/** Counts of an organisation's violations in the rule's window, by category and status. */
export interface ViolationCounts {
  readonly category: ViolationCategory
  readonly open: number
  readonly resolved: number
}

export interface RiskGrade {
  readonly grade: 'A' | 'B' | 'C' | 'D' | 'E'
  readonly score: number
}

/** The formula is documented on the rule table (riskGradeRules.ts). */
export function riskGrade(counts: readonly ViolationCounts[], rules: RiskGradeRules): RiskGrade {
  let score = 0
  for (const c of counts) score += rules.weights[c.category] * (c.open + rules.resolvedFactor * c.resolved)
  const grade = rules.grades.find((g) => score <= g.maxScore) ?? rules.grades.at(-1)!
  return { grade: grade.grade, score }
}
