import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderDecider } from '@gsr/domain/cylinders'
import { createPostgresEventStore, eventStoreMigrations, handleCommand } from '@gsr/event-store'
import { cylinderStreams } from '@gsr/events/cylinders'
import { createProjectionRunner } from '@gsr/projections'
import { cylinderDueDateSource, cylinderProjections } from '@gsr/read-models/cylinders'
import { createInspectionScheduler } from '@gsr/registry-service'

// The equipment side's generic scheduler over the cylinder register: cylinders get
// InspectionDue / InspectionOverdue on their own stream, once per due date.
forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const runner = createProjectionRunner({ store, sql, projections: cylinderProjections })
  await runner.migrate()
  const settle = async () => {
    await waitUntilReadable(sql)
    await runner.catchUp()
  }
  const register = (code: string, manufactureDate: string) =>
    handleCommand(
      store,
      cylinderStreams.cylinder(code),
      cylinderDecider,
      {
        type: 'RegisterCylinder',
        data: {
          cylinderCode: code,
          cylinderType: 'lpg_welded_steel',
          gas: 'LPG',
          manufacturer: 'Works',
          manufactureDate,
          ownerOrganisationId: 'station-1',
          owner: { organisationId: 'station-1', organisationKind: 'filling_station', region: '330106' },
          stationId: 'station-1',
          regionCode: '330106',
          refurbished: false,
          registeredOn: '2024-01-01',
        },
      },
      {
        metadata: {
          actor: { organisationId: 'station-1', role: 'operator' },
          occurredAt: '2024-01-01T00:00:00Z',
          schemaVersion: 1,
        },
      },
    )
  // Due 2026-06-20 (4 years after manufacture): inside the 30-day notice on 2026-06-01.
  await register('DUE-SOON1', '2022-06-20')
  // Due 2026-03-01: overdue on 2026-06-01.
  await register('OVERDUE-1', '2022-03-01')
  // Due 2028: nothing yet.
  await register('FINE-0001', '2024-01-01')
  await settle()

  const clock = fixedClock('2026-06-01T02:00:00Z')
  const scheduler = createInspectionScheduler({ store, clock, sources: [cylinderDueDateSource(sql)] })
  await scheduler.runOnce()
  await settle()

  t.test('due and overdue are raised on the cylinder streams', async (t) => {
    const types = async (code: string) => (await store.readStream(cylinderStreams.cylinder(code))).map((e) => e.type)
    t.same(await types('DUE-SOON1'), ['CylinderRegistered', 'InspectionDue'])
    t.same(await types('OVERDUE-1'), ['CylinderRegistered', 'InspectionDue', 'InspectionOverdue'])
    t.same(await types('FINE-0001'), ['CylinderRegistered'])
    const overdue = (await store.readStream(cylinderStreams.cylinder('OVERDUE-1'))).at(-1)
    t.match(overdue?.data, {
      subjectKind: 'cylinder',
      subjectId: 'OVERDUE-1',
      dueDate: '2026-03-01',
      organisationId: 'station-1',
    })
  })

  t.test('the register remembers them: a second run appends nothing', async (t) => {
    const due = await cylinderDueDateSource(sql).dueDates('2026-07-01')
    t.same(
      due.map((d) => [d.subjectId, [...(d.alreadyRaised ?? [])]]),
      [
        ['OVERDUE-1', ['InspectionDue', 'InspectionOverdue']],
        ['DUE-SOON1', ['InspectionDue']],
      ],
    )
    const before = await store.headPosition()
    await scheduler.runOnce()
    t.same(await store.headPosition(), before)
  })
})
