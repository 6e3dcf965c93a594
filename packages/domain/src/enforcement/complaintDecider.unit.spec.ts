import t from 'tap'
import { enforcementCatalogue, type EnforcementEvent } from '@gsr/events/enforcement'
import { givenWhen, refusal } from '../testing/deciderSpec.ts'
import { complaintDecider, type ComplaintCommand } from './complaintDecider.ts'
import { addWorkingDays } from './complaintReplyRules.ts'
import { maskComplainant } from './maskComplainant.ts'
import { complaintStatusOn, ledgerReasonsOn, type ComplaintFacts } from './complaintStatus.ts'

const given = givenWhen(complaintDecider, enforcementCatalogue)
const run = (history: EnforcementEvent[], command: ComplaintCommand): EnforcementEvent[] => [
  ...history,
  ...given(history).when(command),
]

type ReceiveData = Extract<ComplaintCommand, { type: 'ReceiveComplaint' }>['data']
const receive = (over: Partial<ReceiveData> = {}): ComplaintCommand => ({
  type: 'ReceiveComplaint',
  data: {
    complaintId: 'C-1',
    receivingOrganisationId: 'org-hotline',
    region: '330106',
    channel: 'hotline_12345',
    receivedOn: '2026-03-06', // a Friday
    complainant: { name: '张三', phone: '13800001111' },
    content: '某充装站给过期气瓶充气',
    subject: { organisationId: 'org-station' },
    category: 'noncompliant_cylinder_filled',
    ...over,
  },
})
const team = (organisationId: string, region = '330106', kind = 'enforcement') => ({ organisationId, region, kind })
const assign = (organisationId: string, assignedOn = '2026-03-06', region = '330106'): ComplaintCommand => ({
  type: 'AssignComplaint',
  data: { team: team(organisationId, region), by: 'org-hotline', assignedOn },
})
const accept = (by: string, acceptedOn = '2026-03-09'): ComplaintCommand => ({
  type: 'AcceptComplaint',
  data: { by, acceptedOn },
})
const refuseTransfer = (by: string, refusedOn = '2026-03-09'): ComplaintCommand => ({
  type: 'RefuseComplaintTransfer',
  data: { by, refusedOn, reason: '不属于本单位职责' },
})
const handle = (by: string, handledOn = '2026-03-10'): ComplaintCommand => ({
  type: 'HandleComplaint',
  data: { by, handledOn, outcome: '现场检查', references: [{ kind: 'case', id: 'CASE-1' }] },
})
const reply = (by: string, repliedOn: string): ComplaintCommand => ({
  type: 'ReplyToComplaint',
  data: { by, repliedOn, method: 'phone', summary: '已查处' },
})
const satisfaction = (value: 'satisfied' | 'dissatisfied', recordedOn: string): ComplaintCommand => ({
  type: 'RecordComplaintSatisfaction',
  data: { recordedOn, satisfaction: value },
})
const verify = (by: string, verifiedOn: string): ComplaintCommand => ({
  type: 'VerifyComplaint',
  data: { by, verifiedOn, notes: '复查整改到位' },
})

t.test('working days skip the weekend', async (t) => {
  t.equal(addWorkingDays('2026-03-06', 1), '2026-03-09', 'Friday + 1 = Monday')
  t.equal(addWorkingDays('2026-03-06', 5), '2026-03-13')
  t.equal(addWorkingDays('2026-03-07', 7), '2026-03-17', 'from a Saturday')
})

