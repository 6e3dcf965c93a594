import t from 'tap'
import { enforcementCatalogue, type EnforcementEvent } from '@gsr/events/enforcement'
import { DomainError } from '../Decider.ts'
import { rectificationOrderDecider, type RectificationOrderCommand } from './rectificationOrderDecider.ts'
import {
  isOverdueOn,
  reboundOf,
  rectificationOrderStatusOn,
  type RectificationOrderFacts,
} from './rectificationOrderStatus.ts'

function run(history: EnforcementEvent[], command: RectificationOrderCommand): EnforcementEvent[] {
  const state = history.reduce(rectificationOrderDecider.evolve, rectificationOrderDecider.initialState())
  const decided = [...rectificationOrderDecider.decide(command, state)]
  for (const e of decided) enforcementCatalogue[e.type].schema.parse(e.data)
  return [...history, ...decided]
}

function refusal(fn: () => unknown): { code: string; fields: readonly string[] } {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.fields }
    throw error
  }
  return { code: 'no error', fields: [] }
}

type IssueData = Extract<RectificationOrderCommand, { type: 'IssueRectificationOrder' }>['data']
const issue = (over: Partial<IssueData> = {}): RectificationOrderCommand => ({
  type: 'IssueRectificationOrder',
  data: {
    orderId: 'RO-1',
    enforcementOrganisationId: 'org-team',
    region: '330106',
    organisationId: 'org-station',
    problems: [
      { source: 'violation', id: 'v-1', category: 'noncompliant_cylinder_filled' },
      { source: 'violation', id: 'v-2', category: 'noncompliant_cylinder_filled' },
      { source: 'finding', id: 'f-1', category: 'operator_uncertified' },
    ],
    issuedOn: '2026-03-02',
    ...over,
  },
})
const deliver = (deliveredOn = '2026-03-03') =>
  ({ type: 'DeliverRectificationOrder', data: { deliveredOn, method: 'in_person' } }) as const
const recheck = (recheckedOn: string, outcome: 'rectified' | 'not_rectified') =>
  ({ type: 'RecheckRectificationOrder', data: { recheckedOn, outcome } }) as const

t.test('issue: the default term and the articles of the rule table in force, one per category', async (t) => {
  const [issued] = run([], issue())
  t.equal(issued?.type, 'RectificationOrderIssued')
  const data = issued!.data as Extract<EnforcementEvent, { type: 'RectificationOrderIssued' }>['data']
  t.equal(data.deadline, '2026-03-17', '15 days (rectificationOrderRules 2014.1)')
  t.same(data.rule, { name: 'rectificationOrderRules', version: '2014.1' })
  t.same(
    data.legalBasis.map((b) => b.category),
    ['noncompliant_cylinder_filled', 'operator_uncertified'],
  )
  t.match(data.legalBasis[0]!.article, /第八十五条/)
  t.match(data.legalBasis[1]!.article, /第八十六条/)
  t.match(run([], issue({ deadline: '2026-03-05' }))[0]?.data, { deadline: '2026-03-05' }, 'a shorter term as given')
})

t.test('issue refusals', async (t) => {
  const issued = run([], issue())
  t.same(
    refusal(() => run(issued, issue())),
    { code: 'order-already-issued', fields: ['orderId'] },
  )
  t.same(
    refusal(() => run([], issue({ deadline: '2026-03-01' }))),
    {
      code: 'deadline-before-issue',
      fields: ['deadline'],
    },
  )
  t.same(
    refusal(() => run([], issue({ deadline: '2026-06-01' }))),
    {
      code: 'deadline-beyond-rule',
      fields: ['deadline'],
    },
  )
  t.equal(refusal(() => run([], issue({ deadline: '2026-05-31' }))).code, 'no error', '90 days is the longest term')
  t.same(
    refusal(() =>
      run(
        [],
        issue({ problems: [1, 2].map(() => ({ source: 'violation', id: 'v-1', category: 'fill_checks_missing' })) }),
      ),
    ),
    { code: 'duplicate-problem', fields: ['problems'] },
  )
  t.same(
    refusal(() => run([], issue({ issuedOn: '2013-12-31' }))),
    { code: 'no-rule-in-force', fields: ['issuedOn'] },
  )
  t.same(
    refusal(() => run([], issue({ problems: [{ source: 'finding', id: 'f', category: 'jaywalking' }] }))),
    { code: 'unknown-problem-category', fields: ['problems'] },
  )
})

