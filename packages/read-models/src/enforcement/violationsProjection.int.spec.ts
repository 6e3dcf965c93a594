import t from 'tap'
import { runMigrations, type SqlClient } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { enforcementScenario } from './testing/enforcementScenario.ts'
import { appendVisibly } from './testing/appendVisibly.ts'
import { cylinderEvent } from '@gsr/demo-city'
import { pipelineStagesProjection } from './pipelineStagesProjection.ts'
import { violationsProjection } from './violationsProjection.ts'
import { createKysely } from '@gsr/db'
import type { EnforcementTables } from './EnforcementTables.ts'
import { pipelineRates } from './pipelineRates.ts'
import { exportViolationsCsv } from './exportViolationsCsv.ts'
import { listViolations } from './listViolations.ts'

const county = '330106'
const at = (day: string, time = '10:00:00') => `${day}T${time}+08:00`

async function snapshot(sql: SqlClient) {
  const violations = await sql.query(
    'SELECT id, category, sub_reason, organisation_id, region, occurred_at, detected_at, evidence, details, status, resolved_by_event_id FROM enf_violations ORDER BY id',
  )
  const pipelines = await sql.query('SELECT * FROM enf_pipeline_stages ORDER BY pipeline_id')
  const cylinders = await sql.query('SELECT * FROM enf_cylinders ORDER BY cylinder_code')
  return { violations: violations.rows, pipelines: pipelines.rows, cylinders: cylinders.rows }
}

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const events = enforcementScenario(county)
  await appendVisibly(store, events)
  const ids = Object.fromEntries(events.map(([, e]) => [e.metadata.occurredAt + e.type, e.id]))
  // Small batches: state carried across batches through the projection's own tables.
  const runner = createProjectionRunner({
    store,
    sql,
    projections: [violationsProjection(), pipelineStagesProjection()],
    batchSize: 3,
  })
  await runner.catchUp()
  const kysely = createKysely<EnforcementTables>(sql)

  t.test('finds each planted violation once, per sub-reason, with its evidence', async (t) => {
    const { rows } = await sql.query<{
      category: string
      sub_reason: string
      subject_id: string
      status: string
      evidence: { eventId: string; type: string }[]
    }>('SELECT category, sub_reason, subject_id, status, evidence FROM enf_violations ORDER BY category, sub_reason')
    t.same(
      rows.map((r) => `${r.category}/${r.sub_reason}/${r.status}`),
      [
        'equipment_unregistered_or_uninspected/inspection_overdue/resolved',
        // F-1 found EQ-9 in use; its late registration cures it and is no 1a of its own (one per
        // equipment and unregistered period: lateRegistration.ts).
        'equipment_unregistered_or_uninspected/unregistered_in_use/resolved',
        'fill_checks_missing/pre_fill_check_incomplete/open',
        'noncompliant_cylinder_filled/not_owned_nor_entrusted/open',
        'noncompliant_cylinder_filled/refurbished/open',
        'noncompliant_cylinder_filled/unregistered/open',
        'operator_uncertified/certificate_revoked/open',
      ],
    )
    const revoked = rows.find((r) => r.sub_reason === 'certificate_revoked')!
    t.same(
      revoked.evidence.map((e) => e.type),
      ['CylinderFilled', 'OperatorCertificateRevoked'],
      'the fill and the revocation prove it',
    )
    const refurbished = rows.find((r) => r.sub_reason === 'refurbished')!
    const registration = events.find(([stream]) => stream === 'cylinder-CYL-REFURB')![1]
    t.equal(refurbished.evidence[1]?.eventId, registration.id, 'the registration that says refurbished')
    t.equal(refurbished.evidence[1]?.type, 'CylinderRegistered')
  })

  t.test('cures mark violations resolved with the curing event, never delete them', async (t) => {
    const { rows } = await sql.query<{ sub_reason: string; resolved_by_event_id: string }>(
      "SELECT sub_reason, resolved_by_event_id FROM enf_violations WHERE status = 'resolved' ORDER BY sub_reason",
    )
    t.same(rows, [
      { sub_reason: 'inspection_overdue', resolved_by_event_id: ids[at('2025-05-20') + 'InspectionResultRecorded'] },
      // F-1's finding, cured by EQ-9's late registration (no second 1a: lateRegistration.ts).
      { sub_reason: 'unregistered_in_use', resolved_by_event_id: ids[at('2025-05-10') + 'EquipmentRegistered'] },
    ])
  })

  t.test('the evidence points at real events in the log', async (t) => {
    const { rows } = await sql.query<{ evidence: { eventId: string; streamName: string; revision: number }[] }>(
      'SELECT evidence FROM enf_violations',
    )
    for (const row of rows)
      for (const ref of row.evidence) {
        const [event] = await store.readStream(ref.streamName, { fromRevision: ref.revision, maxCount: 1 })
        t.equal(event?.id, ref.eventId)
      }
  })

  t.test('CSV export walks every page: each matching violation once, header once, list order', async (t) => {
    const all = await listViolations(kysely, { regionPrefix: '3301', limit: 500 })
    t.ok(all.items.length > 4, `${all.items.length} violations`)
    const exported = async (filter: Parameters<typeof exportViolationsCsv>[1], pageSize?: number) => {
      const chunks: string[] = []
      for await (const chunk of exportViolationsCsv(kysely, filter, pageSize ? { pageSize } : {})) chunks.push(chunk)
      return chunks
    }
    for (const pageSize of [1, 2, 3, 500]) {
      const chunks = await exported({ regionPrefix: '3301' }, pageSize)
      t.equal(
        chunks.length,
        Math.max(1, Math.ceil(all.items.length / pageSize)),
        `page size ${pageSize}: one chunk a page`,
      )
      const lines = chunks.join('').trimEnd().split('\r\n')
      t.match(lines[0], /^id,category,/)
      t.same(
        lines.slice(1).map((l) => l.split(',')[0]),
        all.items.map((v) => v.id),
        `page size ${pageSize}`,
      )
    }
    const resolved = (await exported({ regionPrefix: '3301', status: 'resolved' }, 1)).join('')
    t.equal(resolved.trimEnd().split('\r\n').length, 1 + 2, 'filters apply to every page')
    t.equal((await exported({ regionPrefix: '3202' })).join('').split('\r\n').length, 2, 'header only')
  })

  t.test('pipeline stages: a pipeline found under construction without notification', async (t) => {
    const rates = await pipelineRates(kysely, '330100', '2025-06-01')
    t.match(rates.rates[0], { rate: 'construction_notification', numerator: 0, denominator: 1 })
    t.same(rates.rates[0]?.shortfalls, [
      { pipelineId: 'PL-1', region: county, organisationId: 'user-1', reason: 'not_notified' },
    ])
    t.same(
      rates.breakdown.map((b) => b.region),
      [county],
    )
    const before = await pipelineRates(kysely, '330100', '2025-01-31')
    t.equal(before.rates[0]?.denominator, 0, 'as of a day before the start, nothing to count')
  })

  t.test('rebuilt from zero in one pass, the read models equal the incremental result', async (t) => {
    const incremental = await snapshot(sql)
    t.ok(incremental.violations.length > 0)
    const again = createProjectionRunner({
      store,
      sql,
      projections: [violationsProjection(), pipelineStagesProjection()],
      batchSize: 1000,
    })
    await again.rebuild('enforcement_violations')
    await again.rebuild('enforcement_pipeline_stages')
    t.same(await snapshot(sql), incremental)
    const lag = await again.lag()
    t.same(
      lag.map((l) => [l.name, l.eventsBehind]),
      [
        ['enforcement_violations', 0],
        ['enforcement_pipeline_stages', 0],
      ],
      'lag is reported through the runner',
    )
  })

  t.test('a certificate entered after the fill, valid on its day, cures the violation', async (t) => {
    const later = createProjectionRunner({
      store,
      sql,
      projections: [violationsProjection(), pipelineStagesProjection()],
    })
    const late = enforcementScenario(county, 'late-')
      .filter(([, e]) => e.type === 'CylinderFilled')
      .slice(0, 1)
    const fillEvent = late[0]![1]
    const data = fillEvent.data as { operatorId: string; fillId: string }
    await appendVisibly(store, late)
    const behind = async () => Object.fromEntries((await later.lag()).map((l) => [l.name, l.eventsBehind]))
    t.ok((await behind())['enforcement_violations']! >= 1, 'a new fill not yet projected shows as lag')
    await later.catchUp()
    t.same(await behind(), { enforcement_violations: 0, enforcement_pipeline_stages: 0 }, 'caught up: no lag')
    const open = await sql.query<{ status: string }>(
      'SELECT status FROM enf_violations WHERE subject_id = $1 AND category = $2',
      [data.fillId, 'operator_uncertified'],
    )
    t.same(open.rows, [{ status: 'open' }], 'no certificate known when the fill was processed')
    const certificate = cylinderEvent(
      'OperatorCertificateIssued',
      {
        personId: data.operatorId,
        name: 'Late Entry',
        certificateNo: 'P-LATE',
        categories: ['P'],
        validFrom: '2024-01-01',
        validUntil: '2027-12-31',
        issuedBy: 'bureau',
        regionCode: county,
      },
      { occurredAt: at('2025-06-01'), organisationId: 'bureau', idName: 'cert-P-LATE' },
    )
    await appendVisibly(store, [[`operator-${data.operatorId}`, certificate]])
    await later.catchUp()
    const cured = await sql.query<{ status: string; resolved_by_event_id: string }>(
      'SELECT status, resolved_by_event_id, resolved_by_event_type, resolved_on FROM enf_violations WHERE subject_id = $1 AND category = $2',
      [data.fillId, 'operator_uncertified'],
    )
    t.same(
      cured.rows,
      [
        {
          status: 'resolved',
          resolved_by_event_id: certificate.id,
          resolved_by_event_type: 'OperatorCertificateIssued',
          resolved_on: '2025-06-01',
        },
      ],
      'resolved on the field day of the curing event',
    )
  })

  t.test('a cylinder registration entered after the fill, in effect on its day, cures "unregistered"', async (t) => {
    const later = createProjectionRunner({ store, sql, projections: [violationsProjection()] })
    const [fillEntry] = enforcementScenario(county, 'late2-').filter(
      ([, e]) => e.type === 'CylinderFilled' && (e.data as { cylinderCode: string }).cylinderCode === 'late2-CYL-NONE',
    )
    const fill = fillEntry![1].data as { fillId: string; stationId: string }
    await appendVisibly(store, [fillEntry!])
    await later.catchUp()
    const status = async () =>
      (
        await sql.query<{ status: string; resolved_by_event_id: string | null }>(
          "SELECT status, resolved_by_event_id FROM enf_violations WHERE subject_id = $1 AND category = 'noncompliant_cylinder_filled'",
          [fill.fillId],
        )
      ).rows
    t.same(await status(), [{ status: 'open', resolved_by_event_id: null }])
    const registration = cylinderEvent(
      'CylinderRegistered',
      {
        cylinderCode: 'late2-CYL-NONE',
        cylinderType: 'lpg_welded_steel',
        gas: 'LPG',
        manufacturer: 'M',
        manufactureDate: '2020-01-01',
        ownerOrganisationId: fill.stationId,
        stationId: fill.stationId,
        regionCode: county,
        refurbished: false,
        registeredOn: '2024-01-01',
        nextInspectionDate: '2028-01-01',
        designLifeEndDate: '2035-01-01',
        ruleVersion: 'cylinderTypeRules/2026-1',
      },
      { occurredAt: at('2024-01-01'), organisationId: fill.stationId, idName: 'late-registration' },
    )
    await appendVisibly(store, [['cylinder-late2-CYL-NONE', registration]])
    await later.catchUp()
    t.same(await status(), [{ status: 'resolved', resolved_by_event_id: registration.id }])
    const { rows } = await sql.query(
      "SELECT resolved_by_event_type, resolved_on FROM enf_violations WHERE subject_id = $1 AND category = 'noncompliant_cylinder_filled'",
      [fill.fillId],
    )
    t.same(
      rows,
      [{ resolved_by_event_type: 'CylinderRegistered', resolved_on: '2024-01-01' }],
      'its field day, before the fill',
    )
  })

  t.test('an entrustment dated back before a fill, recorded after it, never cures it', async (t) => {
    const later = createProjectionRunner({ store, sql, projections: [violationsProjection()] })
    const entries = enforcementScenario(county, 'late3-').filter(
      ([stream, e]) =>
        stream === 'cylinder-late3-CYL-OTHER' ||
        (e.type === 'CylinderFilled' && (e.data as { cylinderCode: string }).cylinderCode === 'late3-CYL-OTHER'),
    )
    const fill = entries.find(([, e]) => e.type === 'CylinderFilled')![1].data as { fillId: string; stationId: string }
    await appendVisibly(store, entries)
    await later.catchUp()
    const status = async () =>
      (
        await sql.query<{ sub_reason: string; status: string }>(
          "SELECT sub_reason, status FROM enf_violations WHERE subject_id = $1 AND category = 'noncompliant_cylinder_filled'",
          [fill.fillId],
        )
      ).rows
    t.same(await status(), [{ sub_reason: 'not_owned_nor_entrusted', status: 'open' }])
    // As a station could record before issue 14: for itself, from a day before the fill.
    const backDated = cylinderEvent(
      'CylinderEntrusted',
      {
        cylinderCode: 'late3-CYL-OTHER',
        stationId: fill.stationId,
        regionCode: county,
        ownerOrganisationId: 'customer-9',
        entrustedFrom: '2025-01-01',
      },
      { occurredAt: at('2025-06-01'), organisationId: fill.stationId, idName: 'back-dated-entrustment' },
    )
    await appendVisibly(store, [['cylinder-late3-CYL-OTHER', backDated]])
    await later.catchUp()
    t.same(await status(), [{ sub_reason: 'not_owned_nor_entrusted', status: 'open' }], 'still open')
  })

  t.test(
    'a pre-fill check that allowed a fill without naming the operator is a finding; one naming it is none',
    async (t) => {
      const check = (checkId: string, operatorId?: string) =>
        cylinderEvent(
          'CylinderFillChecked',
          {
            checkId,
            cylinderCode: 'OPCHECK-CYL',
            stationId: 'station-opcheck',
            regionCode: county,
            ...(operatorId ? { operatorId } : {}),
            checkedAt: '2025-06-02T02:00:00.000Z',
            decision: 'allow',
            reasons: [],
            basis: { registered: true },
          },
          { occurredAt: at('2025-06-02'), organisationId: 'station-opcheck', idName: `opcheck-${checkId}` },
        )
      const nameless = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'
      const named = '7a2e3d4c-5b6f-4a70-9b8c-0d1e2f3a4b5c'
      await appendVisibly(store, [
        ['cylinder-OPCHECK-CYL', check(nameless)],
        ['cylinder-OPCHECK-CYL', check(named, 'person-1')],
      ])
      await runner.catchUp()
      const { rows } = await sql.query<{
        sub_reason: string
        subject_id: string
        organisation_id: string
        status: string
      }>("SELECT sub_reason, subject_id, organisation_id, status FROM enf_violations WHERE subject_kind = 'fill_check'")
      t.same(rows, [
        {
          sub_reason: 'pre_fill_check_without_operator',
          subject_id: nameless,
          organisation_id: 'station-opcheck',
          status: 'open',
        },
      ])
    },
  )
})
