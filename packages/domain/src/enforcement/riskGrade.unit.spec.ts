import t from 'tap'
import { riskGrade } from './riskGrade.ts'
import { riskGradeRules } from './riskGradeRules.ts'
import { ruleTable } from '../RuleTable.ts'

const rules = riskGradeRules.at('2026-01-01').rules

t.test('no violations is A; the score follows the documented weights; thresholds inclusive', async (t) => {
  t.same(riskGrade([], rules), { grade: 'A', score: 0 })
  t.same(riskGrade([{ category: 'fill_checks_missing', open: 5, resolved: 0 }], rules), { grade: 'B', score: 5 })
  t.same(riskGrade([{ category: 'noncompliant_cylinder_filled', open: 3, resolved: 0 }], rules), {
    grade: 'C',
    score: 15,
  })
  t.same(
    riskGrade(
      [
        { category: 'noncompliant_cylinder_filled', open: 6, resolved: 2 },
        { category: 'operator_uncertified', open: 1, resolved: 0 },
      ],
      rules,
    ),
    { grade: 'D', score: 39 },
    'resolved ones count half',
  )
  t.equal(riskGrade([{ category: 'operator_uncertified', open: 11, resolved: 0 }], rules).grade, 'E')
})

t.test(
  'rule-table driven: other weights, factor and thresholds give another grade; the version in force by date',
  async (t) => {
    const counts = [
      { category: 'fill_checks_missing' as const, open: 2, resolved: 2 },
      { category: 'operator_uncertified' as const, open: 0, resolved: 1 },
    ]
    t.same(riskGrade(counts, rules), { grade: 'B', score: 2 + 1 + 2 })
    const stricter = {
      ...rules,
      weights: { ...rules.weights, fill_checks_missing: 10 },
      resolvedFactor: 1,
      grades: [
        { grade: 'A' as const, maxScore: 0 },
        { grade: 'B' as const, maxScore: 1 },
        { grade: 'C' as const, maxScore: 2 },
        { grade: 'D' as const, maxScore: 3 },
        { grade: 'E' as const, maxScore: Number.POSITIVE_INFINITY },
      ],
    }
    t.same(riskGrade(counts, stricter), { grade: 'E', score: 40 + 4 })
    const table = ruleTable('riskGradeRules', [
      { version: '2022.1', effectiveFrom: '2022-01-01', rules },
      { version: '2027.1', effectiveFrom: '2027-01-01', rules: stricter },
    ])
    t.equal(riskGrade(counts, table.at('2026-12-31').rules).grade, 'B', 'before the new version')
    t.equal(riskGrade(counts, table.at('2027-01-01').rules).grade, 'E', 'from its effective day')
  },
)
