import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { equipmentEvent } from '@gsr/demo-city'
import { createPostgresEventStore, eventStoreMigrations, type NewEvent } from '@gsr/event-store'
import { createProjectionRunner } from '@gsr/projections'
import { appendVisibly } from '../testing/appendVisibly.ts'
import { violationsProjection, violationsProjectionName } from '../violationsProjection.ts'

/**
 * One 1a per equipment and unregistered period (lateRegistration.ts, unregisteredInUse.ts): a
 * late registration and a field finding of the same equipment count once, whichever is
 * recorded first, in one batch or across batches. With the double count (issue 16) A, C and D
 * each had two.
 */
const county = '330106'
const at = (day: string) => `${day}T10:00:00+08:00`
const plate = { manufacturer: 'Hangzhou Boiler Works', serialNumber: 'HBW-D-1' }

const found = (id: string, foundOn: string, extra: object = {}) =>
  [
    `finding-${id}`,
    equipmentEvent(
      'EquipmentFoundInUse',
      {
        findingId: id,
        enforcementOrganisationId: 'team-1',
        region: county,
        location: 'market',
        foundOn,
        category: 'boiler',
        usingOrganisationId: 'user-1',
        ...extra,
      },
      { occurredAt: at(foundOn), organisationId: 'team-1', idName: `late-spec-finding-${id}` },
    ),
  ] as [string, NewEvent]

/** Registered 2025-05-10, 9 days after its deadline. */
const lateRegistration = (code: string, extra: object = {}) =>
  [
    `equipment-${code}`,
    equipmentEvent(
      'EquipmentRegistered',
      {
        registrationCode: code,
        category: 'boiler',
        organisationId: 'user-1',
        region: county,
        location: 'market',
        attributes: {},
        putIntoServiceDate: '2025-04-01',
        registeredOn: '2025-05-10',
        registrationDeadline: '2025-05-01',
        late: true,
        registrationDeadlineRule: { name: 'registrationDeadline', version: '1' },
        nextInspectionDue: '2026-05-10',
        ...extra,
      },
      { occurredAt: at('2025-05-10'), organisationId: 'user-1', idName: `late-spec-register-${code}` },
    ),
  ] as [string, NewEvent]

forEachDatabase(t, async (t, db) => {
  const sql = db.client
  await runMigrations(sql, eventStoreMigrations)
  const store = createPostgresEventStore(sql)
  t.teardown(() => store.close())
  await appendVisibly(store, [
    // A: found with its code, then registered late: the finding's 1a, cured by the registration.
    found('F-A', '2025-05-05', { registrationCode: 'EQ-A' }),
    lateRegistration('EQ-A'),
    // B: registered late, never found: the registration's own 1a.
    lateRegistration('EQ-B'),
    // C: registered late, then a finding recorded of a day before the registration: the registration's 1a.
    lateRegistration('EQ-C'),
    found('F-C', '2025-05-05', { registrationCode: 'EQ-C' }),
    // D: found with no code, its nameplate read, then registered late under that nameplate: the finding's 1a.
    found('F-D', '2025-05-03', plate),
    lateRegistration('EQ-D', plate),
  ])

  const unregistered = async () =>
    (
      await sql.query<{ subject_kind: string; subject_id: string; status: string; resolved_on: string | null }>(
        `SELECT subject_kind, subject_id, status, resolved_on FROM enf_violations
         WHERE sub_reason = 'unregistered_in_use' ORDER BY subject_id`,
      )
    ).rows.map((r) => `${r.subject_kind}:${r.subject_id}:${r.status}:${r.resolved_on}`)
  const expected = [
    'equipment:EQ-B:resolved:2025-05-10',
    'equipment:EQ-C:resolved:2025-05-10',
    'finding:F-A:resolved:2025-05-10',
    'finding:F-D:resolved:2025-05-10',
  ]

  t.test('one event per batch: the facts come from the projection’s tables', async (t) => {
    await createProjectionRunner({ store, sql, projections: [violationsProjection()], batchSize: 1 }).catchUp()
    t.same(await unregistered(), expected)
  })

  t.test('all in one batch: the same, from what the batch found', async (t) => {
    const runner = createProjectionRunner({ store, sql, projections: [violationsProjection()], batchSize: 500 })
    await runner.rebuild(violationsProjectionName)
    t.same(await unregistered(), expected)
  })
})
