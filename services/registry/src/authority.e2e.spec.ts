import t, { type Test } from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { runMigrations } from '@gsr/db'
import { createPostgresEventStore, eventStoreMigrations } from '@gsr/event-store'
import { awaitVisibleAppends } from '@gsr/read-models/equipment'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { registryService } from './registryService.ts'

/**
 * Issue 14, "who may assert what", over HTTP: each refusal is problem+json with its own type,
 * and nothing is written (the event count is unchanged); the rules themselves are the
 * deciders' (packages/domain/src/equipment), proved per event type in their unit specs.
 */
forEachDatabase(t, async (t, db) => {
  const clock = fixedClock('2026-06-01T02:00:00Z')
  await runMigrations(db.client, eventStoreMigrations)
  const inner = createPostgresEventStore(db.client)
  const { store: eventStore, visible } = awaitVisibleAppends(inner)
  const app = await createTestApp([registryService], { db, clock, eventStore })
  t.teardown(async () => {
    await app.close()
    await inner.close()
  })
  const catchUp = async () => {
    await visible()
    await catchUpProjections(app)
  }
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)

  const post = (who: TestCredential, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: who.headers })
  const get = (who: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: who.headers })
  const ok = async (who: TestCredential, url: string, payload: unknown) => {
    const res = await post(who, url, payload)
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  /** The request is refused with this status and problem type, and the log is unchanged. */
  const refused = async (t: Test, who: TestCredential, url: string, payload: unknown, status: number, type: string) => {
    const before = await events()
    const res = await post(who, url, payload)
    t.equal(res.statusCode, status, res.statusCode === status ? url : `${url}: ${res.body}`)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.equal(res.json().type, `urn:gsr:problem:${type}`)
    t.equal(await events(), before, 'nothing written')
    return res
  }

  const userA = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const userB = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const userC = await credentialFor(app, { kind: 'equipment_user', region: '330100' })
  const installerA = await credentialFor(app, { kind: 'installer', region: '330106' })
  const installerFar = await credentialFor(app, { kind: 'installer', region: '330108' })
  const enfCounty = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const enfSibling = await credentialFor(app, { kind: 'enforcement', region: '330108' })

  const notification = (pipelineId: string, who: TestCredential, organisationId: string, region = '330106') => ({
    pipelineId,
    organisationId,
    region,
    name: 'Wenyi Rd main',
    location: 'Wenyi Rd',
    grade: 'GB1',
    plannedStartDate: '2026-03-01',
  })

  t.test('a construction notification never takes over a pipeline', async (t) => {
    await ok(userA, '/pipelines/GP-OWNED/in-use-records', { region: '330106', record: { name: 'Wenyi Rd main' } })
    await refused(
      t,
      installerFar,
      '/pipelines/construction-notifications',
      notification('GP-OWNED', installerFar, installerFar.organisationId, '330108'),
      409,
      'region-differs',
    )
    await refused(
      t,
      installerA,
      '/pipelines/construction-notifications',
      notification('GP-OWNED', installerA, userB.organisationId),
      409,
      'owner-differs',
    )
    await catchUp()
    const mine = await get(userA, '/pipelines/GP-OWNED')
    t.equal(mine.statusCode, 200, 'the owner still reads its pipeline')
    t.match(mine.json(), { organisationId: userA.organisationId, region: '330106' })
    t.equal((await get(userB, '/pipelines/GP-OWNED')).statusCode, 404, 'the would-be owner does not')
  })

  const agencyFar = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '110000',
    accreditedRegions: ['110000'],
  })
  const equipment = (code: string) => ({
    registrationCode: code,
    category: 'elevator',
    region: '330106',
    location: 'No. 1 Wenyi Rd',
    putIntoServiceDate: '2026-01-10',
  })
  const offer = (to: string, toRegion = '330106') => ({ toOrganisationId: to, toRegion, location: 'No. 9 Rd' })
  const transfersOf = async (who: TestCredential) =>
    ((await get(who, '/equipment-transfers')).json() as { items: { registrationCode: string }[] }).items.map(
      (i) => i.registrationCode,
    )

  t.test('a transfer names an existing organisation that can use equipment', async (t) => {
    await ok(userA, '/equipment', equipment('EL-T-REFUSED'))
    const url = '/equipment/EL-T-REFUSED/transfer'
    await refused(t, userA, url, offer('org-nobody'), 422, 'recipient-not-found')
    await refused(t, userA, url, offer(agencyFar.organisationId), 422, 'recipient-cannot-use-equipment')
    await refused(t, userA, url, offer(userB.organisationId, '110101'), 422, 'recipient-outside-region')
    await catchUp()
    t.equal((await get(userA, '/equipment/EL-T-REFUSED')).statusCode, 200, 'the owner keeps its record')
  })

  t.test('a transfer moves only when the recipient accepts; both see it pending', async (t) => {
    await ok(userA, '/equipment', equipment('EL-T-OK'))
    const offered = await ok(userA, '/equipment/EL-T-OK/transfer', offer(userB.organisationId))
    t.match(offered.events, [{ type: 'EquipmentTransferOffered' }])
    await catchUp()
    t.equal((await get(userA, '/equipment/EL-T-OK')).statusCode, 200, 'until accepted, the owner keeps it')
    t.match((await get(userA, '/equipment/EL-T-OK')).json(), {
      organisationId: userA.organisationId,
      pendingTransfer: { toOrganisationId: userB.organisationId },
    })
    t.equal((await get(userB, '/equipment/EL-T-OK')).statusCode, 404, 'the recipient does not own it yet')
    t.ok((await transfersOf(userA)).includes('EL-T-OK'), 'the owner sees its offer')
    t.ok((await transfersOf(userB)).includes('EL-T-OK'), 'the recipient sees the offer')
    t.notOk((await transfersOf(userC)).includes('EL-T-OK'), 'nobody else does')

    await refused(t, userC, '/equipment/EL-T-OK/transfer/accept', {}, 403, 'not-the-recipient')
    await refused(t, userB, '/equipment/EL-T-OK/transfer/withdraw', {}, 403, 'not-your-record')
    await refused(t, userA, '/equipment/EL-T-OK/transfer', offer(userC.organisationId), 409, 'transfer-pending')
    const accepted = await ok(userB, '/equipment/EL-T-OK/transfer/accept', {})
    t.match(accepted.events, [{ type: 'EquipmentTransferred', data: { toOrganisationId: userB.organisationId } }])
    await catchUp()
    t.equal((await get(userA, '/equipment/EL-T-OK')).statusCode, 404, 'now the old owner does not see it')
    t.match((await get(userB, '/equipment/EL-T-OK')).json(), {
      organisationId: userB.organisationId,
      pendingTransfer: null,
    })
    t.notOk((await transfersOf(userB)).includes('EL-T-OK'), 'no longer pending')
    await refused(t, userB, '/equipment/EL-T-OK/transfer/accept', {}, 409, 'no-pending-transfer')
  })

  t.test('a declined or withdrawn transfer leaves the equipment where it was', async (t) => {
    await ok(userA, '/equipment', equipment('EL-T-NO'))
    await ok(userA, '/equipment/EL-T-NO/transfer', offer(userB.organisationId))
    await ok(userB, '/equipment/EL-T-NO/transfer/decline', {})
    await ok(userA, '/equipment/EL-T-NO/transfer', offer(userC.organisationId))
    await ok(userA, '/equipment/EL-T-NO/transfer/withdraw', {})
    await refused(t, userC, '/equipment/EL-T-NO/transfer/accept', {}, 409, 'no-pending-transfer')
    await catchUp()
    t.match((await get(userA, '/equipment/EL-T-NO')).json(), {
      organisationId: userA.organisationId,
      pendingTransfer: null,
    })
  })

  const agencyA = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const agencyB = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330000'],
  })
  const result = (reportNumber: string) => ({
    kind: 'periodic',
    conclusion: 'pass',
    reportNumber,
    inspectors: ['Li Si'],
    inspectionDate: '2026-05-20',
  })

  t.test('a result comes only from the agency the inspection was declared to', async (t) => {
    await ok(userA, '/equipment', equipment('EL-DECL'))
    await ok(userA, '/equipment/EL-DECL/periodic-inspection-declarations', { agencyId: agencyA.organisationId })
    await refused(t, agencyB, '/equipment/EL-DECL/inspection-results', result('R-B'), 403, 'declared-to-another-agency')
    const recorded = await ok(agencyA, '/equipment/EL-DECL/inspection-results', result('R-A'))
    t.match(recorded.events, [{ type: 'InspectionResultRecorded', data: { agencyId: agencyA.organisationId } }])

    await ok(userA, '/pipelines/GP-DECL/in-use-records', { region: '330106', record: { name: 'main' } })
    await ok(userA, '/pipelines/GP-DECL/installation-inspection-declarations', { agencyId: agencyA.organisationId })
    await refused(
      t,
      agencyB,
      '/pipelines/GP-DECL/inspection-results',
      { ...result('R-GP-B'), kind: 'installation_supervision' },
      403,
      'declared-to-another-agency',
    )
    await ok(agencyA, '/pipelines/GP-DECL/inspection-results', {
      ...result('R-GP-A'),
      kind: 'installation_supervision',
    })

    // An authority records the declared agency's result from its report, never another agency's.
    await ok(userA, '/equipment', equipment('EL-DECL-2'))
    await ok(userA, '/equipment/EL-DECL-2/periodic-inspection-declarations', { agencyId: agencyA.organisationId })
    const url = '/equipment/EL-DECL-2/inspection-results'
    await refused(
      t,
      enfCounty,
      url,
      { ...result('R-E1'), agencyId: agencyB.organisationId },
      403,
      'declared-to-another-agency',
    )
    await refused(
      t,
      enfSibling,
      url,
      { ...result('R-E2'), agencyId: agencyA.organisationId },
      403,
      'outside-your-region',
    )
    await refused(t, agencyB, url, { ...result('R-E3'), agencyId: agencyA.organisationId }, 422, 'not-your-result')
    const byAuthority = await ok(enfCounty, url, { ...result('R-E4'), agencyId: agencyA.organisationId })
    t.match(byAuthority.events, [{ data: { agencyId: agencyA.organisationId, reportNumber: 'R-E4' } }])
  })

  t.test('a declaration names an existing agency accredited for the region', async (t) => {
    await ok(userA, '/equipment', equipment('EL-DECL-BAD'))
    const url = '/equipment/EL-DECL-BAD/periodic-inspection-declarations'
    await refused(t, userA, url, { agencyId: 'org-nobody' }, 422, 'agency-not-found')
    await refused(t, userA, url, { agencyId: userB.organisationId }, 422, 'agency-not-found')
    await refused(t, userA, url, { agencyId: agencyFar.organisationId }, 422, 'declared-agency-not-accredited')
  })

  t.test('the owner never sets its own next due date', async (t) => {
    const before = await events()
    const res = await post(userA, '/equipment', { ...equipment('EL-DUE-2099'), nextInspectionDue: '2099-12-31' })
    t.equal(res.statusCode, 400)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json().errors, [{ field: 'nextInspectionDue' }])
    t.equal(await events(), before, 'nothing written')

    await ok(userA, '/pipelines/GP-DUE/in-use-records', {
      region: '330106',
      record: { name: 'main', lastInspectionDate: '2024-05-01' },
      safetyGrade: 2,
    })
    const again = await post(userA, '/pipelines/GP-DUE/in-use-records', {
      record: { name: 'main' },
      nextInspectionDue: '2099-12-31',
    })
    t.equal(again.statusCode, 400)
    t.match(again.json().errors, [{ field: 'nextInspectionDue' }])
    const rerecorded = await ok(userA, '/pipelines/GP-DUE/in-use-records', {
      record: { name: 'main', lastInspectionDate: '2026-05-01', nextInspectionDate: '2099-12-31' },
    })
    t.match(rerecorded.events, [{ data: { nextInspectionDue: '2030-05-01' } }], 'the record’s own date moves nothing')
    await catchUp()
    t.match((await get(userA, '/pipelines/GP-DUE')).json(), { nextDueDate: '2030-05-01' })

    const imported = await app.inject({
      method: 'POST',
      url: '/imports/equipment',
      headers: { ...userA.headers, 'content-type': 'text/csv' },
      payload:
        'registrationCode,category,region,location,putIntoServiceDate,registeredOn,nextInspectionDue\nEL-IMP-2099,elevator,330106,site,2026-01-10,2026-01-20,2099-12-31\n',
    })
    t.match(imported.json(), { recorded: 0, rejected: 1, errors: [{ field: 'nextInspectionDue' }] }, 'nor by import')
  })

  t.test('a user states its last inspection: the due date follows, unconfirmed until an agency’s result', async (t) => {
    const registered = await ok(userA, '/equipment', {
      ...equipment('EL-STATED'),
      putIntoServiceDate: '2020-01-10',
      lastInspection: { date: '2026-01-05', reportNumber: 'DT-2026-1' },
    })
    t.match(registered.events, [
      { data: { nextInspectionDue: '2027-01-05', statedLastInspection: { reportNumber: 'DT-2026-1' } } },
    ])
    await catchUp()
    t.match((await get(userA, '/equipment/EL-STATED')).json(), {
      nextDueDate: '2027-01-05',
      lastInspection: { date: '2026-01-05', reportNumber: 'DT-2026-1', confirmed: false },
    })
    await ok(agencyA, '/equipment/EL-STATED/inspection-results', result('DT-2026-2'))
    await catchUp()
    t.match((await get(userA, '/equipment/EL-STATED')).json(), {
      nextDueDate: '2027-05-20',
      lastInspection: { date: '2026-05-20', reportNumber: 'DT-2026-2', confirmed: true },
    })
  })

  t.test('a field finding is checked against the pipeline’s region, not the body’s', async (t) => {
    await ok(userA, '/pipelines/GP-FIND/in-use-records', { region: '330106', record: { name: 'main' } })
    const finding = (region: string) => ({
      pipelineId: 'GP-FIND',
      region,
      location: 'Wenyi Rd',
      startedOn: '2026-05-01',
      foundOn: '2026-05-30',
    })
    await refused(
      t,
      enfSibling,
      '/field-findings/pipelines-under-construction',
      finding('330108'),
      409,
      'region-differs',
    )
    await refused(t, enfSibling, '/field-findings/pipelines-under-construction', finding('330106'), 403, 'forbidden')
    await ok(enfCounty, '/field-findings/pipelines-under-construction', finding('330106'))
  })
})
