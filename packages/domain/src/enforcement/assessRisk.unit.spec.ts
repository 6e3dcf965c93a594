import t from 'tap'
import { ruleTable } from '../RuleTable.ts'
import { assessRisk, type RiskSignal } from './assessRisk.ts'
import { riskCatalogueRules, type RiskCatalogueRules } from './riskCatalogueRules.ts'

const on = '2026-06-30'
const station: RiskSignal = { source: 'organisation', kind: 'filling_station', ref: 'org-1', on: '2020-01-01' }
const elevatorUser: RiskSignal = { source: 'organisation', kind: 'equipment_user', ref: 'org-2', on: '2020-01-01' }
const points = (a: ReturnType<typeof assessRisk>, id: string) => a.indicators.find((i) => i.indicator === id)!.points

t.test('inherent risk: an LPG filling station is not an elevator user', async (t) => {
  const lpg = assessRisk(
    [station, { source: 'equipment', kind: 'gas_cylinder', ref: 'cylinders', on: '2021-01-01' }],
    on,
  )
  const lift = assessRisk(
    [
      elevatorUser,
      { source: 'equipment', kind: 'elevator', ref: 'E1', on: '2021-01-01' },
      { source: 'equipment', kind: 'elevator', ref: 'E2', on: '2021-01-01' },
    ],
    on,
  )
  t.equal(lpg.score, 11)
  t.equal(lpg.grade, 'C')
  t.equal(lift.score, 2, 'two elevators count as one kind of equipment')
  t.equal(lift.grade, 'A')
  t.same(lift.indicators.find((i) => i.indicator === 'inherent.equipment')!.signals, [
    { ref: 'E1', kind: 'elevator', on: '2021-01-01', points: 1 },
  ])
  t.same(lpg.rule, { name: 'riskCatalogueRules', version: '2022.1' })
})

t.test('violations by harm and recency, cured ones at half; overdue inspections their own row', async (t) => {
  const v = (ref: string, kind: string, day: string, open = true, detail?: string): RiskSignal => ({
    source: 'violation',
    kind,
    detail,
    ref,
    on: day,
    open,
  })
  const a = assessRisk(
    [
      elevatorUser,
      v('v-recent', 'noncompliant_cylinder_filled', '2026-06-01'), // 5
      v('v-year', 'noncompliant_cylinder_filled', '2025-12-01'), // 2.5
      v('v-old', 'noncompliant_cylinder_filled', '2024-01-01'), // 1
      v('v-ancient', 'noncompliant_cylinder_filled', '2020-01-01'), // 0
      v('v-cured', 'operator_uncertified', '2026-06-01', false), // 2
      v('v-future', 'operator_uncertified', '2026-07-01'), // not yet
      v('v-overdue', 'equipment_unregistered_or_uninspected', '2026-05-01', true, 'inspection_overdue'), // 4
      v('v-overdue-cured', 'equipment_unregistered_or_uninspected', '2026-05-01', false, 'inspection_overdue'), // 0
      v('v-cyl-overdue', 'noncompliant_cylinder_filled', '2026-06-02', true, 'inspection_overdue'), // 5: a fill, not equipment
    ],
    on,
  )
  t.equal(points(a, 'violations'), 15.5)
  t.same(
    a.indicators.find((i) => i.indicator === 'violations')!.signals.map((s) => s.ref),
    ['v-old', 'v-year', 'v-recent', 'v-cyl-overdue', 'v-cured'],
    'each counted violation is named, with its points',
  )
  t.equal(points(a, 'inspections.overdue'), 4)
  t.equal(a.score, 20.5)
  t.equal(a.grade, 'D')
})

t.test('rectification orders: open, overdue, not rectified, rebound', async (t) => {
  const o = (ref: string, kind: string): RiskSignal => ({ source: 'rectification_order', kind, ref, on: '2026-05-01' })
  const a = assessRisk(
    [station, o('RO-1', 'open'), o('RO-1', 'overdue'), o('RO-2', 'rebound'), o('RO-3', 'not_rectified')],
    on,
  )
  t.same(
    ['rectification.open', 'rectification.overdue', 'rectification.rebound', 'rectification.not_rectified'].map((id) =>
      points(a, id),
    ),
    [2, 5, 6, 8],
  )
  t.equal(a.score, 29)
  t.equal(a.grade, 'D')
  t.equal(assessRisk([station, o('RO-1', 'overdue'), o('RO-4', 'overdue')], on).score, 18)
})

