import t from 'tap'
import { penaltyCaseOverdueFact, type OpenPenaltyCase } from './penaltyCaseOverdue.ts'
import type { PenaltyCaseFacts } from './penaltyCaseStatus.ts'

const facts: PenaltyCaseFacts = {
  openedOn: '2026-03-01',
  decisionDue: '2026-05-30',
  extendedOn: null,
  extendedDue: null,
  investigatedOn: null,
  decidedOn: null,
  closedOn: null,
  droppedOn: null,
  referrals: [],
}
const open = (change: Partial<PenaltyCaseFacts> = {}): OpenPenaltyCase => ({
  caseId: 'PC-1',
  region: '330106',
  organisationId: 'org-station',
  facts: { ...facts, ...change },
})

t.test('PenaltyCaseOverdue: the day after the due day in force, once, not for ended or police cases', async (t) => {
  t.equal(penaltyCaseOverdueFact(open(), '2026-05-30'), undefined, 'on the due day: not yet')
  const fact = penaltyCaseOverdueFact(open({ investigatedOn: '2026-04-01' }), '2026-06-05')
  t.match(fact, {
    streamName: 'penalty-case-PC-1',
    on: '2026-05-31',
    event: { type: 'PenaltyCaseOverdue', data: { decisionDue: '2026-05-30', overdueSince: '2026-05-31' } },
  })
  t.equal(penaltyCaseOverdueFact(open(), '2026-06-20')?.id, fact?.id, 'the id: case + due day, whatever the run day')
  const extended = open({ extendedOn: '2026-05-20', extendedDue: '2026-06-29' })
  t.equal(penaltyCaseOverdueFact(extended, '2026-06-29'), undefined, 'the extension counts')
  t.match(penaltyCaseOverdueFact(extended, '2026-06-30'), {
    on: '2026-06-30',
    event: { data: { decisionDue: '2026-06-29' } },
  })
  t.not(penaltyCaseOverdueFact(extended, '2026-06-30')?.id, fact?.id)
  for (const ended of [{ decidedOn: '2026-05-30' }, { droppedOn: '2026-05-01' }, { decidedOn: '2026-06-02' }])
    t.equal(penaltyCaseOverdueFact(open(ended), '2026-06-05'), undefined, JSON.stringify(ended))
  const referral = (outcome: 'accepted' | 'declined' | null, receivedOn: string | null) =>
    open({ referrals: [{ referredOn: '2026-03-05', receivedOn, outcome }] })
  t.equal(penaltyCaseOverdueFact(referral('accepted', '2026-03-10'), '2026-06-05'), undefined, 'the police’s')
  t.equal(penaltyCaseOverdueFact(referral('accepted', '2026-06-03'), '2026-06-05'), undefined, 'theirs by today')
  t.ok(penaltyCaseOverdueFact(referral('declined', '2026-03-10'), '2026-06-05'), 'declined: back with the team')
  t.ok(penaltyCaseOverdueFact(referral(null, null), '2026-06-05'), 'a pending referral does not suspend the term')
})
