import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { organisationActor } from '@gsr/domain'
import { equipmentDecider, pipelineDecider, type EquipmentCommand, type PipelineCommand } from '@gsr/domain/equipment'
import { handleCommand, type EventMetadata } from '@gsr/event-store'
import { equipmentStreamName, pipelineStreamName } from '@gsr/events/equipment'
import { equipmentDueDateSource, pipelineDueDateSource } from './equipmentDueDateSources.ts'
import { getPipeline, listEquipment, listInspections, listPipelines } from './equipmentQueries.ts'
import { equipmentTestStore } from './testing/equipmentTestStore.ts'

const metadata = (organisationId: string, role = 'equipment_user'): EventMetadata => ({
  actor: { organisationId, role },
  occurredAt: '2026-01-20T10:00:00+08:00',
  schemaVersion: 1,
})

forEachDatabase(t, async (t, db) => {
  const runner = await equipmentTestStore(t, db)
  const store = runner.store

  const equipment = (code: string, command: EquipmentCommand, by = 'org-a') =>
    handleCommand(store, equipmentStreamName(code), equipmentDecider, command, { metadata: metadata(by) })
  const pipeline = (id: string, command: PipelineCommand, by = 'org-gas') =>
    handleCommand(store, pipelineStreamName(id), pipelineDecider, command, { metadata: metadata(by) })

  // 25 elevators in two organisations and two counties, due dates spread over 2027.
  for (let i = 0; i < 25; i++) {
    const code = `EL-${String(i).padStart(4, '0')}`
    await equipment(code, {
      type: 'RegisterEquipment',
      data: {
        registrationCode: code,
        category: i % 5 === 0 ? 'boiler' : 'elevator',
        organisationId: i % 2 === 0 ? 'org-a' : 'org-b',
        region: i % 3 === 0 ? '330106' : '330102',
        location: `site ${i}`,
        attributes: {},
        putIntoServiceDate: `2026-01-${String((i % 28) + 1).padStart(2, '0')}`,
        registeredOn: '2026-02-15',
      },
    })
  }
  await equipment('EL-0002', {
    type: 'SuspendEquipment',
    data: { byOrganisationId: 'org-a', suspendedOn: '2026-03-01', reason: 'repair' },
  })
  await equipment('EL-0004', {
    type: 'TransferEquipment',
    data: {
      actor: organisationActor('org-a', 'equipment_user', '330000'),
      toOrganisationId: 'org-c',
      recipient: { organisationId: 'org-c', organisationKind: 'equipment_user' },
      toRegion: '320102',
      location: 'Nanjing',
      offeredOn: '2026-03-02',
    },
  })
  await equipment('EL-0004', {
    type: 'AcceptEquipmentTransfer',
    data: { actor: organisationActor('org-c', 'equipment_user', '320100'), acceptedOn: '2026-03-02' },
  })
  await equipment('EL-0001', {
    type: 'RecordInspectionResult',
    data: {
      actor: organisationActor('org-agency', 'inspection_agency', '330000', ['330000']),
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: 'R-1',
      inspectors: ['Wang'],
      inspectionDate: '2026-12-01',
    },
  })
  await runner.catchUp()

  t.test('equipment register: filters, scope and cursor pagination', async (t) => {
    const all = []
    let cursor: string | undefined
    do {
      const page = await listEquipment(db.client, {}, { limit: 10, cursor })
      all.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    t.equal(all.length, 25, 'three pages, nothing lost or repeated')
    t.equal(new Set(all.map((r) => r.registration_code)).size, 25)

    const orgA = await listEquipment(db.client, { organisationId: 'org-a' }, { limit: 100 })
    t.equal(orgA.items.length, 12, 'org-a: 13 registered, one transferred away')
    t.ok(orgA.items.every((r) => r.organisation_id === 'org-a'))
    const county = await listEquipment(db.client, { regions: ['330106'] }, { limit: 100 })
    t.ok(county.items.every((r) => r.region === '330106'))
    const city = await listEquipment(db.client, { regions: ['330100'] }, { limit: 100 })
    t.equal(city.items.length, 24, 'the city contains both counties; EL-0004 moved to Nanjing')
    t.equal((await listEquipment(db.client, { category: 'boiler' }, { limit: 100 })).items.length, 5)
    t.equal(
      (await listEquipment(db.client, { status: 'suspended' }, { limit: 100 })).items[0]?.registration_code,
      'EL-0002',
    )
    t.equal(
      (await listEquipment(db.client, { late: true }, { limit: 100 })).items.length,
      15,
      'put into service before Jan 16: late',
    )
    const [moved] = (await listEquipment(db.client, { registrationCode: 'EL-0004' }, { limit: 1 })).items
    t.match(moved, { organisation_id: 'org-c', region: '320102', location: 'Nanjing' })

    const byDue = await listEquipment(db.client, { dueBefore: '2027-01-05' }, { limit: 3 }, 'nextDueDate')
    t.same(
      byDue.items.map((r) => r.next_due_date),
      ['2027-01-01', '2027-01-03', '2027-01-04'],
      'EL-0001 moved on',
    )
    const next = await listEquipment(
      db.client,
      { dueBefore: '2027-01-05' },
      { limit: 3, cursor: byDue.nextCursor ?? '' },
      'nextDueDate',
    )
    t.same(
      next.items.map((r) => r.next_due_date),
      ['2027-01-05'],
    )
    t.equal(next.nextCursor, null)
    const inspected = (await listEquipment(db.client, { registrationCode: 'EL-0001' }, { limit: 1 })).items[0]
    t.match(inspected, {
      next_due_date: '2027-12-01',
      last_inspection_conclusion: 'pass',
      last_inspection_report: 'R-1',
    })
  })

  /** Enforcement finds a pipeline under construction (started 2026-04-01) that nobody notified. */
  const foundUnderConstruction = (pipelineId: string, region: string) =>
    pipeline(
      pipelineId,
      {
        type: 'RecordPipelineConstructionStarted',
        data: {
          pipelineId,
          source: 'found',
          actor: organisationActor('org-enf', 'enforcement', region),
          startedOn: '2026-04-01',
          region,
        },
      },
      'org-enf',
    )

  t.test('pipeline register: stages, what is missing, out of order', async (t) => {
    // Found in the field by enforcement, never notified.
    await foundUnderConstruction('GP-FOUND', '330106')
    // Notified properly, then started, declared, inspected, recorded in use with gaps.
    await pipeline('GP-OK', {
      type: 'NotifyPipelineConstruction',
      data: {
        pipelineId: 'GP-OK',
        actor: organisationActor('org-inst', 'installer', '330000'),
        organisationId: 'org-gas',
        owner: { organisationId: 'org-gas', organisationKind: 'equipment_user' },
        region: '330106',
        name: 'main',
        location: 'Wenyi Rd',
        grade: 'GB1',
        plannedStartDate: '2026-04-01',
        notifiedOn: '2026-03-20',
      },
    })
    await pipeline(
      'GP-OK',
      {
        type: 'RecordPipelineConstructionStarted',
        data: {
          pipelineId: 'GP-OK',
          source: 'reported',
          actor: organisationActor('org-inst', 'installer', '330000'),
          startedOn: '2026-04-02',
        },
      },
      'org-inst',
    )
    await pipeline(
      'GP-OK',
      {
        type: 'RecordInspectionResult',
        data: {
          actor: organisationActor('org-agency', 'inspection_agency', '330100', ['330100']),
          kind: 'installation_supervision',
          conclusion: 'pass',
          reportNumber: 'AZ-9',
          inspectors: ['Li'],
          inspectionDate: '2026-05-01',
        },
      },
      'org-agency',
    )
    await pipeline('GP-OK', {
      type: 'RecordPipelineInUse',
      data: {
        pipelineId: 'GP-OK',
        actor: organisationActor('org-gas', 'equipment_user', '330000'),
        record: { name: 'main', medium: 'natural gas' },
        recordedOn: '2026-05-10',
      },
    })
    await runner.catchUp()

    const found = await getPipeline(db.client, 'GP-FOUND')
    t.match(found, {
      construction_source: 'found',
      missing_stages: ['construction_notification'],
      organisation_id: null,
    })
    const ok = await getPipeline(db.client, 'GP-OK')
    t.match(ok, {
      notified_on: '2026-03-20',
      construction_started_on: '2026-04-02',
      installation_inspected_on: '2026-05-01',
      in_use_complete: false,
      next_due_date: '2029-05-01',
      missing_stages: ['installation_inspection_declaration', 'in_use_record_fields'],
      anomalies: [],
    })
    t.ok(ok?.in_use_missing_fields.includes('designPressureMPa'))

    // The declaration arrives after the result: accepted, the gap closes, the order is marked.
    await pipeline(
      'GP-OK',
      { type: 'DeclareInstallationInspection', data: { byOrganisationId: 'org-inst', declaredOn: '2026-05-20' } },
      'org-inst',
    )
    await runner.catchUp()
    t.match(await getPipeline(db.client, 'GP-OK'), {
      missing_stages: ['in_use_record_fields'],
      anomalies: ['installation_declared_after_inspection'],
    })

    const missingNotification = await listPipelines(db.client, { missing: 'construction_notification' }, { limit: 10 })
    t.same(
      missingNotification.items.map((p) => p.pipeline_id),
      ['GP-FOUND'],
    )
    t.same(
      (await listPipelines(db.client, { organisationId: 'org-inst' }, { limit: 10 })).items.map((p) => p.pipeline_id),
      ['GP-OK'],
      'installer sees its pipeline',
    )
    const page1 = await listPipelines(db.client, { regions: ['330100'] }, { limit: 1 })
    const page2 = await listPipelines(db.client, { regions: ['330100'] }, { limit: 1, cursor: page1.nextCursor ?? '' })
    t.same(
      [...page1.items, ...page2.items].map((p) => p.pipeline_id),
      ['GP-FOUND', 'GP-OK'],
    )
    t.equal(page2.nextCursor, null)
  })

  t.test('pipeline register: notified after construction started is accepted, the order marked', async (t) => {
    await foundUnderConstruction('GP-LATE', '320102')
    await runner.catchUp()
    t.match(await getPipeline(db.client, 'GP-LATE'), { missing_stages: ['construction_notification'], anomalies: [] })
    await pipeline('GP-LATE', {
      type: 'NotifyPipelineConstruction',
      data: {
        pipelineId: 'GP-LATE',
        actor: organisationActor('org-inst-2', 'installer', '320100'),
        organisationId: 'org-gas',
        owner: { organisationId: 'org-gas', organisationKind: 'equipment_user' },
        region: '320102',
        name: 'late main',
        location: 'Nanjing',
        grade: 'GB1',
        plannedStartDate: '2026-03-01',
        notifiedOn: '2026-04-10',
      },
    })
    await runner.catchUp()
    t.match(await getPipeline(db.client, 'GP-LATE'), {
      notified_on: '2026-04-10',
      construction_started_on: '2026-04-01',
      missing_stages: [],
      anomalies: ['notified_after_construction_started'],
    })
  })

  t.test('inspection history, newest first, by subject', async (t) => {
    const history = await listInspections(db.client, {}, { limit: 10 })
    t.same(
      history.items.map((h) => h.report_number),
      ['R-1', 'AZ-9'],
    )
    t.same(history.items[0]?.inspectors, ['Wang'])
    const forPipeline = await listInspections(db.client, { subjectKind: 'pipeline', subjectId: 'GP-OK' }, { limit: 10 })
    t.same(
      forPipeline.items.map((h) => h.report_number),
      ['AZ-9'],
    )
    const first = await listInspections(db.client, {}, { limit: 1 })
    const second = await listInspections(db.client, {}, { limit: 1, cursor: first.nextCursor ?? '' })
    t.equal(second.items[0]?.report_number, 'AZ-9')
  })

  t.test('due-date sources: active equipment and owned pipelines due by a date', async (t) => {
    const equipmentDue = await equipmentDueDateSource(db.client).dueDates('2027-01-03')
    t.same(
      equipmentDue.map((d) => d.subjectId),
      ['EL-0000'],
      'EL-0001 passed its inspection, EL-0002 is suspended',
    )
    t.ok(equipmentDue.every((d) => d.dueDate <= '2027-01-03' && d.streamName === `equipment-${d.subjectId}`))
    t.notOk(
      equipmentDue.some((d) => d.subjectId === 'EL-0002'),
      'suspended equipment is not scheduled',
    )
    const pipelinesDue = await pipelineDueDateSource(db.client).dueDates('2029-05-01')
    t.same(
      pipelinesDue.map((d) => [d.subjectId, d.dueDate, d.organisationId]),
      [['GP-OK', '2029-05-01', 'org-gas']],
    )
  })

  t.test('a rebuild from zero gives the same registers and history', async (t) => {
    const snapshot = async () => ({
      equipment: (await db.client.query('SELECT * FROM equipment_register ORDER BY registration_code')).rows,
      pipelines: (await db.client.query('SELECT * FROM pipeline_register ORDER BY pipeline_id')).rows,
      inspections: (await db.client.query('SELECT * FROM inspection_history ORDER BY event_id')).rows,
    })
    const before = await snapshot()
    t.equal(before.equipment.length, 25)
    t.equal(before.pipelines.length, 3)
    t.equal(before.inspections.length, 2)
    await runner.rebuild('equipment_register')
    await runner.rebuild('pipeline_register')
    await runner.rebuild('inspection_history')
    t.same(await snapshot(), before)
    t.match(await getPipeline(db.client, 'GP-OK'), { anomalies: ['installation_declared_after_inspection'] })
  })
})
