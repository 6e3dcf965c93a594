import t from 'tap'
import { enforcementCatalogue, type EnforcementEvent, type EnforcementEventOf } from '@gsr/events/enforcement'
import { DomainError } from '../Decider.ts'
import { inspectionAssignmentDecider, type InspectionAssignmentCommand } from './inspectionAssignmentDecider.ts'
import { rectificationOrderOverdueFact } from './rectificationOrderOverdue.ts'
import { supervisionChecklists } from './supervisionChecklists.ts'
import { supervisionInspectionDecider, type SupervisionInspectionCommand } from './supervisionInspectionDecider.ts'

function refusal(fn: () => unknown): { code: string; fields: readonly string[] } {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.fields }
    throw error
  }
  return { code: 'no error', fields: [] }
}

const checked = (events: readonly EnforcementEvent[]) => {
  for (const e of events) enforcementCatalogue[e.type].schema.parse(e.data)
  return events
}

const elevatorItems = supervisionChecklists.at('2026-03-02').rules.elevator_user.map((i) => i.id)
type InspectionData = SupervisionInspectionCommand['data']
const inspect = (over: Partial<InspectionData> = {}): SupervisionInspectionCommand => ({
  type: 'RecordSupervisionInspection',
  data: {
    inspectionId: 'SI-1',
    enforcementOrganisationId: 'org-team',
    teamRegion: '330106',
    region: '330106',
    organisationId: 'org-user',
    subjectKind: 'elevator_user',
    inspectedOn: '2026-03-02',
    inspectors: [{ name: '张三' }, { name: '李四', certificateNumber: 'ZJ-0001' }],
    items: elevatorItems.map((itemId) => ({ itemId, result: 'passed' as const })),
    result: 'no_problem',
    findingIds: [],
    photoReferences: ['IMG_0001.jpg'],
    ...over,
  },
})
const decide = (command: SupervisionInspectionCommand, history: EnforcementEvent[] = []) =>
  checked(
    supervisionInspectionDecider.decide(
      command,
      history.reduce(supervisionInspectionDecider.evolve, supervisionInspectionDecider.initialState()),
    ),
  )

const assignment: EnforcementEventOf<'InspectionAssigned'>['data'] = {
  assignmentId: 'AS-1',
  assigningOrganisationId: 'org-city',
  assigningRegion: '330100',
  teamOrganisationId: 'org-team',
  teamRegion: '330106',
  region: '330108',
  assignedOn: '2026-02-20',
  from: '2026-03-01',
  to: '2026-03-31',
}

t.test('the checklists: every item cited, ids unique per kind', async (t) => {
  for (const version of supervisionChecklists.versions)
    for (const [kind, items] of Object.entries(version.rules)) {
      t.equal(new Set(items.map((i) => i.id)).size, items.length, `${kind}: unique ids`)
      t.ok(
        items.every((i) => i.source.length > 0 && i.zh.length > 0 && i.en.length > 0),
        `${kind}: cited, both languages`,
      )
    }
})

t.test('a clean inspection: recorded with the checklist version it answered', async (t) => {
  const [event] = decide(inspect())
  t.equal(event?.type, 'SupervisionInspectionRecorded')
  t.match(event?.data, {
    inspectionId: 'SI-1',
    result: 'no_problem',
    checklist: { name: 'supervisionChecklists', version: '2021.1' },
  })
  t.notOk('teamRegion' in event!.data, 'the team’s region is an input, not part of the fact')
  const failed = inspect({
    items: elevatorItems.map((itemId, i) => ({ itemId, result: i === 0 ? 'failed' : 'not_applicable' })),
    result: 'problems_found',
    findingIds: ['F-1'],
  })
  t.match(decide(failed)[0]?.data, { result: 'problems_found', findingIds: ['F-1'] }, 'problems found, a finding named')
})

