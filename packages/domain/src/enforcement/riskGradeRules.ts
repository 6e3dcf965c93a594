import { ruleTable } from '../RuleTable.ts'
import type { ViolationCategory } from './violationCatalogue.ts'

/**
 * Rule table `riskGradeRules` (差异化监管): an organisation's risk grade A–E from its violations
 * that occurred in the last `windowMonths` months.
 *   score = Σ weight[category] × (open ? 1 : resolvedFactor)
 *   grade = the first grade whose maxScore ≥ score (A is the most trustworthy).
 * Weights follow harm: filling a non-compliant cylinder or working uncertified can kill;
 * a missing check item or late registration is a paperwork failure first.
 */
export interface RiskGradeRules {
  readonly windowMonths: number
  readonly weights: Readonly<Record<ViolationCategory, number>>
  readonly resolvedFactor: number
  readonly grades: readonly { readonly grade: 'A' | 'B' | 'C' | 'D' | 'E'; readonly maxScore: number }[]
}

export const riskGradeRules = ruleTable<RiskGradeRules>('riskGradeRules', [
  {
    version: '2022.1',
    effectiveFrom: '2022-01-01',
    rules: {
      windowMonths: 12,
      weights: {
        equipment_unregistered_or_uninspected: 3,
        operator_uncertified: 4,
        noncompliant_cylinder_filled: 5,
        fill_checks_missing: 1,
        uncertified_gas_appliance: 4,
      },
      resolvedFactor: 0.5,
      grades: [
        { grade: 'A', maxScore: 0 },
        { grade: 'B', maxScore: 5 },
        { grade: 'C', maxScore: 15 },
        { grade: 'D', maxScore: 40 },
        { grade: 'E', maxScore: Number.POSITIVE_INFINITY },
      ],
    },
  },
])
