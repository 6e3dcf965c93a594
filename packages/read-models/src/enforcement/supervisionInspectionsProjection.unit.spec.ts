import t from 'tap'
import type { EnforcementEvent } from '@gsr/events/enforcement'
import { evolveRectificationOrder } from './rectificationOrdersProjection.ts'
import { evolveSupervisionInspection } from './supervisionInspectionsProjection.ts'

t.test('an inspection row: its month for the statistics, absent fields as null, written once', async (t) => {
  const recorded: EnforcementEvent = {
    type: 'SupervisionInspectionRecorded',
    data: {
      inspectionId: 'SI-1',
      enforcementOrganisationId: 'org-team',
      region: '330106',
      organisationId: 'org-user',
      subjectKind: 'elevator_user',
      inspectedOn: '2026-03-02',
      inspectors: [{ name: '张三' }, { name: '李四' }],
      items: [{ itemId: 'use_registration', result: 'failed', notes: '无使用标志' }],
      result: 'problems_found',
      findingIds: ['F-1'],
      photoReferences: [],
      checklist: { name: 'supervisionChecklists', version: '2021.1' },
    },
  }
  const row = evolveSupervisionInspection(undefined, recorded, 'e-1')
  t.match(row, {
    inspection_id: 'SI-1',
    inspected_month: '2026-03',
    result: 'problems_found',
    finding_ids: ['F-1'],
    site: null,
    assignment_id: null,
    notes: null,
    recorded_event_id: 'e-1',
  })
  const other: EnforcementEvent = {
    type: 'InspectionAssigned',
    data: {
      assignmentId: 'AS-1',
      assigningOrganisationId: 'org-city',
      assigningRegion: '330100',
      teamOrganisationId: 'org-team',
      teamRegion: '330106',
      region: '330108',
      assignedOn: '2026-02-20',
      from: '2026-03-01',
      to: '2026-03-31',
    },
  }
  t.equal(evolveSupervisionInspection(row, other, 'e-2'), row, 'another event leaves it')
})

t.test('an order row: the scheduler’s overdue day kept; before its issue, nothing', async (t) => {
  const overdue: EnforcementEvent = {
    type: 'RectificationOrderOverdue',
    data: {
      orderId: 'RO-1',
      region: '330106',
      organisationId: 'org-s',
      deadline: '2026-03-17',
      overdueSince: '2026-03-18',
    },
  }
  t.equal(evolveRectificationOrder(undefined, overdue, 'e-9'), undefined)
  const issued = evolveRectificationOrder(
    undefined,
    {
      type: 'RectificationOrderIssued',
      data: {
        orderId: 'RO-1',
        enforcementOrganisationId: 'org-team',
        region: '330106',
        organisationId: 'org-s',
        problems: [{ source: 'finding', id: 'F-1', category: 'operator_uncertified' }],
        issuedOn: '2026-03-02',
        deadline: '2026-03-17',
        legalBasis: [{ category: 'operator_uncertified', article: '第八十六条' }],
        rule: { name: 'rectificationOrderRules', version: '2014.1' },
      },
    },
    'e-1',
  )
  t.equal(issued?.overdue_since, null)
  t.equal(evolveRectificationOrder(issued, overdue, 'e-9')?.overdue_since, '2026-03-18')
})
