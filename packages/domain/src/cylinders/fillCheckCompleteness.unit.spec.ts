import t from 'tap'
import { fillCheckCompleteness } from './fillCheckCompleteness.ts'
import { cylinderTypeRuleOn } from './cylinderTypeRules.ts'
import { fillCheckItemsOn } from './fillCheckItems.ts'
import { chinaDate, addYears } from '../calendar.ts'

t.test('every item named by cylinderTypeRules exists in fillCheckItems', async (t) => {
  const items = fillCheckItemsOn('2026-01-01').rules
  const pre = new Set(items.preFill.map((i) => i.code))
  const post = new Set(items.postFill.map((i) => i.code))
  for (const type of ['lpg_welded_steel', 'dissolved_acetylene', 'vehicle_cng'] as const) {
    const { rule } = cylinderTypeRuleOn(type, '2026-01-01')
    t.ok(
      rule.preFillItems.every((i) => pre.has(i)),
      `${type} pre`,
    )
    t.ok(
      rule.postFillItems.every((i) => post.has(i)),
      `${type} post`,
    )
  }
})

t.test('complete, missing and failed items', async (t) => {
  const { rule } = cylinderTypeRuleOn('lpg_welded_steel', '2026-01-01')
  const ok = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' as const }))
  const full = { preFillChecks: ok(rule.preFillItems), postFillChecks: ok(rule.postFillItems) }
  t.equal(fillCheckCompleteness(full, 'lpg_welded_steel', '2026-01-01').complete, true)
  const partial = {
    preFillChecks: ok(rule.preFillItems.slice(1)),
    postFillChecks: [...ok(rule.postFillItems.slice(1)), { item: rule.postFillItems[0]!, answer: 'not_ok' as const }],
  }
  const result = fillCheckCompleteness(partial, 'lpg_welded_steel', '2026-01-01')
  t.same(result.missingPreFill, ['registered_coded'])
  t.same(result.missingPostFill, [])
  t.same(result.failedPostFill, ['quantity_weighed'])
  t.equal(result.complete, false)
})

t.test('calendar: China date of an instant, leap years', async (t) => {
  t.equal(chinaDate('2026-01-01T15:59:59Z'), '2026-01-01')
  t.equal(chinaDate('2026-01-01T16:00:00Z'), '2026-01-02')
  t.equal(addYears('2024-02-29', 1), '2025-02-28')
  t.equal(addYears('2024-02-29', 4), '2028-02-29')
})
