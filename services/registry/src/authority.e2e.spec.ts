import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * Issue 14, "who may assert what", over HTTP: each refusal is problem+json with its own type,
 * and nothing is written (the event count is unchanged); the rules themselves are the
 * deciders' (packages/domain/src/equipment), proved per event type in their unit specs.
 */
forEachDatabase(t, async (t, db) => {
  const { app, catchUp, events, post, get, ok, refused } = await registryTestApp(t, db, '2026-06-01T02:00:00Z')

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
    await catchUp()
    t.equal((await get(userA, '/equipment/EL-T-REFUSED')).statusCode, 200, 'the owner keeps its record')
  })

  t.test('a transfer may move equipment outside the recipient’s seat: it stands where it stands', async (t) => {
    await ok(userA, '/equipment', equipment('EL-T-FAR'))
    const offered = await ok(userA, '/equipment/EL-T-FAR/transfer', offer(userB.organisationId, '330108'))
    t.match(offered.events, [{ type: 'EquipmentTransferOffered', data: { toRegion: '330108' } }])
    await ok(userB, '/equipment/EL-T-FAR/transfer/accept', {})
    await catchUp()
    t.match((await get(userB, '/equipment/EL-T-FAR')).json(), {
      organisationId: userB.organisationId,
      region: '330108',
    })
    t.equal((await get(enfSibling, '/equipment/EL-T-FAR')).statusCode, 200, 'the enforcement where it stands sees it')
    t.equal((await get(enfCounty, '/equipment/EL-T-FAR')).statusCode, 404, 'the enforcement of the seat does not')
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

  // Issue 16: equipment stands where it stands. A record's region is where it is installed; who
  // writes is decided by ownership and role; enforcement's scope by the record's region.
  t.test('a utility seated in county A registers and operates a pipeline in county B', async (t) => {
    // userA and installerA are seated in 330106 (A); the pipeline is laid in 330108 (B).
    await ok(installerA, '/pipelines/construction-notifications', {
      ...notification('GP-CROSS', installerA, userA.organisationId, '330108'),
    })
    await ok(installerA, '/pipelines/GP-CROSS/construction-started', { startedOn: '2026-05-02' })
    await ok(installerA, '/pipelines/GP-CROSS/installation-inspection-declarations', {})
    await ok(userA, '/pipelines/GP-CROSS/in-use-records', { record: { name: 'county B main' } })
    await ok(userA, '/equipment', { ...equipment('EL-CROSS'), region: '330108' })
    const found = await ok(enfSibling, '/field-findings/pipelines-in-use', {
      pipelineId: 'GP-CROSS',
      region: '330108',
      location: 'county B',
      foundOn: '2026-05-30',
    })
    t.match(found.events, [{ type: 'PipelineFoundInUse', data: { organisationId: userA.organisationId } }])
    await catchUp()
    t.match((await get(userA, '/pipelines/GP-CROSS')).json(), {
      organisationId: userA.organisationId,
      region: '330108',
    })
    t.equal((await get(enfSibling, '/pipelines/GP-CROSS')).statusCode, 200, 'county B’s enforcement sees it')
    t.equal((await get(enfSibling, '/equipment/EL-CROSS')).statusCode, 200)
    t.equal((await get(enfCounty, '/pipelines/GP-CROSS')).statusCode, 404, 'county A’s enforcement does not')
    t.equal((await get(enfCounty, '/equipment/EL-CROSS')).statusCode, 404)
    const listed = (await get(enfCounty, '/pipelines?limit=100')).json() as { items: { pipelineId: string }[] }
    t.notOk(
      listed.items.some((p) => p.pipelineId === 'GP-CROSS'),
      'nor lists it',
    )

    await refused(t, userB, '/pipelines/GP-CROSS/in-use-records', { record: { name: 'mine' } }, 403, 'not-your-record')
    await refused(t, userB, '/equipment/EL-CROSS/suspend', { reason: 'x' }, 403, 'not-your-record')
    await refused(
      t,
      installerFar,
      '/pipelines/GP-CROSS/parties',
      { organisationId: userB.organisationId },
      403,
      'not-your-record',
    )
    await refused(
      t,
      enfCounty,
      '/field-findings/pipelines-in-use',
      { pipelineId: 'GP-CROSS', region: '330106', location: 'x', foundOn: '2026-05-30' },
      409,
      'region-differs',
    )
  })

  t.test('a notification names an existing using organisation: a made-up owner locks nobody out', async (t) => {
    const res = await refused(
      t,
      installerA,
      '/pipelines/construction-notifications',
      notification('GP-NAMED', installerA, 'org-nobody'),
      422,
      'owner-not-found',
    )
    t.match(res.json().errors, [{ field: 'organisationId' }])
    await refused(
      t,
      installerA,
      '/pipelines/construction-notifications',
      notification('GP-NAMED', installerA, installerFar.organisationId),
      422,
      'owner-cannot-use-equipment',
    )
    await refused(
      t,
      installerA,
      '/pipelines/GP-NAMED/construction-started',
      { startedOn: '2026-05-02', region: '330106', organisationId: userB.organisationId + '-x' },
      422,
      'owner-not-found',
    )
    await refused(
      t,
      enfCounty,
      '/field-findings/pipelines-under-construction',
      {
        pipelineId: 'GP-NAMED',
        region: '330106',
        location: 'x',
        startedOn: '2026-05-01',
        foundOn: '2026-05-30',
        installerId: userB.organisationId,
      },
      422,
      'installer-not-an-installer',
    )
    await ok(userA, '/pipelines/GP-NAMED/in-use-records', { region: '330106', record: { name: 'mine' } })
  })

  t.test('a pipeline found in use: its owner and installer named later by enforcement', async (t) => {
    const finding = { pipelineId: 'GP-FOUND-USE', region: '330106', location: 'Wenyi Rd', foundOn: '2026-05-20' }
    await refused(t, userA, '/field-findings/pipelines-in-use', finding, 403, 'forbidden')
    const found = await ok(enfCounty, '/field-findings/pipelines-in-use', finding)
    t.match(found.events, [{ type: 'PipelineFoundInUse', data: { region: '330106', foundOn: '2026-05-20' } }])
    await catchUp()
    t.match((await get(enfCounty, '/pipelines/GP-FOUND-USE')).json(), {
      organisationId: null,
      stages: { foundInUse: '2026-05-20', inUseRecorded: null },
      missingStages: ['construction_notification', 'installation_inspection_declaration', 'in_use_record_fields'],
    })

    const declaration = '/pipelines/GP-FOUND-USE/installation-inspection-declarations'
    await refused(t, installerA, declaration, {}, 409, 'pipeline-owner-unknown')
    await refused(
      t,
      userA,
      '/pipelines/GP-FOUND-USE/in-use-records',
      { record: { name: 'mine' } },
      409,
      'pipeline-owner-unknown',
    )
    const parties = '/pipelines/GP-FOUND-USE/parties'
    const both = { organisationId: userA.organisationId, installerId: installerA.organisationId }
    await refused(t, userA, parties, both, 403, 'forbidden')
    await refused(t, installerA, parties, both, 403, 'not-your-record')
    await refused(t, enfSibling, parties, both, 403, 'outside-your-region')
    await refused(t, enfCounty, parties, { ...both, organisationId: 'org-nobody' }, 422, 'owner-not-found')
    await refused(
      t,
      enfCounty,
      parties,
      { ...both, installerId: userB.organisationId },
      422,
      'installer-not-an-installer',
    )
    const named = await ok(enfCounty, parties, both)
    t.match(named.events, [{ type: 'PipelinePartiesNamed', data: { ...both, namedBy: enfCounty.organisationId } }])
    await refused(t, enfCounty, parties, { organisationId: userB.organisationId }, 409, 'owner-differs')

    await ok(installerA, declaration, {})
    await ok(userA, '/pipelines/GP-FOUND-USE/in-use-records', { record: { name: 'mine' } })
    await catchUp()
    t.match((await get(installerA, '/pipelines/GP-FOUND-USE')).json(), {
      organisationId: userA.organisationId,
      installerId: installerA.organisationId,
    })
  })
})
