import { request as httpRequest } from 'node:http'
import { Readable } from 'node:stream'
import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor, protectedRoutes } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

const register = (code: string, overrides: Record<string, unknown> = {}) => ({
  registrationCode: code,
  category: 'elevator',
  region: '330106',
  location: 'No. 1 Wenyi Rd',
  putIntoServiceDate: '2026-01-10',
  ...overrides,
})

forEachDatabase(t, async (t, db) => {
  // 2026-03-01 in China: registering equipment put into service on 2026-01-10 is late.
  const { app, clock, eventStore, visible, catchUp, post, get } = await registryTestApp(t, db, '2026-03-01T02:00:00Z')
  const userA = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const userB = await credentialFor(app, { kind: 'equipment_user', region: '330102' })
  const installer = await credentialFor(app, { kind: 'installer', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const farAgency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '320100',
    accreditedRegions: ['320100'],
  })
  const enforcement = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const otherEnforcement = await credentialFor(app, { kind: 'enforcement', region: '320100' })

  t.test('registration: recorded, late flagged, the code unique across the system', async (t) => {
    const res = await post(userA, '/equipment', register('EL-A-0001'))
    t.equal(res.statusCode, 201, res.body)
    const body = res.json()
    t.equal(body.streamName, 'equipment-EL-A-0001')
    t.match(body.events, [
      {
        type: 'EquipmentRegistered',
        data: {
          organisationId: userA.organisationId,
          late: true,
          registeredOn: '2026-03-01',
          registrationDeadline: '2026-02-09',
          nextInspectionDue: '2027-01-10',
        },
      },
    ])

    const duplicate = await post(userB, '/equipment', register('EL-A-0001', { region: '330102' }), {
      'accept-language': 'zh-CN',
    })
    t.equal(duplicate.statusCode, 409)
    t.match(duplicate.headers['content-type'], /application\/problem\+json/)
    t.match(duplicate.json(), {
      type: 'urn:gsr:problem:registration-code-taken',
      title: '登记编号已被使用',
      status: 409,
    })

    const invalid = await post(userA, '/equipment', { ...register('EL-A-0002'), colour: 'red', region: '33' })
    t.equal(invalid.statusCode, 400)
    t.match(invalid.json(), { type: 'urn:gsr:problem:validation-failed' })
    const fields = (invalid.json().errors as { field: string }[]).map((e) => e.field)
    t.ok(fields.includes('region') && fields.includes('colour'), `names the fields: ${fields.join(', ')}`)

    // Equipment stands where it stands: a user seated in 330106 registers a crane it runs in Beijing.
    const elsewhere = await post(userA, '/equipment', register('EL-A-0003', { region: '110101' }))
    t.equal(elsewhere.statusCode, 201, 'a user registers equipment outside its seat’s region')
    t.match(elsewhere.json().events, [{ data: { organisationId: userA.organisationId, region: '110101' } }])
    const notAUser = await post(installer, '/equipment', register('EL-A-0004'))
    t.equal(notAUser.statusCode, 403, 'installers do not register equipment')
    const grade5 = await post(
      userA,
      '/equipment',
      register('PV-A-0005', { category: 'pressure_vessel', attributes: { safetyGrade: 5 } }),
    )
    t.match(grade5.json(), {
      status: 422,
      type: 'urn:gsr:problem:safety-grade-not-usable',
      errors: [{ field: 'safetyGrade' }],
    })
  })

  t.test('suspend, resume, transfer, cancel; wrong organisation and unknown equipment refused', async (t) => {
    t.equal((await post(userA, '/equipment', register('EL-A-0010', { registeredOn: '2026-01-20' }))).statusCode, 201)
    const wrongOrg = await post(userB, '/equipment/EL-A-0010/suspend', { reason: 'not mine' })
    t.equal(wrongOrg.statusCode, 403)
    t.match(wrongOrg.json(), { type: 'urn:gsr:problem:not-your-record' })
    const unknown = await post(userA, '/equipment/EL-NOPE-1/suspend', { reason: 'x' })
    t.equal(unknown.statusCode, 404)
    t.match(unknown.json(), { type: 'urn:gsr:problem:equipment-not-found', errors: [{ field: 'registrationCode' }] })

    t.equal(
      (await post(userA, '/equipment/EL-A-0010/suspend', { reason: 'repairs', suspendedOn: '2026-02-01' })).statusCode,
      201,
    )
    t.equal((await post(userA, '/equipment/EL-A-0010/suspend', { reason: 'again' })).statusCode, 409)
    t.equal((await post(userA, '/equipment/EL-A-0010/resume', {})).statusCode, 201)
    const transfer = await post(userA, '/equipment/EL-A-0010/transfer', {
      toOrganisationId: userB.organisationId,
      toRegion: '330102',
      location: 'No. 9 Tianmushan Rd',
    })
    t.equal(transfer.statusCode, 201)
    t.equal((await post(userB, '/equipment/EL-A-0010/transfer/accept', {})).statusCode, 201, 'B accepts')
    t.equal((await post(userA, '/equipment/EL-A-0010/cancel', { reason: 'x' })).statusCode, 403, 'no longer A’s')
    t.equal((await post(userB, '/equipment/EL-A-0010/cancel', { reason: 'scrapped' })).statusCode, 201)
    t.equal((await post(userB, '/equipment/EL-A-0010/resume', {})).statusCode, 409, 'cancelled is final')

    await catchUp()
    const asB = await get(userB, '/equipment/EL-A-0010')
    t.match(asB.json(), { organisationId: userB.organisationId, region: '330102', status: 'cancelled', late: false })
    t.equal((await get(userA, '/equipment/EL-A-0010')).statusCode, 404, 'the former owner no longer sees it')
    const timeline = await get(userB, '/equipment/EL-A-0010/events')
    t.same(
      timeline.json().items.map((e: { type: string }) => e.type),
      [
        'EquipmentRegistered',
        'EquipmentSuspended',
        'EquipmentResumed',
        'EquipmentTransferOffered',
        'EquipmentTransferred',
        'EquipmentCancelled',
      ],
    )
    t.equal(timeline.json().items[1].occurredAt, '2026-02-01T00:00:00+08:00', 'field date as occurredAt')
  })

  t.test('inspections: agencies in their accredited regions; pass moves the due date; users declare', async (t) => {
    const result = {
      kind: 'periodic',
      conclusion: 'pass',
      reportNumber: 'DJ-2026-001',
      inspectors: ['Zhang San', 'Li Si'],
      inspectionDate: '2026-02-20',
    }
    const far = await post(farAgency, '/equipment/EL-A-0001/inspection-results', result)
    t.equal(far.statusCode, 403)
    t.match(far.json(), { type: 'urn:gsr:problem:agency-not-accredited-for-region' })
    t.equal(
      (await post(userA, '/equipment/EL-A-0001/inspection-results', result)).statusCode,
      403,
      'users do not record results',
    )
    const tooFar = await post(agency, '/equipment/EL-A-0001/inspection-results', {
      ...result,
      nextDueDate: '2028-02-20',
    })
    t.match(tooFar.json(), {
      status: 422,
      type: 'urn:gsr:problem:next-due-outside-interval',
      errors: [{ field: 'nextDueDate' }],
    })
    const ok = await post(agency, '/equipment/EL-A-0001/inspection-results', result)
    t.equal(ok.statusCode, 201)
    t.match(ok.json().events[0].data, { nextDueDate: '2027-02-20', agencyId: agency.organisationId, region: '330106' })

    // Facts are not recorded ahead of their day (dateWindow): the declaration is made on 2027-01-10.
    clock.set('2027-01-10T02:00:00Z')
    const declared = await post(userA, '/equipment/EL-A-0001/periodic-inspection-declarations', {
      declaredOn: '2027-01-10',
      agencyId: agency.organisationId,
    })
    clock.set('2026-03-01T02:00:00Z')
    t.equal(declared.statusCode, 201)
    t.match(declared.json().events[0].data, { dueDate: '2027-02-20', inTime: true })

    await catchUp()
    t.match((await get(userA, '/equipment/EL-A-0001')).json(), {
      nextDueDate: '2027-02-20',
      lastInspection: { reportNumber: 'DJ-2026-001', conclusion: 'pass' },
      declaredForDueDate: '2027-02-20',
      declaredInTime: true,
    })
    const history = await get(userA, '/equipment/EL-A-0001/inspections')
    t.match(history.json().items, [{ reportNumber: 'DJ-2026-001', inspectors: ['Zhang San', 'Li Si'] }])
    t.equal((await get(agency, '/inspections')).json().items.length, 1, 'the agency lists its own results')
  })

  t.test('register queries: scope, filters, cursor pages', async (t) => {
    for (let i = 0; i < 5; i++) {
      t.equal(
        (await post(userA, '/equipment', register(`BO-A-000${i}`, { category: 'boiler', registeredOn: '2026-01-15' })))
          .statusCode,
        201,
      )
    }
    await catchUp()
    const mine = await get(userA, '/equipment?limit=100')
    t.ok(mine.json().items.every((e: { organisationId: string }) => e.organisationId === userA.organisationId))
    const page1 = await get(userA, '/equipment?category=boiler&limit=2')
    t.equal(page1.json().items.length, 2)
    t.type(page1.json().next, 'string')
    const page2 = await get(userA, `/equipment?category=boiler&limit=2&after=${page1.json().next}`)
    const page3 = await get(userA, `/equipment?category=boiler&limit=2&after=${page2.json().next}`)
    t.equal(page3.json().items.length, 1)
    t.equal(page3.json().next, undefined)
    t.equal((await get(userA, '/equipment?after=not-a-cursor')).statusCode, 400)

    const city = await get(enforcement, '/equipment?limit=100&category=boiler')
    t.equal(city.json().items.length, 5, 'enforcement sees its region and below, every organisation')
    t.equal((await get(otherEnforcement, '/equipment?limit=100')).json().items.length, 0, 'not another province')
    t.equal((await get(otherEnforcement, '/equipment?region=330106')).statusCode, 403)
    t.equal((await get(userB, '/equipment?limit=100&category=boiler')).json().items.length, 0)
    t.equal((await get(userB, '/equipment/BO-A-0001')).statusCode, 404)
    t.equal((await get(enforcement, '/equipment/BO-A-0001')).statusCode, 200)
    const byDue = await get(enforcement, '/equipment?sort=nextDueDate&dueBefore=2027-01-31&limit=100')
    const dues = byDue.json().items.map((e: { nextDueDate: string }) => e.nextDueDate)
    t.same(dues, [...dues].sort())
  })

  t.test('pipeline lifecycle and field findings', async (t) => {
    const notified = await post(installer, '/pipelines/construction-notifications', {
      pipelineId: 'GP-0001',
      organisationId: userA.organisationId,
      region: '330106',
      name: 'Wenyi Rd main',
      location: 'Wenyi Rd',
      grade: 'GB1',
      plannedStartDate: '2026-03-10',
    })
    t.equal(notified.statusCode, 201, notified.body)
    // The story moves through time: each fact is recorded on or after its day (dateWindow).
    clock.set('2026-03-12T02:00:00Z')
    t.equal(
      (await post(installer, '/pipelines/GP-0001/construction-started', { startedOn: '2026-03-12' })).statusCode,
      201,
    )
    t.equal((await post(installer, '/pipelines/GP-0001/installation-inspection-declarations', {})).statusCode, 201)
    t.equal((await post(installer, '/pipelines/GP-0001/installation-inspection-declarations', {})).statusCode, 409)
    clock.set('2026-05-01T02:00:00Z')
    const installed = await post(agency, '/pipelines/GP-0001/inspection-results', {
      kind: 'installation_supervision',
      conclusion: 'pass',
      reportNumber: 'AZ-1',
      inspectors: ['Wang Wu'],
      inspectionDate: '2026-05-01',
    })
    t.equal(installed.statusCode, 201)
    const inUse = await post(userA, '/pipelines/GP-0001/in-use-records', {
      record: { name: 'Wenyi Rd main', medium: 'natural gas' },
    })
    t.equal(inUse.statusCode, 201)
    t.match(inUse.json().events[0].data, { complete: false, nextInspectionDue: '2029-05-01' })
    clock.set('2029-03-01T02:00:00Z')
    const refused = async (res: Awaited<ReturnType<typeof post>>, status: number, type: string) => {
      t.equal(res.statusCode, status, `${type}: ${res.body}`)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.match(res.json(), { type: `urn:gsr:problem:${type}`, status, title: String })
    }
    await refused(await post(userB, '/pipelines/GP-0001/in-use-records', { record: {} }), 403, 'not-your-record')
    await refused(
      await post(userA, '/pipelines/GP-NOPE/periodic-inspection-declarations', {}),
      404,
      'pipeline-not-found',
    )
    await refused(
      await post(installer, '/pipelines/GP-0001/installation-inspection-declarations', {}),
      409,
      'stage-already-recorded',
    )
    await refused(
      await post(installer, '/pipelines/construction-notifications', {
        pipelineId: 'GP-0001',
        organisationId: userA.organisationId,
        region: '330106',
        name: 'again',
        location: 'Wenyi Rd',
        grade: 'GB1',
        plannedStartDate: '2026-03-10',
      }),
      409,
      'stage-already-recorded',
    )
    await refused(
      await post(userA, '/pipelines/GP-NEW/construction-started', { startedOn: '2026-03-01' }),
      422,
      'region-required',
    )
    await refused(
      await post(farAgency, '/pipelines/GP-0001/inspection-results', {
        kind: 'periodic',
        conclusion: 'pass',
        reportNumber: 'DJ-X',
        inspectors: ['Far'],
        inspectionDate: '2026-06-01',
      }),
      403,
      'agency-not-accredited-for-region',
    )
    // The periodic stages over HTTP: the using organisation declares, an agency records the result.
    const periodic = await post(userA, '/pipelines/GP-0001/periodic-inspection-declarations', {
      declaredOn: '2029-03-01',
      agencyId: agency.organisationId,
    })
    t.equal(periodic.statusCode, 201, periodic.body)
    clock.set('2029-04-20T02:00:00Z')
    t.match(periodic.json().events[0], {
      type: 'PeriodicInspectionDeclared',
      data: { subjectKind: 'pipeline', dueDate: '2029-05-01', inTime: true },
    })
    const periodicResult = await post(agency, '/pipelines/GP-0001/inspection-results', {
      kind: 'periodic',
      conclusion: 'conditional_pass',
      reportNumber: 'DJ-GP-1',
      inspectors: ['Zhou'],
      inspectionDate: '2029-04-20',
      safetyGrade: 3,
    })
    t.equal(periodicResult.statusCode, 201, periodicResult.body)
    t.match(periodicResult.json().events[0].data, { subjectKind: 'pipeline', nextDueDate: '2032-04-20' })
    clock.set('2026-03-01T02:00:00Z')

    // Enforcement finds a pipeline under construction that nobody notified.
    const found = await post(enforcement, '/field-findings/pipelines-under-construction', {
      pipelineId: 'GP-FOUND-1',
      region: '330106',
      location: 'behind the market',
      startedOn: '2026-02-20',
      foundOn: '2026-03-01',
    })
    t.equal(found.statusCode, 201)
    const equipmentFound = await post(enforcement, '/field-findings/equipment-in-use', {
      findingId: 'F-2026-0001',
      region: '330106',
      location: 'night market',
      foundOn: '2026-03-01',
      category: 'lifting_machinery',
      description: 'crane without a registration plate',
    })
    t.equal(equipmentFound.statusCode, 201)
    t.match(equipmentFound.json().events[0], {
      type: 'EquipmentFoundInUse',
      data: { enforcementOrganisationId: enforcement.organisationId },
    })
    t.equal(equipmentFound.json().events[0].data.registrationCode, undefined)
    const again = await post(enforcement, '/field-findings/equipment-in-use', {
      findingId: 'F-2026-0001',
      region: '330106',
      location: 'x',
      foundOn: '2026-03-01',
      category: 'elevator',
    })
    t.equal(again.statusCode, 409)
    t.match(again.json(), { type: 'urn:gsr:problem:finding-already-recorded', errors: [{ field: 'findingId' }] })
    const operation = await post(enforcement, '/field-findings/operations', {
      region: '330106',
      location: 'station 3',
      foundOn: '2026-03-01',
      performedAt: '2026-03-01T09:30:00+08:00',
      operatorPersonId: 'P-330106-77',
      workCategory: 'Q2',
      organisationId: userA.organisationId,
      registrationCode: 'EL-A-0001',
    })
    t.equal(operation.statusCode, 201)
    t.match(operation.json().events[0].data, { workCategory: 'Q2', operatorPersonId: 'P-330106-77' })
    t.equal((await post(userA, '/field-findings/operations', {})).statusCode, 403, 'only enforcement records findings')

    await catchUp()
    const pipeline = (await get(installer, '/pipelines/GP-0001')).json()
    t.match(pipeline, {
      stages: {
        constructionNotified: '2026-03-01',
        constructionStarted: '2026-03-12',
        installationInspected: '2026-05-01',
        inUseComplete: false,
      },
      missingStages: ['in_use_record_fields'],
      nextDueDate: '2032-04-20',
      safetyGrade: 3,
      lastInspection: { date: '2029-04-20', conclusion: 'conditional_pass' },
    })
    t.ok(pipeline.stages.inUseMissingFields.includes('designPressureMPa'))
    const gaps = await get(enforcement, '/pipelines?missing=construction_notification')
    t.same(
      gaps.json().items.map((p: { pipelineId: string }) => p.pipelineId),
      ['GP-FOUND-1'],
    )
    t.equal((await get(userB, '/pipelines/GP-0001')).statusCode, 404)
    const timeline = await get(userA, '/pipelines/GP-0001/events')
    t.same(
      timeline.json().items.map((e: { type: string }) => e.type),
      [
        'PipelineConstructionNotified',
        'PipelineConstructionStarted',
        'InstallationInspectionDeclared',
        'InspectionResultRecorded',
        'PipelineInUseRecorded',
        'PeriodicInspectionDeclared',
        'InspectionResultRecorded',
      ],
    )
    t.same(
      (await get(userA, '/pipelines/GP-0001/inspections'))
        .json()
        .items.map((i: { reportNumber: string }) => i.reportNumber),
      ['DJ-GP-1', 'AZ-1'],
      'newest first',
    )
  })

  t.test('CSV import over HTTP: every bad row reported, re-import adds nothing', async (t) => {
    const csv = [
      'registrationCode,category,region,location,putIntoServiceDate,registeredOn,nextInspectionDue,safetyGrade',
      'IM-0001,elevator,330106,site 1,2025-01-01,2025-01-10,,', // due 2026-01-01 by the rules
      'IM-0002,pressure_vessel,330106,site 2,2025-01-01,2025-03-10,,2',
      'IM-0003,rocket,330106,site 3,2025-01-01,2025-01-10,,',
      'IM-0004,elevator,3301,site 4,2025-13-01,2025-01-10,,',
      'IM-0001,elevator,330106,site 1 again,2025-01-01,2025-01-10,,',
      'EL-A-0001,elevator,330106,taken,2025-01-01,2025-01-10,,',
    ].join('\n')
    const send = (body: string, query = '') =>
      app.inject({
        method: 'POST',
        url: `/imports/equipment${query}`,
        payload: body,
        headers: { ...userA.headers, 'content-type': 'text/csv' },
      })
    const dry = await send(csv, '?dryRun=true')
    t.match(dry.json(), { dryRun: true, recorded: 0, rows: 6 })
    const first = await send(csv)
    t.equal(first.statusCode, 200, first.body)
    const report = first.json()
    t.match(report, { rows: 6, recorded: 2, alreadyRecorded: 0, rejected: 4 })
    t.same(
      report.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [
        [4, 'category'],
        [5, 'region'],
        [5, 'putIntoServiceDate'],
        [6, 'registrationCode'],
        [7, 'registrationCode'],
      ],
    )
    await visible() // alreadyRecorded counts what was visible when the re-import started
    const second = await send(csv)
    t.match(second.json(), { recorded: 0, alreadyRecorded: 2, rejected: 4 })
    await catchUp()
    t.match((await get(userA, '/equipment/IM-0001')).json(), { nextDueDate: '2026-01-01', registeredOn: '2025-01-10' })
    t.equal((await get(userA, '/equipment/IM-0001/events')).json().items.length, 1)

    // Larger than the kit's default body limit in tests (64 KiB): the import route allows more.
    const big = [csv.split('\n')[0]]
    for (let i = 0; i < 1500; i++)
      big.push(
        `BIG-${String(i).padStart(5, '0')},elevator,330106,"Building ${i}, a long enough address line",2025-01-01,2025-01-10,,`,
      )
    const bigBody = big.join('\n')
    t.ok(bigBody.length > 64 * 1024)
    t.match((await send(bigBody)).json(), { rows: 1500, recorded: 1500, rejected: 0 })

    const foreign = await app.inject({
      method: 'POST',
      url: '/imports/pipelines',
      payload:
        'pipelineId,organisationId,region,recordedOn,name\nGP-IM-1,someone-else,330106,2026-01-01,x\nGP-IM-2,,330106,2026-01-01,ok\n',
      headers: { ...userA.headers, 'content-type': 'text/csv' },
    })
    t.match(foreign.json(), { recorded: 1, rejected: 1, errors: [{ line: 2, field: 'organisationId' }] })
    const badHeader = await app.inject({
      method: 'POST',
      url: '/imports/pipelines',
      payload: 'pipe,region\nx,330106\n',
      headers: { ...userA.headers, 'content-type': 'text/csv' },
    })
    t.match(badHeader.json(), { recorded: 0, errors: [{ line: 1, field: 'pipe' }] })
  })

  const csvHeader =
    'registrationCode,category,region,location,putIntoServiceDate,registeredOn,nextInspectionDue,safetyGrade'
  const csvRow = (code: string, location = 'site') => `${code},elevator,330106,${location},2025-01-01,2025-01-10,,`
  const sendCsv = (body: string | Buffer | Readable, contentType = 'text/csv', who = userA) =>
    app.inject({
      method: 'POST',
      url: '/imports/equipment',
      payload: body,
      headers: { ...who.headers, 'content-type': contentType },
    })
  const storedLocation = async (code: string) =>
    (await eventStore.readStream(`equipment-${code}`))[0]?.data as { location: string } | undefined

  t.test('CSV import: a row with a NUL character is reported, the rest recorded (no 500 mid-way)', async (t) => {
    const rows = Array.from({ length: 20 }, (_, i) =>
      csvRow(`NUL-${String(i + 1).padStart(4, '0')}`, i === 10 ? 'site\u0000 11' : `site ${i + 1}`),
    )
    const res = await sendCsv([csvHeader, ...rows].join('\n'))
    t.equal(res.statusCode, 200, res.body)
    t.match(res.json(), {
      rows: 20,
      recorded: 19,
      rejected: 1,
      errors: [{ line: 12, field: 'location', message: /NUL/ }],
      errorsOmitted: 0,
    })
    t.notOk(await storedLocation('NUL-0011'), 'the bad row recorded nothing')
    t.equal((await storedLocation('NUL-0020'))?.location, 'site 20', 'the rows after it are recorded')
  })

  // GB18030 bytes from the standard's code table (TextEncoder only writes UTF-8): 杭 BABC, 州 D6DD,
  // 市 CAD0 (two-byte GB2312 range), € A2E3 (GBK), 𠀀 U+20000 95328236 (a four-byte sequence).
  const gbLocation = '杭州市€𠀀'
  const gbBytes = Buffer.from('babcd6ddcad0a2e395328236', 'hex')
  const gbCsv = (code: string) =>
    Buffer.concat([
      Buffer.from(`${csvHeader}\n${code},elevator,330106,`),
      gbBytes,
      Buffer.from(',2025-01-01,2025-01-10,,\n'),
    ])

  t.test('CSV import in GB18030: the charset is honoured, text stored as written', async (t) => {
    const res = await sendCsv(gbCsv('GB-0001'), 'text/csv; charset=GB18030')
    t.equal(res.statusCode, 200, res.body)
    t.match(res.json(), { recorded: 1, rejected: 0 })
    t.equal((await storedLocation('GB-0001'))?.location, gbLocation)
    const gbk = await sendCsv(gbCsv('GB-0002'), 'text/csv; charset="gbk"')
    t.equal(gbk.statusCode, 200, gbk.body)
    t.equal((await storedLocation('GB-0002'))?.location, gbLocation, 'GBK read as GB18030, its superset')
    // A UTF-8 byte-order mark says what the bytes are, whatever the header declares.
    const bom = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${csvHeader}\n${csvRow('GB-0003', '杭州')}\n`),
    ])
    t.equal((await sendCsv(bom, 'text/csv; charset=gb18030')).statusCode, 200)
    t.equal((await storedLocation('GB-0003'))?.location, '杭州')
  })

  t.test(
    'CSV import: bytes that are not text in the charset are refused with the line, nothing recorded',
    async (t) => {
      const undeclared = Buffer.concat([
        Buffer.from(`${csvHeader}\n${csvRow('GB-0010')}\n`),
        gbCsv('GB-0011').subarray(csvHeader.length + 1),
      ])
      const res = await sendCsv(undeclared)
      t.equal(res.statusCode, 400, res.body)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.match(res.json(), { errors: [{ field: 'body', in: 'body', message: /line 3 .*utf-8/ }] })
      t.notOk(await storedLocation('GB-0010'), 'not even the good row before it')
      t.notOk(await storedLocation('GB-0011'))
      const zh = await app.inject({
        method: 'POST',
        url: '/imports/equipment',
        payload: undeclared,
        headers: { ...userA.headers, 'content-type': 'text/csv', 'accept-language': 'zh-CN' },
      })
      t.match(zh.json(), { status: 400, detail: /第 3 行/ })
      const latin = await sendCsv(Buffer.from(`${csvHeader}\n`), 'text/csv; charset=latin1')
      t.equal(latin.statusCode, 415)
      t.match(latin.json(), { errors: [{ field: 'content-type', in: 'headers' }] })
    },
  )

  t.test('CSV import: the reply lists the first 100 errors and counts the rest', async (t) => {
    const rows = Array.from({ length: 250 }, (_, i) => `BAD-${i},rocket,330106,x,2025-01-01,2025-01-10,,`)
    const res = await sendCsv([csvHeader, ...rows, csvRow('BOUNDED-1')].join('\n'))
    t.equal(res.statusCode, 200)
    const report = res.json()
    t.match(report, { rows: 251, recorded: 1, rejected: 250, errorsOmitted: 150 })
    t.equal(report.errors.length, 100)
    t.same(
      report.errors.slice(0, 2).map((e: { line: number }) => e.line),
      [2, 3],
      'the lowest lines',
    )
  })

  t.test('CSV import: an Idempotency-Key never replays one file for another', async (t) => {
    const withKey = (code: string) =>
      app.inject({
        method: 'POST',
        url: '/imports/equipment',
        payload: `${csvHeader}\n${csvRow(code)}\n`,
        headers: { ...userA.headers, 'content-type': 'text/csv', 'idempotency-key': 'import-key-1' },
      })
    t.match((await withKey('KEY-0001')).json(), { recorded: 1 })
    t.match((await withKey('KEY-0002')).json(), { recorded: 1 }, 'the second file is imported')
    t.ok(await storedLocation('KEY-0002'))
    await visible()
    t.match((await withKey('KEY-0002')).json(), { recorded: 0, alreadyRecorded: 1 }, 'a re-sent file records nothing')
  })

  t.test('CSV import: an equipment user sends at most 8 MiB, refused before anything is recorded', async (t) => {
    const row = `${csvRow('LIMIT-0001', 'x'.repeat(200))}\n`
    const rows = Math.ceil((8 * 1024 * 1024) / row.length) + 1
    const body = `${csvHeader}\n${row.repeat(rows)}`
    const declared = await sendCsv(body)
    t.equal(declared.statusCode, 413, 'Content-Length over the limit')
    t.match(declared.json(), { errors: [{ field: 'body' }] })
    // Chunked (no Content-Length), over a real socket: counted as it arrives, refused mid-upload.
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${address}/imports/equipment`,
        { method: 'POST', headers: { ...userA.headers, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' } },
        (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        },
      )
      request.on('error', reject)
      const stream = Readable.from(
        (function* () {
          yield `${csvHeader}\n`
          for (let i = 0; i < rows; i++) yield row
        })(),
      )
      stream.pipe(request)
      // The server answers before it has read everything: stop sending then.
      request.on('response', () => stream.unpipe(request))
    })
    t.equal(status, 413)
    t.notOk(await storedLocation('LIMIT-0001'), 'nothing recorded')
  })

  t.test('Idempotency-Key: a retried write is recorded once', async (t) => {
    const body = { record: { name: 'retry main' }, region: '330106', recordedOn: '2026-02-01' }
    const first = await post(userA, '/pipelines/GP-RETRY-1/in-use-records', body, { 'idempotency-key': 'k-1' })
    const retry = await post(userA, '/pipelines/GP-RETRY-1/in-use-records', body, { 'idempotency-key': 'k-1' })
    t.equal(first.statusCode, 201)
    t.equal(retry.statusCode, 201)
    t.equal(retry.headers['idempotent-replayed'], 'true')
    t.same(retry.json(), first.json())
    await catchUp()
    t.equal((await get(userA, '/pipelines/GP-RETRY-1/events')).json().items.length, 1)
  })

  t.test('every registry route documented in OpenAPI, every write with its problem responses', async (t) => {
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    const routes = protectedRoutes(app).filter(
      (r) => r.method !== 'HEAD' && /^\/(equipment|pipelines|inspections|field-findings|imports)/.test(r.pattern),
    )
    t.equal(routes.length, 37, routes.map((r) => `${r.method} ${r.pattern}`).join(', '))
    for (const route of routes) {
      const path = route.pattern.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
      const operation = spec.paths[path]?.[route.method.toLowerCase()]
      t.ok(operation?.summary, `${route.method} ${path} documented`)
      if (route.method === 'POST' && !route.pattern.startsWith('/imports')) {
        t.ok(operation?.responses?.['403'] && operation?.responses?.['409'], `${path}: refusals documented`)
      }
    }
  })
})