t.test('refusals: each rule', async (t) => {
  const [recorded] = decide(inspect())
  const items = inspect().data.items
  const cases: [Partial<InspectionData>, string, string[]][] = [
    [{ inspectors: [{ name: '张三' }, { name: '张三 ' }] }, 'inspectors-too-few', ['inspectors']],
    [
      { items: [...items, { itemId: 'no_such_item', result: 'passed' }] },
      'checklist-item-unknown',
      [`items.${items.length}.itemId`],
    ],
    [{ items: [...items, items[0]!] }, 'checklist-item-repeated', [`items.${items.length}.itemId`]],
    [{ items: items.slice(1) }, 'checklist-incomplete', ['items']],
    [{ result: 'problems_found' }, 'inspection-result-contradicts-items', ['result']],
    [
      { items: items.map((i, n) => (n === 0 ? { ...i, result: 'failed' as const } : i)) },
      'inspection-result-contradicts-items',
      ['result'],
    ],
    [{ findingIds: ['F-1'] }, 'findings-on-clean-inspection', ['findingIds']],
    [
      {
        items: items.map((i, n) => (n === 0 ? { ...i, result: 'failed' as const } : i)),
        result: 'problems_found',
        findingIds: ['F-1', 'F-1'],
      },
      'finding-repeated',
      ['findingIds'],
    ],
    [{ inspectedOn: '2021-05-31' }, 'no-rule-in-force', ['inspectedOn']],
    [{ region: '330108' }, 'inspection-outside-region', ['region']],
    [{ region: '330108', assignmentId: 'AS-1' }, 'assignment-not-covering', ['assignmentId']],
    [
      { region: '330108', assignmentId: 'AS-1', assignment: { ...assignment, teamOrganisationId: 'org-other' } },
      'assignment-not-covering',
      ['assignmentId'],
    ],
    [{ region: '330109', assignmentId: 'AS-1', assignment }, 'assignment-not-covering', ['assignmentId']],
    [
      { region: '330108', assignmentId: 'AS-1', assignment, inspectedOn: '2026-04-01' },
      'assignment-not-covering',
      ['assignmentId'],
    ],
  ]
  for (const [over, code, fields] of cases)
    t.same(
      refusal(() => decide(inspect(over))),
      { code, fields },
      `${code} ${JSON.stringify(over).slice(0, 80)}`,
    )
  t.same(
    refusal(() => decide(inspect(), [recorded!])),
    { code: 'inspection-already-recorded', fields: ['inspectionId'] },
  )
})

t.test('another region: on an assignment to this team, covering the region and the day', async (t) => {
  const [event] = decide(inspect({ region: '330108', assignmentId: 'AS-1', assignment, inspectedOn: '2026-03-31' }))
  t.match(event?.data, { region: '330108', assignmentId: 'AS-1' })
  t.notOk('assignment' in event!.data)
  t.equal(
    refusal(() => decide(inspect({ teamRegion: '330100', region: '330106' }))).code,
    'no error',
    'below the team’s region: no assignment',
  )
})

t.test('assignments: by the level above both regions, across regions, a window in order, once', async (t) => {
  const assign = (over: Partial<typeof assignment> = {}): InspectionAssignmentCommand => ({
    type: 'AssignInspection',
    data: { ...assignment, ...over },
  })
  const run = (command: InspectionAssignmentCommand, history: EnforcementEvent[] = []) =>
    checked(
      inspectionAssignmentDecider.decide(
        command,
        history.reduce(inspectionAssignmentDecider.evolve, inspectionAssignmentDecider.initialState()),
      ),
    )
  const [assigned] = run(assign())
  t.same(assigned, { type: 'InspectionAssigned', data: assignment })
  const cases: [Partial<typeof assignment>, string, string[]][] = [
    [{ assigningRegion: '330106' }, 'assignment-not-from-above', ['teamOrganisationId']],
    [{ assigningRegion: '330200' }, 'assignment-not-from-above', ['teamOrganisationId']],
    [{ region: '330201' }, 'assignment-not-from-above', ['region']],
    [{ region: '330106' }, 'assignment-not-cross-region', ['region']],
    [{ region: '330100', assigningRegion: '330000' }, 'assignment-not-cross-region', ['region']],
    [{ to: '2026-02-28' }, 'assignment-window-reversed', ['to']],
  ]
  for (const [over, code, fields] of cases)
    t.same(
      refusal(() => run(assign(over))),
      { code, fields },
      `${code} ${JSON.stringify(over)}`,
    )
  t.same(
    refusal(() => run(assign(), [assigned!])),
    { code: 'assignment-already-recorded', fields: ['assignmentId'] },
  )
  t.equal(refusal(() => run(assign({ assigningRegion: '330000' }))).code, 'no error', 'the province above both')
})

t.test('an order overdue: raised the day after the deadline unless re-checked by then; a stable id', async (t) => {
  const order = {
    orderId: 'RO-1',
    region: '330106',
    organisationId: 'org-s',
    deadline: '2026-03-17',
    recheckedOn: null,
  }
  t.equal(rectificationOrderOverdueFact(order, '2026-03-17'), undefined, 'not on the deadline day')
  const fact = rectificationOrderOverdueFact(order, '2026-03-25')
  t.match(fact, {
    streamName: 'rectification-order-RO-1',
    on: '2026-03-18',
    event: { type: 'RectificationOrderOverdue', data: { deadline: '2026-03-17', overdueSince: '2026-03-18' } },
  })
  checked([fact!.event as EnforcementEvent])
  t.equal(rectificationOrderOverdueFact(order, '2026-03-18')?.id, fact?.id, 'the same id on every run')
  t.equal(rectificationOrderOverdueFact({ ...order, recheckedOn: '2026-03-18' }, '2026-03-25'), undefined)
  t.ok(rectificationOrderOverdueFact({ ...order, recheckedOn: '2026-03-20' }, '2026-03-25'), 're-checked late')
})
