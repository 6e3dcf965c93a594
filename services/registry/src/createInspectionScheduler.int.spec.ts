import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, organisationActor } from '@gsr/domain'
import {
  equipmentDecider,
  pipelineDecider,
  scheduledEventId,
  type EquipmentCommand,
  type PipelineCommand,
} from '@gsr/domain/equipment'
import { handleCommand } from '@gsr/event-store'
import { equipmentStreamName, pipelineStreamName } from '@gsr/events/equipment'
import { equipmentDueDateSource, getEquipment, getPipeline, pipelineDueDateSource } from '@gsr/read-models/equipment'
import { equipmentTestStore } from '@gsr/read-models/testing'
import { createInspectionScheduler } from './createInspectionScheduler.ts'

const metadata = {
  actor: { organisationId: 'org-a', role: 'equipment_user' },
  occurredAt: '2026-01-01T00:00:00+08:00',
  schemaVersion: 1,
}

forEachDatabase(t, async (t, db) => {
  const runner = await equipmentTestStore(t, db)
  const store = runner.store
  // China time: 2026-05-31 00:30 +08:00 is still 2026-05-30 in UTC; the scheduler counts China days.
  const clock = fixedClock('2026-05-29T16:30:00Z')
  const scheduler = createInspectionScheduler({
    store,
    clock,
    sources: [equipmentDueDateSource(db.client), pipelineDueDateSource(db.client)],
  })

  const command = (code: string, c: EquipmentCommand) =>
    handleCommand(store, equipmentStreamName(code), equipmentDecider, c, { metadata })
  /** Due dates as an authority's register gives them (an administrator's import). */
  const bureauRegister = organisationActor('bureau', 'administrator', '000000')
  const register = (code: string, nextInspectionDue: string) =>
    command(code, {
      type: 'RegisterEquipment',
      data: {
        registrationCode: code,
        category: 'elevator',
        organisationId: 'org-a',
        region: '330106',
        location: 'tower A',
        attributes: {},
        putIntoServiceDate: '2025-06-30',
        registeredOn: '2025-07-01',
        nextInspectionDue: { date: nextInspectionDue, assertedBy: bureauRegister },
      },
    })
  /** An accredited agency's passing periodic inspection. */
  const periodicPass = (reportNumber: string, inspectionDate: string) =>
    ({
      type: 'RecordInspectionResult',
      data: {
        actor: organisationActor('org-agency', 'inspection_agency', '330100', ['330100']),
        kind: 'periodic',
        conclusion: 'pass',
        reportNumber,
        inspectors: ['Zhao'],
        inspectionDate,
      },
    }) as const
  const scheduled = async (code: string, streamName = equipmentStreamName(code)) =>
    (await store.readStream(streamName))
      .filter((e) => e.type === 'InspectionDue' || e.type === 'InspectionOverdue')
      .map((e) => [e.type, (e.data as { dueDate: string }).dueDate, e.metadata.occurredAt])

  await register('EL-1', '2026-06-30')
  await runner.catchUp()

  t.test('nothing before the lead window (30 days by the rule table)', async (t) => {
    const run = await scheduler.runOnce()
    t.match(run, { today: '2026-05-30', appended: 0 })
    t.same(await scheduled('EL-1'), [])
  })

  t.test('due: raised the day the due date comes within 30 days', async (t) => {
    clock.set('2026-05-30T16:30:00Z') // 2026-05-31 in China
    t.match(await scheduler.runOnce(), { today: '2026-05-31', appended: 1 })
    t.same(await scheduled('EL-1'), [['InspectionDue', '2026-06-30', '2026-05-31T00:00:00+08:00']])
    await runner.catchUp()
    t.match(await getEquipment(db.client, 'EL-1'), { due_state: 'due', due_since: '2026-05-31' })
  })

  t.test('idempotent rerun', async (t) => {
    await scheduler.runOnce()
    clock.advanceDays(1)
    await scheduler.runOnce()
    t.equal((await scheduled('EL-1')).length, 1, 'still one InspectionDue')
  })

  t.test('overdue: raised the day after the due date', async (t) => {
    clock.set('2026-06-30T03:00:00Z')
    await scheduler.runOnce()
    t.equal((await scheduled('EL-1')).length, 1, 'on the due date itself: not overdue yet')
    clock.set('2026-07-01T03:00:00Z')
    await scheduler.runOnce()
    // Rerun before the read model saw the overdue event: the same id is re-sent, a no-op.
    await scheduler.runOnce()
    t.same(await scheduled('EL-1'), [
      ['InspectionDue', '2026-06-30', '2026-05-31T00:00:00+08:00'],
      ['InspectionOverdue', '2026-06-30', '2026-07-01T00:00:00+08:00'],
    ])
    await runner.catchUp()
    t.match(await getEquipment(db.client, 'EL-1'), { due_state: 'overdue', overdue_since: '2026-07-01' })
  })

  t.test('a passing inspection moves the due date and clears overdue', async (t) => {
    await command('EL-1', periodicPass('R-77', '2026-07-05'))
    await runner.catchUp()
    t.match(await getEquipment(db.client, 'EL-1'), {
      next_due_date: '2027-07-05',
      due_state: 'ok',
      overdue_since: null,
    })
    clock.set('2026-07-06T03:00:00Z')
    t.match(await scheduler.runOnce(), { appended: 0 })
    t.equal((await scheduled('EL-1')).length, 2, 'nothing new for the new due date yet')
  })

  t.test('generic over sources, lead days from the rules', async (t) => {
    // A source of another kind (as the cylinder register plugs in), with a 7-day notice rule.
    const source = {
      name: 'test-cylinders',
      dueDates: async (until: string) =>
        until >= '2026-08-01'
          ? [
              {
                subjectKind: 'cylinder' as const,
                subjectId: 'CYL-1',
                streamName: 'cylinder-CYL-1',
                organisationId: 'org-station',
                region: '330106',
                dueDate: '2026-08-01',
              },
            ]
          : [],
    }
    const weeklyNotice = { dueLeadDays: 7, rule: { name: 'inspectionDueNotice', version: 'weekly-test' } }
    const weekly = createInspectionScheduler({
      store,
      clock,
      sources: [source],
      rules: { dueNotice: () => weeklyNotice },
    })
    clock.set('2026-07-24T03:00:00Z')
    t.match(await weekly.runOnce(), { today: '2026-07-24', considered: 0 }, 'until = today + 7 days: not yet')
    clock.set('2026-07-25T03:00:00Z')
    t.match(await weekly.runOnce(), { considered: 1, appended: 1 })
    const events = await store.readStream('cylinder-CYL-1')
    t.match(events, [
      {
        type: 'InspectionDue',
        data: { subjectKind: 'cylinder', dueOn: '2026-07-25', leadDays: 7, leadDaysRule: weeklyNotice.rule },
      },
    ])
  })

  t.test('catch-up after a week of downtime: raised once, dated when they became true', async (t) => {
    await register('EL-2', '2026-07-10')
    await runner.catchUp()
    // Last run 2026-07-06 (above); the scheduler is off until 2026-07-18.
    clock.set('2026-07-18T03:00:00Z')
    await scheduler.runOnce()
    t.same(await scheduled('EL-2'), [
      ['InspectionDue', '2026-07-10', '2026-06-10T00:00:00+08:00'],
      ['InspectionOverdue', '2026-07-10', '2026-07-11T00:00:00+08:00'],
    ])
    await runner.catchUp()
    t.match(await getEquipment(db.client, 'EL-2'), {
      due_state: 'overdue',
      due_since: '2026-06-10',
      overdue_since: '2026-07-11',
    })
    t.match(await scheduler.runOnce(), { considered: 0, appended: 0 }, 'nothing left to raise')
  })

  t.test(
    'pipelines: due and overdue from the pipeline register; the gap closes by declaring, a pass clears it',
    async (t) => {
      const pipeline = (c: PipelineCommand) =>
        handleCommand(store, pipelineStreamName('GP-1'), pipelineDecider, c, { metadata })
      await pipeline({
        type: 'RecordPipelineInUse',
        data: {
          pipelineId: 'GP-1',
          actor: organisationActor('org-a', 'equipment_user', '330000'),
          region: '330106',
          record: { name: 'Wenyi Rd main' },
          recordedOn: '2026-07-01',
          nextInspectionDue: { date: '2026-08-10', assertedBy: bureauRegister },
        },
      })
      await runner.catchUp()
      t.notOk((await getPipeline(db.client, 'GP-1'))?.missing_stages.includes('periodic_inspection_declaration'))
      clock.set('2026-08-12T03:00:00Z') // off since 2026-07-18: both facts became true meanwhile
      await scheduler.runOnce()
      await scheduler.runOnce()
      t.same(await scheduled('GP-1', pipelineStreamName('GP-1')), [
        ['InspectionDue', '2026-08-10', '2026-07-11T00:00:00+08:00'],
        ['InspectionOverdue', '2026-08-10', '2026-08-11T00:00:00+08:00'],
      ])
      await runner.catchUp()
      const overdue = await getPipeline(db.client, 'GP-1')
      t.match(overdue, { due_state: 'overdue', due_since: '2026-07-11', overdue_since: '2026-08-11' })
      t.ok(overdue?.missing_stages.includes('periodic_inspection_declaration'), 'due and nobody declared: missing')

      await pipeline({
        type: 'DeclarePeriodicInspection',
        data: { byOrganisationId: 'org-a', declaredOn: '2026-08-12' },
      })
      await runner.catchUp()
      const declared = await getPipeline(db.client, 'GP-1')
      t.match(declared, { periodic_declared_for_due_date: '2026-08-10', periodic_declared_in_time: false })
      t.notOk(declared?.missing_stages.includes('periodic_inspection_declaration'), 'declared (late): not missing')

      await pipeline(periodicPass('GP-R-1', '2026-08-15'))
      await runner.catchUp()
      const passed = await getPipeline(db.client, 'GP-1')
      t.match(passed, { due_state: 'ok', due_since: null, overdue_since: null })
      t.ok(passed!.next_due_date! > '2026-08-15', `the due date moved on (${passed?.next_due_date})`)
      clock.set('2026-08-16T03:00:00Z')
      t.match(await scheduler.runOnce(), { appended: 0 }, 'nothing to raise for the new due date yet')
    },
  )

  t.test('an id taken by another event (a fill whose id a station chose) skips that fact, never the run', async (t) => {
    // Scheduled ids are name-based, so anyone can compute one in advance and use it first.
    await register('EL-S1', '2026-09-01')
    await register('EL-S2', '2026-09-01')
    await runner.catchUp()
    const taken = scheduledEventId('InspectionDue', {
      subjectKind: 'equipment',
      subjectId: 'EL-S1',
      dueDate: '2026-09-01',
    })
    await store.appendToStream('stationfills-squatter', [{ id: taken, type: 'Squat', data: {}, metadata }], {
      expectedRevision: 'any',
    })
    clock.set('2026-08-20T03:00:00Z')
    const run = await scheduler.runOnce()
    t.same(run.conflicts, [{ id: taken, streamName: equipmentStreamName('EL-S1') }], 'the taken id is reported')
    t.same(
      await scheduled('EL-S2'),
      [['InspectionDue', '2026-09-01', '2026-08-02T00:00:00+08:00']],
      'the others raised',
    )
  })
})
