import t from 'tap'
import type { EnforcementEvent } from '@gsr/events/enforcement'
import { evolveComplaint, type ComplaintRow } from './complaintsProjection.ts'

const ids = { complaintId: 'C-1', region: '330106' }
const history: EnforcementEvent[] = [
  {
    type: 'ComplaintReceived',
    data: {
      ...ids,
      receivingOrganisationId: 'org-city',
      channel: 'hotline_12315',
      receivedOn: '2026-03-06',
      complainant: { name: '李四', phone: '13912345678', address: '文三路 1 号' },
      content: '充装站给超期气瓶充气',
      subject: { organisationId: 'org-station', address: ' 文三路  1号 ' },
      category: 'noncompliant_cylinder_filled',
      replyDue: '2026-03-17',
      rule: { name: 'complaintReplyRules', version: '2020.1' },
    },
  },
  {
    type: 'ComplaintAssigned',
    data: { ...ids, teamOrganisationId: 'org-a', assignedBy: 'org-city', assignedOn: '2026-03-06' },
  },
  {
    type: 'ComplaintTransferRefused',
    data: { ...ids, teamOrganisationId: 'org-a', refusedOn: '2026-03-09', reason: '非本辖区' },
  },
  {
    type: 'ComplaintAssigned',
    data: { ...ids, teamOrganisationId: 'org-b', assignedBy: 'org-city', assignedOn: '2026-03-09' },
  },
  { type: 'ComplaintAccepted', data: { ...ids, teamOrganisationId: 'org-b', acceptedOn: '2026-03-10' } },
  {
    type: 'ComplaintHandled',
    data: { ...ids, handledOn: '2026-03-11', outcome: '立案', references: [{ kind: 'case', id: 'CASE-1' }] },
  },
]

t.test('one row per ticket, every assignment kept with its refusal or acceptance; never the contact', async (t) => {
  const row = history.reduce<ComplaintRow | undefined>((r, e, i) => evolveComplaint(r, e, `e-${i}`), undefined)!
  t.same(row.assignments, [
    {
      teamOrganisationId: 'org-a',
      assignedBy: 'org-city',
      assignedOn: '2026-03-06',
      refusedOn: '2026-03-09',
      reason: '非本辖区',
      acceptedOn: null,
    },
    {
      teamOrganisationId: 'org-b',
      assignedBy: 'org-city',
      assignedOn: '2026-03-09',
      refusedOn: null,
      reason: null,
      acceptedOn: '2026-03-10',
    },
  ])
  t.equal(row.team_organisation_id, 'org-b')
  t.same(row.subject_keys, ['organisation:org-station', 'address:文三路1号'], 'the address with its white space folded')
  t.same(row.handling_references, [{ kind: 'case', id: 'CASE-1' }])
  t.equal(row.received_event_id, 'e-0')
  const text = JSON.stringify(row)
  t.notMatch(text, '13912345678')
  t.notMatch(text, '李四')
  t.notOk('complainant' in row, 'the read model has no place for the contact')
  t.equal(evolveComplaint(undefined, history[1]!, 'x'), undefined, 'an event before its receipt: no row')
})
