import t from 'tap'
import { enforcementCatalogue, type EnforcementEvent } from '@gsr/events/enforcement'
import { DomainError } from '../Decider.ts'
import { penaltyCaseDecider, type PenaltyCaseCommand } from './penaltyCaseDecider.ts'
import {
  caseDecisionDueOn,
  caseReferralOn,
  isCaseOverdueOn,
  penaltyCaseStageOn,
  type PenaltyCaseFacts,
} from './penaltyCaseStatus.ts'

function run(history: EnforcementEvent[], command: PenaltyCaseCommand): EnforcementEvent[] {
  const state = history.reduce(penaltyCaseDecider.evolve, penaltyCaseDecider.initialState())
  const decided = [...penaltyCaseDecider.decide(command, state)]
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
const code = (fn: () => unknown) => refusal(fn).code

const admin = { id: 'org-team/u-lead', mayApprove: true }
const operator = { id: 'org-team/u-op', mayApprove: false }

type OpenData = Extract<PenaltyCaseCommand, { type: 'OpenPenaltyCase' }>['data']
const open = (over: Partial<OpenData> = {}): PenaltyCaseCommand => ({
  type: 'OpenPenaltyCase',
  data: {
    caseId: 'PC-1',
    enforcementOrganisationId: 'org-team',
    region: '330106',
    organisationId: 'org-station',
    sources: [
      { source: 'rectification_order', id: 'RO-1', categories: ['fill_checks_missing'] },
      { source: 'complaint', id: '12345-0001', categories: [] },
    ],
    openedOn: '2026-03-02',
    ...over,
  },
})
const investigate = (investigatedOn = '2026-03-10'): PenaltyCaseCommand => ({
  type: 'RecordCaseInvestigation',
  data: { investigatedOn, findings: '询问笔录' },
})
const extend = (approvedOn = '2026-05-20', approver = admin, extensionDays?: number): PenaltyCaseCommand => ({
  type: 'ExtendCaseTimeLimit',
  data: { approvedOn, reason: '案情复杂', approver, extensionDays },
})
type DecideData = Extract<PenaltyCaseCommand, { type: 'DecidePenaltyCase' }>['data']
const decideCmd = (over: Partial<DecideData> = {}): PenaltyCaseCommand => ({
  type: 'DecidePenaltyCase',
  data: {
    decidedOn: '2026-04-01',
    decisionNumber: '罚〔2026〕1号',
    penalties: [{ kind: 'warning' }, { kind: 'fine', amountFen: 2_000_050 }],
    approver: admin,
    ...over,
  },
})
const close = (closedOn = '2026-04-20', fineCollectedFen = 2_000_050): PenaltyCaseCommand => ({
  type: 'ClosePenaltyCase',
  data: { closedOn, fineCollectedFen },
})
const drop = (droppedOn = '2026-03-20'): PenaltyCaseCommand => ({
  type: 'DropPenaltyCase',
  data: { droppedOn, kind: 'no_penalty', reason: '违法行为轻微并及时改正' },
})
const refer = (referredOn = '2026-04-05'): PenaltyCaseCommand => ({
  type: 'ReferCaseToPolice',
  data: {
    referredOn,
    policeAgency: '西湖区分局',
    reason: '涉嫌犯罪',
    evidence: [{ url: '/enforcement/violations/v/evidence-bundle' }],
  },
})
const receipt = (
  outcome: 'accepted' | 'declined',
  over: { receivedOn?: string; criminalCaseNumber?: string; reason?: string } = {},
): PenaltyCaseCommand => ({
  type: 'RecordPoliceReceipt',
  data: { receivedOn: '2026-04-10', outcome, ...over },
})

const opened = run([], open())
const decided = run(opened, decideCmd())
const types = (events: EnforcementEvent[]) => events.map((e) => e.type)

t.test('open: the decision due day from the rule table in force; refusals', async (t) => {
  t.match(opened[0]?.data, {
    caseId: 'PC-1',
    openedOn: '2026-03-02',
    decisionDue: '2026-05-31',
    rule: { name: 'penaltyCaseRules', version: '2019.1' },
  })
  t.same(
    refusal(() => run(opened, open())),
    { code: 'case-already-opened', fields: ['caseId'] },
  )
  const twice = { source: 'violation' as const, id: 'v-1', categories: [] }
  t.same(
    refusal(() => run([], open({ sources: [twice, twice] }))),
    { code: 'case-duplicate-source', fields: ['sources'] },
  )
  t.same(
    refusal(() => run([], open({ openedOn: '2019-03-31' }))),
    { code: 'no-rule-in-force', fields: ['openedOn'] },
  )
})

t.test('every step needs an opened case', async (t) => {
  for (const command of [investigate(), extend(), decideCmd(), close(), drop(), refer(), receipt('accepted')])
    t.equal(
      code(() => run([], command)),
      'case-not-found',
      command.type,
    )
})

t.test('investigate: once, before the decision, not before opening', async (t) => {
  const investigated = run(opened, investigate())
  t.same(investigated.at(-1), {
    type: 'PenaltyCaseInvestigated',
    data: { caseId: 'PC-1', region: '330106', investigatedOn: '2026-03-10', findings: '询问笔录' },
  })
  t.equal(
    code(() => run(investigated, investigate())),
    'case-already-investigated',
  )
  t.equal(
    code(() => run(decided, investigate())),
    'case-already-decided',
  )
  t.same(
    refusal(() => run(opened, investigate('2026-03-01'))),
    {
      code: 'case-date-before-opening',
      fields: ['investigatedOn'],
    },
  )
})

t.test('extend: by an approver, once, by the due day, at most the rule’s days', async (t) => {
  const extended = run(opened, extend())
  t.match(extended.at(-1)?.data, { approvedBy: 'org-team/u-lead', extensionDays: 30, decisionDue: '2026-06-30' })
  t.equal(
    code(() => run(opened, extend('2026-05-20', operator))),
    'case-approval-required',
  )
  t.equal(
    code(() => run(extended, extend())),
    'case-extension-limit',
  )
  t.same(
    refusal(() => run(opened, extend('2026-06-01'))),
    { code: 'case-extension-too-late', fields: ['approvedOn'] },
  )
  t.equal(
    code(() => run(opened, extend('2026-05-31'))),
    'no error',
    'on the due day itself',
  )
  t.same(
    refusal(() => run(opened, extend('2026-05-20', admin, 31))),
    {
      code: 'case-extension-too-long',
      fields: ['extensionDays'],
    },
  )
  t.match(run(opened, extend('2026-05-20', admin, 10)).at(-1)?.data, { decisionDue: '2026-06-10' })
  t.equal(
    code(() => run(decided, extend())),
    'case-already-decided',
  )
})

t.test('decide: by an approver; fines in fen summed; articles per category of the sources', async (t) => {
  const data = decided.at(-1)!.data as { fineFen: number; legalBasis: { category: string; article: string }[] }
  t.equal(data.fineFen, 2_000_050, 'exact fen')
  t.same(
    data.legalBasis.map((b) => b.category),
    ['fill_checks_missing'],
  )
  t.match(data.legalBasis[0]!.article, /第八十五条/)
  t.equal(
    code(() => run(opened, decideCmd({ approver: operator }))),
    'case-approval-required',
  )
  t.equal(
    code(() => run(decided, decideCmd())),
    'case-already-decided',
  )
  t.same(
    refusal(() => run(opened, decideCmd({ decidedOn: '2026-03-01' }))),
    {
      code: 'case-date-before-opening',
      fields: ['decidedOn'],
    },
  )
  t.same(
    refusal(() => run(opened, decideCmd({ penalties: [{ kind: 'fine' }] }))),
    {
      code: 'case-fine-amount-required',
      fields: ['penalties.0.amountFen'],
    },
  )
  t.same(
    refusal(() => run(opened, decideCmd({ penalties: [{ kind: 'fine', amountFen: 0 }] }))).code,
    'case-fine-amount-required',
  )
  t.same(
    refusal(() => run(opened, decideCmd({ penalties: [{ kind: 'warning', amountFen: 5 }] }))),
    {
      code: 'case-amount-not-allowed',
      fields: ['penalties.0.amountFen'],
    },
  )
  t.equal(
    code(() => run(opened, decideCmd({ penalties: [{ kind: 'warning' }, { kind: 'warning' }] }))),
    'case-duplicate-penalty',
  )
  t.match(
    run(opened, decideCmd({ penalties: [{ kind: 'confiscation', amountFen: 100 }, { kind: 'revocation' }] })).at(-1)
      ?.data,
    { fineFen: 0 },
    'a confiscation is not a fine',
  )
  const complaintOnly = run([], open({ sources: [{ source: 'complaint', id: 'c-1', categories: [] }] }))
  t.same(
    refusal(() => run(complaintOnly, decideCmd())),
    { code: 'case-without-category', fields: ['categories'] },
  )
  t.match(run(complaintOnly, decideCmd({ categories: ['operator_uncertified'] })).at(-1)?.data, {
    legalBasis: [{ category: 'operator_uncertified' }],
  })
  t.same(
    refusal(() => run(complaintOnly, decideCmd({ categories: ['jaywalking'] }))),
    {
      code: 'case-unknown-category',
      fields: ['categories'],
    },
  )
})

t.test('close: once decided (or accepted by the police); collected at most the fine', async (t) => {
  const closed = run(decided, close())
  t.same(types(closed.slice(-1)), ['PenaltyCaseClosed'])
  t.equal(
    code(() => run(opened, close())),
    'case-not-decided',
  )
  t.equal(
    code(() => run(closed, close())),
    'case-ended',
  )
  t.same(
    refusal(() => run(decided, close('2026-03-31'))),
    { code: 'case-closed-before-decision', fields: ['closedOn'] },
  )
  t.same(
    refusal(() => run(decided, close('2026-04-20', 2_000_051))),
    {
      code: 'case-collected-exceeds-fine',
      fields: ['fineCollectedFen'],
    },
  )
  t.equal(
    code(() => run(decided, close('2026-04-20', 1))),
    'no error',
    'part of the fine',
  )
  const accepted = run(run(opened, refer('2026-03-05')), receipt('accepted', { criminalCaseNumber: 'X-1' }))
  t.equal(
    code(() => run(accepted, close('2026-04-20', 0))),
    'no error',
    'accepted by the police, undecided: closed',
  )
  t.same(refusal(() => run(accepted, close('2026-04-20', 1))).code, 'case-collected-exceeds-fine')
})

t.test('drop: any stage before closure, not before opening', async (t) => {
  t.same(types(run(opened, drop()).slice(-1)), ['PenaltyCaseDropped'])
  t.equal(
    code(() => run(decided, drop('2026-04-02'))),
    'no error',
    'after the decision, before closure',
  )
  t.equal(
    code(() => run(run(decided, close()), drop('2026-04-21'))),
    'case-ended',
  )
  t.equal(
    code(() => run(run(opened, drop()), drop())),
    'case-ended',
  )
  t.same(
    refusal(() => run(opened, drop('2026-03-01'))),
    { code: 'case-date-before-opening', fields: ['droppedOn'] },
  )
  t.equal(
    code(() => run(run(opened, refer('2026-03-05')), drop())),
    'case-referral-pending',
  )
})

t.test('refer and the police receipt: pending blocks; accepted leaves only closure; declined returns', async (t) => {
  const referred = run(decided, refer())
  t.match(referred.at(-1), { type: 'PenaltyCaseReferredToPolice', data: { caseId: 'PC-1', referredOn: '2026-04-05' } })
  t.equal(
    code(() => run(referred, refer())),
    'case-referral-pending',
  )
  t.equal(
    code(() => run(referred, close())),
    'case-referral-pending',
  )
  t.equal(
    code(() => run(run(opened, refer('2026-03-05')), investigate())),
    'case-referral-pending',
  )
  t.same(
    refusal(() => run(opened, refer('2026-03-01'))),
    { code: 'case-date-before-opening', fields: ['referredOn'] },
  )
  t.equal(
    code(() => run(run(decided, close()), refer())),
    'case-ended',
  )

  t.equal(
    code(() => run(decided, receipt('accepted', { criminalCaseNumber: 'X-1' }))),
    'case-no-pending-referral',
  )
  t.same(
    refusal(() => run(referred, receipt('accepted', { receivedOn: '2026-04-04', criminalCaseNumber: 'X' }))),
    {
      code: 'case-receipt-before-referral',
      fields: ['receivedOn'],
    },
  )
  t.same(
    refusal(() => run(referred, receipt('accepted'))),
    {
      code: 'case-criminal-number-required',
      fields: ['criminalCaseNumber'],
    },
  )
  t.same(
    refusal(() => run(referred, receipt('declined'))),
    { code: 'case-decline-reason-required', fields: ['reason'] },
  )

  const accepted = run(referred, receipt('accepted', { criminalCaseNumber: '刑-1' }))
  t.equal(
    code(() => run(accepted, close())),
    'no error',
    'decided and accepted: closed',
  )
  t.equal(
    code(() => run(accepted, refer('2026-04-11'))),
    'case-with-police',
  )
  t.equal(
    code(() => run(accepted, receipt('declined', { reason: 'x' }))),
    'case-no-pending-referral',
  )
  const early = run(run(opened, refer('2026-03-05')), receipt('accepted', { criminalCaseNumber: '刑-2' }))
  t.equal(
    code(() => run(early, decideCmd())),
    'case-with-police',
  )
  t.equal(
    code(() => run(early, investigate())),
    'case-with-police',
  )

  const declined = run(run(opened, refer('2026-03-05')), receipt('declined', { reason: '不构成犯罪' }))
  t.equal(
    code(() => run(declined, investigate())),
    'no error',
    'back to administrative handling',
  )
  t.equal(
    code(() => run(declined, decideCmd())),
    'no error',
  )
  t.equal(
    code(() => run(declined, refer('2026-04-11'))),
    'no error',
    'referred again',
  )
})

const facts = (over: Partial<PenaltyCaseFacts> = {}): PenaltyCaseFacts => ({
  openedOn: '2026-03-02',
  decisionDue: '2026-05-31',
  extendedOn: null,
  extendedDue: null,
  investigatedOn: '2026-03-10',
  decidedOn: null,
  closedOn: null,
  droppedOn: null,
  referrals: [],
  ...over,
})

t.test('stage, due day, overdue and referral on a day', async (t) => {
  const c = facts({ decidedOn: '2026-04-01', closedOn: '2026-04-20' })
  t.equal(penaltyCaseStageOn(c, '2026-03-09'), 'opened')
  t.equal(penaltyCaseStageOn(c, '2026-03-10'), 'investigated')
  t.equal(penaltyCaseStageOn(c, '2026-04-01'), 'decided')
  t.equal(penaltyCaseStageOn(c, '2026-04-20'), 'closed')
  t.equal(penaltyCaseStageOn(facts({ droppedOn: '2026-03-20' }), '2026-03-20'), 'dropped')
  t.notOk(isCaseOverdueOn(facts(), '2026-05-31'), 'not on the due day')
  t.ok(isCaseOverdueOn(facts(), '2026-06-01'))
  t.notOk(isCaseOverdueOn(c, '2026-06-01'), 'decided')
  const extended = facts({ extendedOn: '2026-05-20', extendedDue: '2026-06-30' })
  t.equal(caseDecisionDueOn(extended, '2026-05-19'), '2026-05-31', 'before the approval')
  t.equal(caseDecisionDueOn(extended, '2026-05-20'), '2026-06-30')
  t.notOk(isCaseOverdueOn(extended, '2026-06-30'))
  t.ok(isCaseOverdueOn(extended, '2026-07-01'))
  const referred = facts({
    referrals: [
      { referredOn: '2026-03-05', receivedOn: '2026-03-15', outcome: 'declined' },
      { referredOn: '2026-04-01', receivedOn: null, outcome: null },
    ],
  })
  t.ok(isCaseOverdueOn(referred, '2026-06-01'), 'a pending referral does not stop the term')
  const accepted = facts({ referrals: [{ referredOn: '2026-03-05', receivedOn: '2026-06-05', outcome: 'accepted' }] })
  t.ok(isCaseOverdueOn(accepted, '2026-06-04'))
  t.notOk(isCaseOverdueOn(accepted, '2026-06-05'), 'accepted by the police: theirs')
  t.equal(caseReferralOn(referred, '2026-03-04'), undefined)
  t.same(caseReferralOn(referred, '2026-03-14'), { referredOn: '2026-03-05', state: 'pending' })
  t.same(caseReferralOn(referred, '2026-03-15'), { referredOn: '2026-03-05', state: 'declined' })
  t.same(caseReferralOn(referred, '2026-04-01'), { referredOn: '2026-04-01', state: 'pending' })
})