t.test('receive: the reply deadline from the rule table for its channel, the rule cited', async (t) => {
  const [received] = run([], receive())
  t.match(received?.data, { replyDue: '2026-03-13', rule: { name: 'complaintReplyRules', version: '2020.1' } })
  t.match(run([], receive({ channel: 'hotline_12315' }))[0]?.data, { replyDue: '2026-03-17' })
  t.same(
    refusal(() => run(run([], receive()), receive())),
    { code: 'complaint-already-received', fields: ['complaintId'] },
  )
  t.same(
    refusal(() => run([], receive({ category: 'noise' }))),
    { code: 'complaint-unknown-category', fields: ['category'] },
  )
  t.same(
    refusal(() => run([], receive({ receivedOn: '2019-12-31' }))),
    { code: 'no-rule-in-force', fields: ['receivedOn'] },
  )
  t.same(
    refusal(() => run([], assign('org-a'))),
    { code: 'complaint-not-found', fields: ['complaintId'] },
  )
})

t.test('assignment: an enforcement team covering the region; refused with a reason, then reassigned', async (t) => {
  const received = run([], receive())
  t.same(
    refusal(() => run(received, assign('org-x', '2026-03-06', '330108'))),
    {
      code: 'complaint-team-outside-region',
      fields: ['teamOrganisationId'],
    },
  )
  t.same(
    refusal(() =>
      run(received, {
        type: 'AssignComplaint',
        data: { team: team('org-s', '330106', 'filling_station'), by: 'h', assignedOn: '2026-03-06' },
      }),
    ),
    { code: 'complaint-team-not-enforcement', fields: ['teamOrganisationId'] },
  )
  t.same(
    refusal(() => run(received, assign('org-a', '2026-03-05'))),
    {
      code: 'complaint-step-before-previous',
      fields: ['assignedOn'],
    },
  )
  t.same(
    refusal(() => run(received, accept('org-a'))),
    { code: 'complaint-not-assigned', fields: [] },
  )
  const assigned = run(received, assign('org-a', '2026-03-06', '330100'))
  t.same(
    refusal(() => run(assigned, assign('org-b'))),
    { code: 'complaint-already-assigned', fields: [] },
  )
  t.same(
    refusal(() => run(assigned, accept('org-b'))),
    { code: 'complaint-not-assigned-team', fields: [] },
  )
  t.same(
    refusal(() => run(assigned, handle('org-a'))),
    { code: 'complaint-not-accepted', fields: [] },
  )
  const refused = run(assigned, refuseTransfer('org-a'))
  t.match(refused.at(-1), {
    type: 'ComplaintTransferRefused',
    data: { teamOrganisationId: 'org-a', reason: '不属于本单位职责' },
  })
  t.same(
    refusal(() => run(refused, accept('org-a'))),
    { code: 'complaint-not-assigned', fields: [] },
    'back for reassignment',
  )
  const reassigned = run(refused, assign('org-b', '2026-03-09'))
  const accepted = run(reassigned, accept('org-b'))
  t.match(accepted.at(-1), { type: 'ComplaintAccepted', data: { teamOrganisationId: 'org-b' } })
  t.same(
    refusal(() => run(accepted, assign('org-c', '2026-03-10'))),
    { code: 'complaint-already-accepted', fields: [] },
  )
  t.same(
    refusal(() => run(accepted, refuseTransfer('org-b'))),
    { code: 'complaint-already-accepted', fields: [] },
  )
})