t.test('deliver: once, not before the issue; never an unknown order', async (t) => {
  const issued = run([], issue())
  const delivered = run(issued, deliver())
  t.same(delivered.at(-1), {
    type: 'RectificationOrderDelivered',
    data: { orderId: 'RO-1', region: '330106', deliveredOn: '2026-03-03', method: 'in_person' },
  })
  t.equal(refusal(() => run([], deliver())).code, 'order-not-found')
  t.equal(refusal(() => run(delivered, deliver())).code, 'order-already-delivered')
  t.same(
    refusal(() => run(issued, deliver('2026-03-01'))),
    { code: 'delivered-before-issue', fields: ['deliveredOn'] },
  )
})

t.test('re-check: at or after the deadline, once delivered, once; a failed one escalates', async (t) => {
  const issued = run([], issue())
  const delivered = run(issued, deliver())
  const rectified = run(delivered, recheck('2026-03-17', 'rectified'))
  t.same(
    rectified.slice(2).map((e) => e.type),
    ['RectificationOrderRechecked'],
    'on the deadline day, rectified: nothing escalates',
  )
  const failed = run(delivered, recheck('2026-03-20', 'not_rectified'))
  t.same(failed.slice(2), [
    {
      type: 'RectificationOrderRechecked',
      data: { orderId: 'RO-1', region: '330106', recheckedOn: '2026-03-20', outcome: 'not_rectified' },
    },
    {
      type: 'RectificationOrderEscalated',
      data: {
        orderId: 'RO-1',
        region: '330106',
        organisationId: 'org-station',
        escalatedOn: '2026-03-20',
        reason: 'not_rectified',
      },
    },
  ])
  t.equal(refusal(() => run([], recheck('2026-03-20', 'rectified'))).code, 'order-not-found')
  t.equal(refusal(() => run(issued, recheck('2026-03-20', 'rectified'))).code, 'order-not-delivered')
  t.same(
    refusal(() => run(delivered, recheck('2026-03-16', 'rectified'))),
    {
      code: 'recheck-before-deadline',
      fields: ['recheckedOn'],
    },
  )
  t.equal(refusal(() => run(rectified, recheck('2026-03-20', 'not_rectified'))).code, 'order-already-rechecked')
  t.equal(refusal(() => run(rectified, deliver())).code, 'order-already-delivered')
})

const facts = (over: Partial<RectificationOrderFacts>): RectificationOrderFacts => ({
  orderId: 'RO-1',
  organisationId: 'org-station',
  categories: ['fill_checks_missing'],
  issuedOn: '2026-01-05',
  deadline: '2026-01-20',
  deliveredOn: '2026-01-06',
  recheckedOn: '2026-01-21',
  outcome: 'rectified',
  ...over,
})

t.test('status and overdue on a day, from the field dates', async (t) => {
  const order = facts({})
  t.equal(rectificationOrderStatusOn(order, '2026-01-05'), 'issued')
  t.equal(rectificationOrderStatusOn(order, '2026-01-06'), 'delivered')
  t.equal(rectificationOrderStatusOn(order, '2026-01-21'), 'rectified')
  t.notOk(isOverdueOn(order, '2026-01-20'), 'not on the deadline day')
  t.ok(isOverdueOn(order, '2026-01-21') === false, 're-checked that day')
  t.ok(isOverdueOn(facts({ recheckedOn: null, outcome: null }), '2026-01-21'))
  t.ok(isOverdueOn(order, '2026-01-21') === false && isOverdueOn(facts({ recheckedOn: '2026-01-25' }), '2026-01-22'))
})

t.test('rebound: same organisation, a shared category, within the window after a rectified re-check', async (t) => {
  const earlier = facts({})
  const later = facts({ orderId: 'RO-2', issuedOn: '2026-06-01', recheckedOn: null, outcome: null })
  t.same(reboundOf(later, [earlier]), {
    orderId: 'RO-1',
    categories: ['fill_checks_missing'],
    rectifiedOn: '2026-01-21',
  })
  t.same(reboundOf(facts({ ...later, issuedOn: '2027-01-21' }), [earlier])?.orderId, 'RO-1', '365 days: still inside')
  t.equal(reboundOf(facts({ ...later, issuedOn: '2027-01-22' }), [earlier]), undefined, 'past the window')
  t.equal(reboundOf(facts({ ...later, categories: ['operator_uncertified'] }), [earlier]), undefined, 'another kind')
  t.equal(reboundOf(facts({ ...later, organisationId: 'org-other' }), [earlier]), undefined, 'another subject')
  t.equal(reboundOf(later, [facts({ outcome: 'not_rectified' })]), undefined, 'never rectified: no rebound')
  t.equal(reboundOf(facts({ ...later, issuedOn: '2026-01-21' }), [earlier]), undefined, 'not before the re-check')
})
