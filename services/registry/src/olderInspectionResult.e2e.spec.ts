import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * Reports reach the registry out of order (an agency enters a backlog). A passing result older
 * than the last one recorded is evidence of that older inspection, but the due date follows the
 * latest inspection: recording the older report must not move the due date back and make the
 * user's equipment overdue, nor show the older inspection as the last one.
 */
forEachDatabase(t, async (t, db) => {
  const { app, ok, get, catchUp } = await registryTestApp(t, db, '2026-06-01T02:00:00Z')
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  await ok(user, '/equipment', {
    registrationCode: 'EL-OLD-1',
    category: 'elevator',
    region: '330106',
    location: 'No. 1 Wenyi Rd',
    putIntoServiceDate: '2024-01-10',
    registeredOn: '2024-01-20',
  })
  const result = (inspectionDate: string, reportNumber: string) => ({
    kind: 'periodic',
    conclusion: 'pass',
    reportNumber,
    inspectors: ['Zhang San', 'Li Si'],
    inspectionDate,
  })
  const latest = await ok(agency, '/equipment/EL-OLD-1/inspection-results', result('2026-05-10', 'DJ-2026-9'))
  t.match(latest.events, [{ data: { nextDueDate: '2027-05-10' } }])

  t.test('an older pass recorded later keeps the due date of the latest', async (t) => {
    const older = await ok(agency, '/equipment/EL-OLD-1/inspection-results', result('2025-01-15', 'DJ-2025-1'))
    t.match(older.events, [{ type: 'InspectionResultRecorded', data: { inspectionDate: '2025-01-15' } }])
    t.notOk(older.events[0]?.data['nextDueDate'], 'the older report sets no due date')
    await catchUp()
    const view = (await get(user, '/equipment/EL-OLD-1')).json()
    t.equal(view.nextDueDate, '2027-05-10', 'the due date of the latest inspection')
    t.equal(view.dueState, 'ok', 'not overdue')
    t.match(view.lastInspection, { date: '2026-05-10' }, 'the latest inspection stays the last one')
  })

  t.test('a user’s stated last inspection is no bar: an agency’s older report corrects the due date', async (t) => {
    await ok(user, '/equipment', {
      registrationCode: 'EL-OLD-2',
      category: 'elevator',
      region: '330106',
      location: 'No. 2 Wenyi Rd',
      putIntoServiceDate: '2024-01-10',
      registeredOn: '2026-05-20',
      lastInspection: { date: '2026-05-01', reportNumber: 'STATED-1' },
    })
    const real = await ok(agency, '/equipment/EL-OLD-2/inspection-results', result('2024-03-01', 'DJ-2024-3'))
    t.match(real.events, [{ data: { nextDueDate: '2025-03-01' } }])
    await catchUp()
    const view = (await get(user, '/equipment/EL-OLD-2')).json()
    t.equal(view.nextDueDate, '2025-03-01')
    t.match(view.lastInspection, { date: '2024-03-01' })
  })

  t.test('a later pass still moves the due date', async (t) => {
    const next = await ok(agency, '/equipment/EL-OLD-1/inspection-results', result('2026-05-30', 'DJ-2026-10'))
    t.match(next.events, [{ data: { nextDueDate: '2027-05-30' } }])
  })
})
