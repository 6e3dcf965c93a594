import { randomUUID } from 'node:crypto'
import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations, handleCommand, type EventMetadata } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { organisationActor } from '@gsr/domain'
import {
  applianceCertificateDecider,
  cylinderDecider,
  operatorCertificateStatusOn,
  operatorDecider,
  prefillCheck,
  type CylinderCommand,
} from '@gsr/domain/cylinders'
import { cylinderStreams } from '@gsr/events/cylinders'
import {
  cylinderDueDateSource,
  cylinderProjections,
  cylinderTrace,
  dailyFillSummary,
  fillsByStationAndDay,
  listApplianceRecords,
  listCylinders,
  loadPrefillFacts,
  operatorValidityAt,
} from './index.ts'

const meta = (organisationId: string, occurredAt = '2026-06-01T02:00:00Z'): EventMetadata => ({
  actor: { organisationId, role: 'operator' },
  occurredAt,
  schemaVersion: 1,
})

const registration = (code: string, overrides: Record<string, unknown> = {}): CylinderCommand =>
  ({
    type: 'RegisterCylinder',
    data: {
      cylinderCode: code,
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2023-01-01',
      ownerOrganisationId: 'station-1',
      owner: { organisationId: 'station-1', organisationKind: 'filling_station', region: '330106' },
      stationId: 'station-1',
      regionCode: '330106',
      refurbished: false,
      registeredOn: '2023-02-01',
      ...overrides,
    },
  }) as CylinderCommand

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const runner = createProjectionRunner({ store, sql, projections: cylinderProjections })
  await runner.migrate()
  /** Waits until the last event is visible to readers (another session's open transaction delays it), then catches up. */
  const settle = async () => {
    await waitUntilReadable(sql)
    await runner.catchUp()
  }
  const cylinder = (code: string, command: CylinderCommand, org = 'station-1') =>
    handleCommand(store, cylinderStreams.cylinder(code), cylinderDecider, command, {
      metadata: meta(org, '2026-01-10T02:00:00Z'),
    })

  await cylinder('CYL-OWN', registration('CYL-OWN'))
  await cylinder(
    'CYL-CUST',
    registration('CYL-CUST', {
      ownerOrganisationId: 'customer-1',
      owner: { organisationId: 'customer-1', organisationKind: 'equipment_user', region: '330106' },
    }),
  )
  await cylinder('CYL-CUST', {
    type: 'EntrustCylinder',
    data: {
      actor: organisationActor('customer-1', 'equipment_user', '330106'),
      stationId: 'station-1',
      station: { organisationId: 'station-1', organisationKind: 'filling_station', region: '330106' },
      entrustedFrom: '2026-01-01',
      recordedOn: '2026-01-01',
    },
  })
  await cylinder('CYL-OLD', registration('CYL-OLD', { manufactureDate: '2008-01-01', registeredOn: '2008-02-01' }))
  await cylinder('CYL-FAIL', registration('CYL-FAIL'))
  await cylinder(
    'CYL-FAIL',
    {
      type: 'RecordCylinderInspection',
      data: { agencyId: 'agency-1', inspectionDate: '2026-01-10', result: 'fail', reportNo: 'R-9' },
    },
    'agency-1',
  )
  await handleCommand(
    store,
    cylinderStreams.operator('p-1'),
    operatorDecider,
    {
      type: 'IssueOperatorCertificate',
      data: {
        personId: 'p-1',
        name: 'Li Si',
        certificateNo: 'P-001',
        categories: ['P'],
        validFrom: '2022-06-01',
        validUntil: '2026-05-31',
        issuedBy: 'bureau',
        regionCode: '330100',
        employerOrganisationId: 'station-1',
      },
    },
    { metadata: meta('bureau') },
  )
  const fillId = randomUUID()
  const checkId = randomUUID()
  await store.appendToStream(cylinderStreams.fillCheck(checkId), [
    {
      id: checkId,
      type: 'CylinderFillChecked',
      data: {
        checkId,
        cylinderCode: 'CYL-FAIL',
        stationId: 'station-1',
        regionCode: '330106',
        checkedAt: '2026-06-01T01:00:00Z',
        decision: 'deny',
        reasons: ['failed_last_inspection'],
        basis: { registered: true },
      },
      metadata: meta('station-1', '2026-06-01T01:00:00Z'),
    },
  ])
  await store.appendToStream(cylinderStreams.fill(fillId), [
    {
      id: fillId,
      type: 'CylinderFilled',
      data: {
        fillId,
        cylinderCode: 'CYL-FAIL',
        stationId: 'station-1',
        regionCode: '330106',
        operatorId: 'p-1',
        filledAt: '2026-06-01T01:05:00Z',
        gas: 'LPG',
        quantityKg: 14.5,
        preFillChecks: [{ item: 'no_damage', answer: 'ok' }],
        postFillChecks: [{ item: 'no_leak', answer: 'ok' }],
      },
      metadata: meta('station-1', '2026-06-01T01:05:00Z'),
    },
  ])
  await settle()

  t.test('pre-fill facts come from one query and feed the pure check', async (t) => {
    const answer = async (code: string, operatorId?: string) => {
      const facts = await loadPrefillFacts(sql, { cylinderCode: code, stationId: 'station-1', operatorId })
      const operatorStatus =
        operatorId === undefined ? undefined : operatorCertificateStatusOn(facts.certificates, 'P', '2026-06-01').status
      return prefillCheck({ cylinder: facts.cylinder, stationId: 'station-1', date: '2026-06-01', operatorStatus })
    }
    t.same(await answer('CYL-OWN'), { decision: 'allow', reasons: [] })
    t.same(await answer('CYL-CUST'), { decision: 'allow', reasons: [] })
    t.same((await answer('CYL-NONE')).reasons, ['unregistered'])
    t.same((await answer('CYL-OLD')).reasons, ['inspection_overdue', 'past_design_life'])
    t.same((await answer('CYL-FAIL')).reasons, ['failed_last_inspection'])
    // The certificate ended 2026-05-31: on 2026-06-01 the operator is not certified.
    t.same((await answer('CYL-OWN', 'p-1')).reasons, ['operator_not_certified'])
    const other = await loadPrefillFacts(sql, { cylinderCode: 'CYL-CUST', stationId: 'station-2' })
    t.same(prefillCheck({ cylinder: other.cylinder, stationId: 'station-2', date: '2026-06-01' }).reasons, [
      'not_owned_nor_entrusted',
    ])
  })

  t.test('operator validity at any past instant', async (t) => {
    const at = (instant: string) => operatorValidityAt(sql, { personId: 'p-1', category: 'P', at: instant })
    t.equal((await at('2026-05-31T15:59:59Z')).status, 'valid')
    t.equal((await at('2026-05-31T16:00:00Z')).status, 'expired')
    t.equal((await at('2022-05-31T10:00:00Z')).status, 'not_yet_valid')
  })

  t.test('trace, fills by station and day, station scope, due dates', async (t) => {
    const trace = await cylinderTrace(sql, 'CYL-FAIL')
    t.same(
      trace.map((e) => e.type),
      ['CylinderRegistered', 'CylinderInspected', 'CylinderFillChecked', 'CylinderFilled'],
    )
    const fills = await fillsByStationAndDay(sql, { stationId: 'station-1', date: '2026-06-01', limit: 10 })
    t.equal(fills.length, 1)
    t.equal(fills[0]?.fillId, fillId)
    t.equal(fills[0]?.quantityKg, 14.5)
    t.same(await dailyFillSummary(sql, { stationId: 'station-1', from: '2026-05-01', to: '2026-06-30' }), [
      { date: '2026-06-01', fills: 1, quantityKg: 14.5 },
    ])
    const mine = await listCylinders(sql, { scope: { organisationId: 'station-1' }, limit: 10 })
    t.same(
      mine.map((c) => c.code),
      ['CYL-CUST', 'CYL-FAIL', 'CYL-OLD', 'CYL-OWN'],
    )
    const customer = await listCylinders(sql, { scope: { organisationId: 'customer-1' }, limit: 10 })
    t.same(
      customer.map((c) => c.code),
      ['CYL-CUST'],
    )
    const due = await cylinderDueDateSource(sql).dueDates('2026-06-01')
    t.same(
      due.map((d) => [d.subjectId, d.dueDate]),
      [['CYL-OLD', '2012-01-01']],
    )
  })

  t.test('a sale is listed with the certification status on its date', async (t) => {
    const certificate = (command: Parameters<typeof applianceCertificateDecider.decide>[0]) =>
      handleCommand(store, cylinderStreams.certificate('CCC-1'), applianceCertificateDecider, command, {
        metadata: meta('cqc'),
      })
    await certificate({
      type: 'IssueApplianceCertificate',
      data: {
        certificateNo: 'CCC-1',
        certificationBodyId: 'cqc',
        manufacturerId: 'maker-1',
        modelNo: 'JZT-1',
        category: 'gas_stove',
        validFrom: '2024-01-01',
        validUntil: '2028-12-31',
        regionCode: '440600',
      },
    })
    await certificate({
      type: 'RecordCertificationFailure',
      data: { failure: 'revoked', effectiveFrom: '2026-03-01', reason: 'spot check failed' },
    })
    for (const soldOn of ['2026-02-28', '2026-03-15']) {
      const recordId = randomUUID()
      await store.appendToStream(cylinderStreams.sale(recordId), [
        {
          id: recordId,
          type: 'ApplianceSaleRecorded',
          data: {
            recordId,
            sellerId: 'shop-1',
            manufacturerId: 'maker-1',
            modelNo: 'JZT-1',
            category: 'gas_stove',
            soldOn,
            quantity: 2,
            regionCode: '330106',
            source: 'reported',
            recordedBy: 'shop-1',
          },
          metadata: meta('shop-1'),
        },
      ])
    }
    await settle()
    const records = await listApplianceRecords(sql, { scope: { organisationId: 'shop-1' }, limit: 10 })
    t.same(records.map((r) => [r.date, r.certification.status]).sort(), [
      ['2026-02-28', 'valid'],
      ['2026-03-15', 'revoked'],
    ])
  })

  t.test('a rebuild from zero gives the same register', async (t) => {
    const before = await listCylinders(sql, { scope: {}, limit: 100 })
    await runner.rebuild('gas_safety')
    t.same(await listCylinders(sql, { scope: {}, limit: 100 }), before)
    t.equal((await cylinderTrace(sql, 'CYL-FAIL')).length, 4)
  })
})
