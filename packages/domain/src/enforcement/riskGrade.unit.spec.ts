import t from 'tap'
import { riskGrade } from './riskGrade.ts'
import { riskGradeRules } from './riskGradeRules.ts'

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
