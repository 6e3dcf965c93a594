import t from 'tap'
import { judgeEquipmentFoundInUse, registrationCures } from './judgeEquipmentFoundInUse.ts'
import { inspectionCuresOverdue, judgeInspectionOverdue } from './judgeInspectionOverdue.ts'

const finding = {
  eventId: 'e-find',
  findingId: 'F1',
  foundOn: '2025-05-01',
  region: '330106',
  registrationCode: 'EQ-1',
  usingOrganisationId: 'user-1',
  category: 'boiler',
}

t.test('found in use: lawful only with a registration in force on the finding day', async (t) => {
  t.same(
    judgeEquipmentFoundInUse(finding, { eventId: 'e-reg', registeredOn: '2025-01-01', organisationId: 'user-1' }),
    [],
  )
  const none = judgeEquipmentFoundInUse(finding, undefined)
  t.match(none, [{ subReason: 'unregistered_in_use', organisationId: 'user-1', subjectId: 'F1', evidence: ['e-find'] }])
  t.equal(
    judgeEquipmentFoundInUse(finding, { eventId: 'e-reg', registeredOn: '2025-05-02', organisationId: 'u' }).length,
    1,
  )
  const cancelled = { eventId: 'e-reg', registeredOn: '2020-01-01', organisationId: 'u', cancelledOn: '2025-04-01' }
  t.same(judgeEquipmentFoundInUse(finding, cancelled)[0]?.evidence, ['e-find', 'e-reg'])
  t.ok(registrationCures(finding, 'EQ-1'))
  t.notOk(registrationCures({ ...finding, registrationCode: undefined } as never, 'EQ-1'))
})

t.test('overdue: one violation per subject and due date; passing results cure it, fail does not', async (t) => {
  const overdue = {
    eventId: 'e-od',
    subjectKind: 'equipment',
    subjectId: 'EQ-1',
    organisationId: 'user-1',
    region: '330106',
    dueDate: '2025-03-01',
    overdueSince: '2025-03-02',
  }
  t.match(judgeInspectionOverdue(overdue), [
    { subReason: 'inspection_overdue', subjectId: 'EQ-1@2025-03-01', occurredAt: '2025-03-02', evidence: ['e-od'] },
  ])
  t.same(judgeInspectionOverdue({ ...overdue, subjectKind: 'cylinder' }), [], 'cylinders are judged at fill time')
  const result = { eventId: 'e-r', subjectKind: 'equipment', subjectId: 'EQ-1', inspectionDate: '2025-04-01' }
  t.ok(inspectionCuresOverdue({ ...result, conclusion: 'pass' }, overdue))
  t.ok(inspectionCuresOverdue({ ...result, conclusion: 'conditional_pass' }, overdue))
  t.notOk(inspectionCuresOverdue({ ...result, conclusion: 'fail' }, overdue))
  t.notOk(inspectionCuresOverdue({ ...result, subjectId: 'EQ-2', conclusion: 'pass' }, overdue))
})