t.test('handling, reply (late after the deadline), satisfaction, verification', async (t) => {
  const accepted = run(run(run([], receive()), assign('org-b')), accept('org-b'))
  t.same(
    refusal(() => run(accepted, reply('org-b', '2026-03-10'))),
    { code: 'complaint-not-handled', fields: [] },
  )
  t.same(
    refusal(() => run(accepted, handle('org-a'))),
    { code: 'complaint-not-assigned-team', fields: [] },
  )
  t.same(
    refusal(() => run(accepted, handle('org-b', '2026-03-08'))),
    {
      code: 'complaint-step-before-previous',
      fields: ['handledOn'],
    },
  )
  const handled = run(accepted, handle('org-b'))
  t.same(
    refusal(() => run(handled, handle('org-b'))),
    { code: 'complaint-already-handled', fields: [] },
  )
  t.same(
    refusal(() => run(handled, satisfaction('satisfied', '2026-03-11'))),
    { code: 'complaint-not-replied', fields: [] },
  )
  t.same(
    refusal(() => run(handled, verify('org-b', '2026-03-11'))),
    { code: 'complaint-not-on-ledger', fields: [] },
  )
  const onTime = run(handled, reply('org-b', '2026-03-13'))
  t.match(onTime.at(-1), { type: 'ComplaintReplied', data: { late: false } }, 'on the deadline day: in time')
  t.same(
    refusal(() => run(onTime, verify('org-b', '2026-03-14'))),
    { code: 'complaint-not-on-ledger', fields: [] },
  )
  const dissatisfied = run(onTime, satisfaction('dissatisfied', '2026-03-16'))
  t.same(
    refusal(() => run(dissatisfied, satisfaction('satisfied', '2026-03-16'))),
    {
      code: 'complaint-satisfaction-recorded',
      fields: [],
    },
  )
  t.same(
    refusal(() => run(dissatisfied, verify('org-a', '2026-03-20'))),
    { code: 'complaint-not-assigned-team', fields: [] },
  )
  const verified = run(dissatisfied, verify('org-b', '2026-03-20'))
  t.match(verified.at(-1), { type: 'ComplaintVerified', data: { notes: '复查整改到位' } })
  t.same(
    refusal(() => run(verified, verify('org-b', '2026-03-21'))),
    { code: 'complaint-already-verified', fields: [] },
  )

  const late = run(handled, reply('org-b', '2026-03-16'))
  t.match(late.at(-1), { type: 'ComplaintReplied', data: { late: true } })
  t.match(
    run(late, verify('org-b', '2026-03-16')).at(-1),
    { type: 'ComplaintVerified' },
    'a late reply is on the ledger',
  )
})

t.test('status and ledger on a day', async (t) => {
  const facts: ComplaintFacts = {
    receivedOn: '2026-03-06',
    replyDue: '2026-03-13',
    assignments: [
      { teamOrganisationId: 'org-a', assignedOn: '2026-03-06', refusedOn: '2026-03-09', reason: 'x', acceptedOn: null },
      {
        teamOrganisationId: 'org-b',
        assignedOn: '2026-03-10',
        refusedOn: null,
        reason: null,
        acceptedOn: '2026-03-11',
      },
    ],
    handledOn: '2026-03-12',
    repliedOn: '2026-03-16',
    satisfaction: 'dissatisfied',
    satisfactionOn: '2026-03-17',
    verifiedOn: '2026-03-20',
  }
  const walk = ['03-06', '03-09', '03-10', '03-11', '03-12', '03-16', '03-20'].map((d) =>
    complaintStatusOn(facts, `2026-${d}`),
  )
  t.same(walk, ['assigned', 'received', 'assigned', 'accepted', 'handled', 'replied', 'verified'])
  t.same(ledgerReasonsOn(facts, '2026-03-13'), [], 'not on the deadline day')
  t.same(ledgerReasonsOn(facts, '2026-03-14'), ['unreplied_past_deadline'])
  t.same(ledgerReasonsOn(facts, '2026-03-16'), ['late_reply'])
  t.same(ledgerReasonsOn(facts, '2026-03-17'), ['late_reply', 'dissatisfied'])
  t.same(ledgerReasonsOn(facts, '2026-03-20'), [], 'verified: off the ledger')
})

t.test('the complainant masked for anyone but the receiving team', async (t) => {
  t.same(maskComplainant({ name: '张三丰', phone: '138-0000-1111', address: '浙江省杭州市西湖区文三路1号' }), {
    name: '张**',
    phone: '138****1111',
    address: '浙江省杭州市****',
  })
  t.same(maskComplainant({ phone: '12345' }), { phone: '*****' }, 'a short number: all masked')
  t.same(maskComplainant({}), {})
})
