import { randomUUID } from 'node:crypto'
import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { cylinderEvent } from '@gsr/demo-city'
import { operatorCertificateStatusOn } from '@gsr/domain/cylinders'
import { createPostgresEventStore, eventStoreMigrations, type NewEvent } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { cylinderProjections, loadPrefillFacts, operatorValidityAt } from '../cylinders/index.ts'
import { appendVisibly } from './testing/appendVisibly.ts'
import { violationsProjection } from './violationsProjection.ts'

const county = '330106'
const person = 'op-agree'
const at = (day: string) => `${day}T10:00:00+08:00`
const fillIds = new Map<string, string>()
const fillId = (day: string) => fillIds.get(day) ?? fillIds.set(day, randomUUID()).get(day)!
const operatorEvent = <K extends Parameters<typeof cylinderEvent>[0]>(
  type: K,
  data: Parameters<typeof cylinderEvent<K>>[1],
  day: string,
): [string, NewEvent] => [
  `operator-${person}`,
  cylinderEvent(type, data, { occurredAt: at(day), organisationId: 'bureau', idName: `agree-${type}-${day}` }),
]
const fill = (day: string): [string, NewEvent] => [
  `fill-agree-${day}`,
  cylinderEvent(
    'CylinderFilled',
    {
      fillId: fillId(day),
      cylinderCode: 'CYL-AGREE',
      stationId: 'station-agree',
      regionCode: county,
      operatorId: person,
      filledAt: at(day),
      gas: 'LPG',
      quantityKg: 14.5,
      preFillChecks: [],
      postFillChecks: [],
    },
    { occurredAt: at(day), organisationId: 'station-agree', idName: `agree-fill-${day}` },
  ),
]

// What a station is told at a fill (the pre-fill check over the operator register) and what
// enforcement later finds about that fill (the violations projection) read one function over
// one shape of facts; on histories where the two wings used to disagree they now agree.
forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  const who = { personId: person, regionCode: county, certificateNo: 'P-AGREE' }
  const days = ['2023-03-01', '2024-06-01', '2026-06-01']
  await appendVisibly(store, [
    operatorEvent(
      'OperatorCertificateIssued',
      {
        ...who,
        name: 'Wang Wu',
        categories: ['P', 'Q1'],
        validFrom: '2022-01-01',
        validUntil: '2025-12-31',
        issuedBy: 'bureau',
      },
      '2022-01-01',
    ),
    // Suspended and reinstated the same day: no suspended day at all.
    operatorEvent(
      'OperatorCertificateSuspended',
      { ...who, suspendedFrom: '2023-03-01', reason: 'inquiry' },
      '2023-03-01',
    ),
    operatorEvent('OperatorCertificateReinstated', { ...who, reinstatedOn: '2023-03-01' }, '2023-03-01'),
    // Renewed for Q1 only: P stays held in the first term, ends with it.
    operatorEvent(
      'OperatorCertificateRenewed',
      { ...who, renewedOn: '2025-11-01', validFrom: '2026-01-01', validUntil: '2029-12-31', categories: ['Q1'] },
      '2025-11-01',
    ),
    ...days.map(fill),
  ])
  const runner = createProjectionRunner({ store, sql, projections: [...cylinderProjections, violationsProjection()] })
  await runner.migrate()
  await runner.catchUp()

  for (const day of days) {
    const facts = await loadPrefillFacts(sql, {
      cylinderCode: 'CYL-AGREE',
      stationId: 'station-agree',
      operatorId: person,
    })
    const told = operatorCertificateStatusOn(facts.certificates, 'P', day).status
    const register = (await operatorValidityAt(sql, { personId: person, category: 'P', at: at(day) })).status
    const { rows } = await sql.query<{ sub_reason: string }>(
      `SELECT sub_reason FROM enf_violations WHERE subject_id = $1 AND category = 'operator_uncertified'`,
      [fillId(day)],
    )
    const expected = day === '2026-06-01' ? 'expired' : 'valid'
    t.equal(told, expected, `pre-fill check on ${day}`)
    t.equal(register, expected, `operator register on ${day}`)
    t.same(
      rows.map((r) => r.sub_reason),
      expected === 'valid' ? [] : ['certificate_expired'],
      `violations on ${day}`,
    )
  }
})
