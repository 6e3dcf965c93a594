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
  personId = person,
): [string, NewEvent] => [
  `operator-${personId}`,
  cylinderEvent(type, data, {
    occurredAt: at(day),
    organisationId: 'bureau',
    idName: `agree-${personId}-${type}-${day}-${'certificateNo' in data ? data.certificateNo : ''}`,
  }),
]
const fill = (day: string, personId = person): [string, NewEvent] => [
  `fill-agree-${personId}-${day}`,
  cylinderEvent(
    'CylinderFilled',
    {
      fillId: fillId(`${personId}/${day}`),
      cylinderCode: 'CYL-AGREE',
      stationId: 'station-agree',
      regionCode: county,
      operatorId: personId,
      filledAt: at(day),
      gas: 'LPG',
      quantityKg: 14.5,
      preFillChecks: [],
      postFillChecks: [],
    },
    { occurredAt: at(day), organisationId: 'station-agree', idName: `agree-fill-${personId}-${day}` },
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
    ...days.map((day) => fill(day)),
  ])
  const runner = createProjectionRunner({ store, sql, projections: [...cylinderProjections, violationsProjection()] })
  await runner.migrate()
  await runner.catchUp()

  /** The three sides on `day` for a fill by `personId`: what each says, and whether the violation is open. */
  const sides = async (personId: string, day: string) => {
    const facts = await loadPrefillFacts(sql, {
      cylinderCode: 'CYL-AGREE',
      stationId: 'station-agree',
      operatorId: personId,
    })
    const { rows } = await sql.query<{ sub_reason: string; resolved: boolean }>(
      `SELECT sub_reason, resolved_by_event_id IS NOT NULL AS resolved FROM enf_violations
        WHERE subject_id = $1 AND category = 'operator_uncertified'`,
      [fillId(`${personId}/${day}`)],
    )
    return {
      told: operatorCertificateStatusOn(facts.certificates, 'P', day).status,
      register: (await operatorValidityAt(sql, { personId, category: 'P', at: at(day) })).status,
      violations: rows.map((r) => `${r.sub_reason}${r.resolved ? ' (resolved)' : ''}`),
    }
  }
  const subReason = (status: string) => (status === 'valid' ? [] : [`certificate_${status}`])

  for (const day of days) {
    const expected = day === '2026-06-01' ? 'expired' : 'valid'
    t.same(await sides(person, day), { told: expected, register: expected, violations: subReason(expected) }, day)
  }

  t.test('two regions’ certificates: a sanction of the later one binds the earlier, on all three sides', async (t) => {
    const two = 'op-two-regions'
    const cert = (certificateNo: string, regionCode: string) => ({ personId: two, regionCode, certificateNo })
    const issue = (certificateNo: string, regionCode: string, validFrom: string, validUntil: string) =>
      operatorEvent(
        'OperatorCertificateIssued',
        {
          ...cert(certificateNo, regionCode),
          name: 'Zhao Liu',
          categories: ['P'],
          validFrom,
          validUntil,
          issuedBy: 'bureau',
        },
        validFrom,
        two,
      )
    const twoDays = {
      '2023-06-01': 'valid',
      '2024-03-15': 'suspended',
      '2024-06-01': 'valid',
      '2025-03-01': 'revoked',
      '2025-07-01': 'revoked',
    }
    // Ningbo's certificate first; Hangzhou's, issued later, is suspended, then revoked.
    await appendVisibly(store, [
      issue('P-NB', '330200', '2022-01-01', '2025-12-31'),
      issue('P-HZ', county, '2023-01-01', '2026-12-31'),
      operatorEvent(
        'OperatorCertificateSuspended',
        { ...cert('P-HZ', county), suspendedFrom: '2024-03-01', suspendedUntil: '2024-04-30', reason: 'audit' },
        '2024-03-01',
        two,
      ),
      operatorEvent(
        'OperatorCertificateRevoked',
        { ...cert('P-HZ', county), revokedOn: '2025-02-01', reason: 'fraud' },
        '2025-02-01',
        two,
      ),
      ...Object.keys(twoDays).map((day) => fill(day, two)),
    ])
    await runner.catchUp()
    for (const [day, expected] of Object.entries(twoDays))
      t.same(await sides(two, day), { told: expected, register: expected, violations: subReason(expected) }, day)

    // A re-certification valid from after the revocation, entered late: the fill of July is lawful
    // after all (its violation resolved), the one of March stays a violation.
    await appendVisibly(store, [issue('P-NEW', county, '2025-06-01', '2029-05-31')])
    await runner.catchUp()
    t.same(await sides(two, '2025-07-01'), {
      told: 'valid',
      register: 'valid',
      violations: ['certificate_revoked (resolved)'],
    })
    t.same(await sides(two, '2025-03-01'), {
      told: 'revoked',
      register: 'revoked',
      violations: ['certificate_revoked'],
    })
  })
})
