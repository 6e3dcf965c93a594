import t from 'tap'
import { DomainError } from './Decider.ts'
import { NoRuleInForceError, ruleRef, ruleTable } from './RuleTable.ts'
import { dateWindow } from './dateWindow.ts'
import { inspectionIntervals } from './equipment/inspectionIntervals.ts'
import { registrationDeadline } from './equipment/registrationDeadline.ts'
import { periodicDeclarationDeadline } from './equipment/periodicDeclarationDeadline.ts'

const table = ruleTable('example', [
  { version: 'example/2', effectiveFrom: '2024-01-01', rules: 2 },
  { version: 'example/1', effectiveFrom: '2020-01-01', rules: 1 },
])

t.test('the version in force on a day: the latest effective on or before it', async (t) => {
  t.equal(table.at('2020-01-01').version, 'example/1', 'from its effective day, inclusive')
  t.equal(table.at('2023-12-31').version, 'example/1')
  t.equal(table.at('2024-01-01').version, 'example/2')
  t.same(
    table.versions.map((v) => v.version),
    ['example/1', 'example/2'],
    'versions oldest first',
  )
  t.same(ruleRef(table, table.at('2025-06-01')), { name: 'example', version: 'example/2' })
})

t.test('a day before the first version: no rule in force, never the earliest version', async (t) => {
  t.equal(table.inForceOn('2019-12-31'), undefined, 'inForceOn says none')
  const error = (() => {
    try {
      table.at('2019-12-31')
    } catch (e) {
      return e
    }
  })()
  t.ok(error instanceof NoRuleInForceError, 'at() throws')
  t.ok(error instanceof DomainError, 'a refusal the HTTP edge answers as problem+json')
  t.match(error, { code: 'no-rule-in-force', message: /example: no rule version in force on 2019-12-31/ })
})

t.test('tables looked up by a historical or scheduled day cover the date window from its floor', async (t) => {
  const { earliest } = dateWindow.at('2026-06-15').rules
  for (const [looked, floor] of [
    [inspectionIntervals, earliest.historical],
    [registrationDeadline, earliest.historical],
    [periodicDeclarationDeadline, earliest.scheduled],
  ] as const) {
    t.ok(looked.at(floor), `${looked.name} from ${floor}`)
  }
  t.equal(registrationDeadline.at(earliest.historical).version, '2022.1', 'the version events already cite')
  t.equal(inspectionIntervals.at(earliest.historical).version, '2026.1', 'the correction of 2022.1, from the same day')
})

t.test(
  'a correction replaces the version it corrects from the same day; two versions on one day otherwise refused',
  async (t) => {
    const corrected = ruleTable('corrected', [
      { version: 'c/2', effectiveFrom: '2020-01-01', rules: 'right', corrects: 'c/1' },
      { version: 'c/1', effectiveFrom: '2020-01-01', rules: 'wrong' },
      { version: 'c/3', effectiveFrom: '2024-01-01', rules: 'later' },
    ])
    t.equal(corrected.at('2020-01-01').rules, 'right')
    t.equal(corrected.at('2023-12-31').version, 'c/2')
    t.equal(corrected.at('2024-01-01').version, 'c/3')
    t.same(
      corrected.versions.map((v) => v.version),
      ['c/1', 'c/2', 'c/3'],
      'the corrected version stays listed',
    )
    t.throws(
      () =>
        ruleTable('ambiguous', [
          { version: 'a/1', effectiveFrom: '2020-01-01', rules: 1 },
          { version: 'a/2', effectiveFrom: '2020-01-01', rules: 2 },
        ]),
      /both start on 2020-01-01/,
    )
  },
)