t.test('routine inspections that found problems, in the last year, at most 9', async (t) => {
  const si = (ref: string, kind: string, day: string): RiskSignal => ({
    source: 'supervision_inspection',
    kind,
    ref,
    on: day,
  })
  const a = assessRisk(
    [
      elevatorUser,
      si('SI-1', 'problems_found', '2026-03-01'),
      si('SI-2', 'no_problem', '2026-04-01'),
      si('SI-3', 'problems_found', '2025-01-01'), // more than a year ago
    ],
    on,
  )
  t.equal(points(a, 'inspections.problems_found'), 3)
  t.same(
    a.indicators.find((i) => i.indicator === 'inspections.problems_found')!.signals.map((s) => s.ref),
    ['SI-1'],
  )
  const many = ['a', 'b', 'c', 'd'].map((r) => si(r, 'problems_found', '2026-06-01'))
  t.equal(points(assessRisk([elevatorUser, ...many], on), 'inspections.problems_found'), 9)
})

t.test('an indicator added later is a row: complaints, without changing the function', async (t) => {
  const base = riskCatalogueRules.at(on)
  const withComplaints = ruleTable<RiskCatalogueRules>('riskCatalogueRules', [
    base,
    {
      version: '2027.1',
      effectiveFrom: '2027-01-01',
      rules: {
        ...base.rules,
        indicators: [
          ...base.rules.indicators,
          {
            id: 'complaints.substantiated',
            label: { en: 'substantiated complaints', 'zh-CN': '查实的投诉举报' },
            source: 'complaint',
            kinds: ['substantiated'],
            points: 3,
            cap: 9,
          },
        ],
      },
    },
  ])
  const c = (ref: string): RiskSignal => ({ source: 'complaint', kind: 'substantiated', ref, on: '2027-02-01' })
  const signals = [elevatorUser, c('c1'), c('c2'), c('c3'), c('c4')]
  t.equal(assessRisk(signals, '2027-03-01', withComplaints.at('2027-03-01')).score, 10, 'capped at 9, plus 1')
  t.equal(assessRisk(signals, '2026-12-31', withComplaints.at('2026-12-31')).score, 1, 'not a row before 2027')
})

t.test('2026.1: complaints about it, penalties decided, referrals the police accepted', async (t) => {
  const day = '2027-03-01'
  const rules = riskCatalogueRules.at(day)
  t.equal(riskCatalogueRules.at(day).version, '2026.1')
  const complaint = (ref: string, on: string): RiskSignal => ({ source: 'complaint', kind: 'received', ref, on })
  const decided = (ref: string, on: string): RiskSignal => ({ source: 'penalty_case', kind: 'decided', ref, on })
  const referred: RiskSignal = { source: 'penalty_case', kind: 'referred_accepted', ref: 'PC-9', on: '2025-01-10' }
  const complaints = ['1', '2', '3', '4', '5', '6'].map((r) => complaint(`CP-${r}`, '2026-12-20'))
  const assessed = assessRisk(
    [
      elevatorUser,
      ...complaints,
      complaint('CP-old', '2025-12-01'),
      decided('PC-1', '2027-01-15'),
      decided('PC-2', '2025-06-01'),
      referred,
    ],
    day,
    rules,
  )
  t.equal(
    points(assessed, 'complaints.received'),
    5,
    'a point a complaint of the last year, at most 5; an older one none',
  )
  t.equal(points(assessed, 'cases.decided'), 9, 'a penalty this year in full, one of two years ago at half')
  t.equal(points(assessed, 'cases.referred'), 15, 'a referral the police accepted')
  const before = riskCatalogueRules.at('2026-11-30')
  t.equal(before.version, '2022.1', 'graded before 2026-12-01 by the version without these rows')
  t.equal(
    assessRisk([elevatorUser, ...complaints, decided('PC-1', '2026-11-01')], '2026-11-30', before).score,
    assessRisk([elevatorUser], '2026-11-30', before).score,
    'complaints and cases do not count before 2026.1',
  )
})
