import t from 'tap'
import { dueLeadDaysOn } from './inspectionDueNotice.ts'
import { scheduledInspectionEvents, type DueDate } from './inspectionSchedule.ts'
import { uuidv5 } from './uuidv5.ts'

const subject: DueDate = {
  subjectKind: 'equipment',
  subjectId: 'EL-1',
  streamName: 'equipment-EL-1',
  organisationId: 'org-1',
  region: '330106',
  dueDate: '2026-06-30',
}
/** The code's table: 30 days, version 2022.1. */
const notice = dueLeadDaysOn('2026-05-01')

t.test('nothing before the lead window', async (t) => {
  t.same(scheduledInspectionEvents(subject, '2026-05-30', notice), [])
})

t.test('due from dueDate - lead days, dated that day', async (t) => {
  const events = scheduledInspectionEvents(subject, '2026-05-31', notice)
  t.equal(events.length, 1)
  t.match(events[0], {
    on: '2026-05-31',
    event: {
      type: 'InspectionDue',
      data: {
        dueDate: '2026-06-30',
        dueOn: '2026-05-31',
        leadDays: 30,
        leadDaysRule: { name: 'inspectionDueNotice', version: '2022.1' },
      },
    },
  })
  t.same(scheduledInspectionEvents(subject, '2026-06-30', notice).length, 1, 'on the due date itself: due, not overdue')
})

t.test('overdue the day after; catch-up dates both at the day they became true', async (t) => {
  const events = scheduledInspectionEvents(subject, '2026-07-09', notice)
  t.same(
    events.map((e) => [e.event.type, e.on]),
    [
      ['InspectionDue', '2026-05-31'],
      ['InspectionOverdue', '2026-07-01'],
    ],
  )
})

t.test('ids are deterministic per subject, due date and kind', async (t) => {
  const a = scheduledInspectionEvents(subject, '2026-07-09', notice).map((e) => e.id)
  const b = scheduledInspectionEvents(subject, '2026-08-01', notice).map((e) => e.id)
  t.same(a, b)
  t.not(a[0], a[1])
  const moved = scheduledInspectionEvents({ ...subject, dueDate: '2027-06-30' }, '2027-07-09', notice).map((e) => e.id)
  t.not(moved[0], a[0], 'a new due date gives new events')
  t.same(
    scheduledInspectionEvents({ ...subject, alreadyRaised: ['InspectionDue'] }, '2026-07-09', notice).map(
      (e) => e.event.type,
    ),
    ['InspectionOverdue'],
  )
})

t.test('uuidv5 matches the RFC test vector', async (t) => {
  // uuid v5 of "www.example.com" in the DNS namespace
  t.equal(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2')
})
