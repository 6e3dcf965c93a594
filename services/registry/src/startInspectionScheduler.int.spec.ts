import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, organisationActor } from '@gsr/domain'
import { equipmentDecider } from '@gsr/domain/equipment'
import { handleCommand } from '@gsr/event-store'
import { equipmentStreamName } from '@gsr/events/equipment'
import { equipmentTestStore } from '@gsr/read-models/testing'
import type { SchedulerRunResult } from './createInspectionScheduler.ts'
import { startInspectionScheduler } from './startInspectionScheduler.ts'

const metadata = {
  actor: { organisationId: 'org-a', role: 'equipment_user' },
  occurredAt: '2026-01-01T00:00:00+08:00',
  schemaVersion: 1,
}

forEachDatabase(t, async (t, db) => {
  const runner = await equipmentTestStore(t, db)
  const clock = fixedClock('2026-08-01T02:00:00Z')
  // Equipment overdue since 2026-07-01, registered before the start: in the log, not yet in the register.
  await handleCommand(
    runner.store,
    equipmentStreamName('EL-LAG'),
    equipmentDecider,
    {
      type: 'RegisterEquipment',
      data: {
        registrationCode: 'EL-LAG',
        category: 'elevator',
        organisationId: 'org-a',
        region: '330106',
        location: 'tower A',
        attributes: {},
        putIntoServiceDate: '2025-06-30',
        registeredOn: '2025-07-01',
        nextInspectionDue: { date: '2026-06-30', assertedBy: organisationActor('bureau', 'administrator', '000000') },
      },
    },
    { metadata },
  )
  const overdueFacts = async () =>
    (await runner.store.readStream(equipmentStreamName('EL-LAG'))).filter((e) => e.type === 'InspectionOverdue')

  t.test('the first run waits until the projections have caught up, then sees the overdue item', async (t) => {
    const runs: SchedulerRunResult[] = []
    const errors: unknown[] = []
    let attempts = 0
    let release!: () => void
    const projectionsReady = new Promise<void>((resolve) => (release = resolve))
    const scheduler = startInspectionScheduler({
      store: runner.store,
      sql: db.client,
      clock,
      caughtUpRetryMs: 10,
      // The first ask fails (a projection timed out), the second waits until the register is built.
      caughtUp: async () => {
        attempts += 1
        if (attempts === 1) throw new Error('projections did not reach the head in time')
        await projectionsReady
      },
      onRun: (result) => runs.push(result),
      onError: (error) => errors.push(error),
    })
    t.teardown(() => scheduler.stop())
    await new Promise((resolve) => setTimeout(resolve, 100))
    t.same(runs, [], 'no run while the projections are behind')
    t.equal(attempts, 2, 'asked again after a failed wait')
    t.match(errors, [/did not reach the head/], 'the failed wait is reported')
    await runner.catchUp()
    release()
    while (runs.length === 0) await new Promise((resolve) => setTimeout(resolve, 10))
    t.match(runs[0], { today: '2026-08-01' })
    t.equal((await overdueFacts()).length, 1, 'the first run raised the overdue fact')
  })

  t.test('stopped while waiting: nothing runs', async (t) => {
    const runs: SchedulerRunResult[] = []
    const scheduler = startInspectionScheduler({
      store: runner.store,
      sql: db.client,
      clock,
      caughtUp: () => new Promise<void>(() => {}),
      onRun: (result) => runs.push(result),
    })
    await scheduler.stop()
    t.same(runs, [])
  })
})
