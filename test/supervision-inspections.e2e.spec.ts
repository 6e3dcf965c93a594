import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { supervisionChecklists } from '@gsr/domain/enforcement'
import { enforcementService } from '@gsr/enforcement-service'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential, callsAs } from '@gsr/http-kit/testing'
import { penaltyCaseOverdueSource, rectificationOrderOverdueSource } from '@gsr/read-models/enforcement'
import { createInspectionScheduler, registryService } from '@gsr/registry-service'

/**
 * Routine supervision inspections (日常监督检查, issue 17 item 1) over HTTP on both databases,
 * with the registry for the field findings they name: a clean inspection counted; problems
 * found as field findings a rectification order then names; another region refused without an
 * assignment (异地交叉互查) and accepted with one; and (item 2) the scheduler, on a later clock,
 * raising an order overdue without a re-check, and a penalty case past its decision due day
 * (extension counted) undecided, not one dropped or accepted by the police.
 */
const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const items = (kind: 'lpg_filling_station' | 'elevator_user', failed: string[] = []) =>
  supervisionChecklists.at('2026-05-20').rules[kind].map((i) => ({
    itemId: i.id,
    result: failed.includes(i.id) ? 'failed' : 'passed',
  }))

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([registryService, enforcementService], { db, clock })
  t.teardown(() => app.close())
  const city = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const county = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const countyViewer = await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'viewer' })
  const otherCounty = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const thirdCounty = await credentialFor(app, { kind: 'enforcement', region: '330110' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const otherStation = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const settle = async () => {
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
  }
  const { get, post } = callsAs(app)
  const streamLength = async (name: string) => (await app.kit.eventStore.readStream(name)).length

  const clean = {
    region: '330106',
    organisationId: station.organisationId,
    subjectKind: 'lpg_filling_station',
    inspectedOn: '2026-05-20',
    inspectors: [{ name: '张三', certificateNumber: 'ZF-330106-001' }, { name: '李四' }],
    items: items('lpg_filling_station'),
    result: 'no_problem',
    photoReferences: ['2026-05-20/IMG_0101.jpg'],
  }

  t.test('the checklists in force on a day: what an inspection answers, item by item', async (t) => {
    const res = await get(county, '/enforcement/inspections/checklists?on=2026-05-20')
    t.equal(res.statusCode, 200)
    const body = res.json() as {
      rule: { name: string; version: string }
      checklists: { subjectKind: string; items: { itemId: string; zh: string; en: string }[] }[]
    }
    const inForce = supervisionChecklists.at('2026-05-20')
    t.same(body.rule, { name: 'supervisionChecklists', version: inForce.version })
    const stationChecklist = body.checklists.find((c) => c.subjectKind === 'lpg_filling_station')
    t.same(
      stationChecklist?.items.map((i) => i.itemId),
      inForce.rules.lpg_filling_station.map((i) => i.id),
      'the station checklist, in order',
    )
    t.ok(
      stationChecklist?.items.every((i) => i.zh && i.en),
      'each item labelled in both languages',
    )
    // Today by default (the clock's day), the same table.
    t.equal((await get(county, '/enforcement/inspections/checklists')).json().on, '2026-06-01')
    const before = await get(county, '/enforcement/inspections/checklists?on=2000-01-01')
    t.equal(before.statusCode, 422, 'no checklist in force before the first version')
    t.match(before.json().errors, [{ field: 'on' }])
    t.equal((await get(station, '/enforcement/inspections/checklists')).statusCode, 403, 'a station: not for it')
  })

  t.test('a clean inspection: recorded once, listed, counted', async (t) => {
    const refusals: [TestCredential, object, number, string?][] = [
      [countyViewer, clean, 403],
      [station, clean, 403],
      [county, { ...clean, inspectors: [{ name: '张三' }] }, 400, 'inspectors'],
      [county, { ...clean, inspectors: [{ name: '张三' }, { name: '张三' }] }, 422, 'inspectors'],
      [county, { ...clean, items: clean.items.slice(1) }, 422, 'items'],
      [county, { ...clean, result: 'problems_found' }, 422, 'result'],
      [county, { ...clean, organisationId: 'org-nobody' }, 422, 'organisationId'],
      [county, { ...clean, inspectedOn: '2026-06-02' }, 400, 'inspectedOn'],
      [county, { ...clean, photoReferences: Array.from({ length: 21 }, (_, i) => `p${i}`) }, 400, 'photoReferences'],
    ]
    for (const [as, body, status, field] of refusals) {
      const res = await post(as, '/enforcement/inspections', body)
      t.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 100)} → ${status}`)
      if (field) t.match(res.json().errors, [{ field: new RegExp(`^${field}`) }])
    }
    const key = { 'idempotency-key': 'inspection-clean-1' }
    const first = await post(county, '/enforcement/inspections', clean, key)
    t.equal(first.statusCode, 201, first.body)
    const again = await post(county, '/enforcement/inspections', clean, key)
    t.equal(again.json().streamName, first.json().streamName, 'a retry names the same inspection')
    t.equal(await streamLength(first.json().streamName), 1, 'recorded once')
    t.match(first.json().events[0].data, { checklist: { name: 'supervisionChecklists', version: '2021.1' } })
    const second = await post(county, '/enforcement/inspections', { ...clean, inspectionId: 'SI-CLEAN-2' })
    t.equal(second.statusCode, 201)
    t.equal((await post(county, '/enforcement/inspections', { ...clean, inspectionId: 'SI-CLEAN-2' })).statusCode, 409)
    await settle()
    const one = await get(station, '/enforcement/inspections/SI-CLEAN-2')
    t.equal(one.statusCode, 200, 'the organisation inspected reads it')
    t.match(one.json(), { result: 'no_problem', photoReferences: ['2026-05-20/IMG_0101.jpg'], assignmentId: null })
    t.equal((await get(otherStation, '/enforcement/inspections/SI-CLEAN-2')).statusCode, 404)
    t.equal((await get(otherCounty, '/enforcement/inspections/SI-CLEAN-2')).statusCode, 404)
    t.equal((await get(county, '/enforcement/inspections?on=2026-05-19')).json().items.length, 0, 'not yet on the 19th')
  })

  t.test('problems found: field findings named, then a rectification order names them', async (t) => {
    const finding = await post(county, '/field-findings/operations', {
      findingId: 'F-SI-1',
      region: '330106',
      location: 'filling hall',
      foundOn: '2026-05-21',
      performedAt: '2026-05-21T02:00:00Z',
      operatorPersonId: 'op-nocert',
      workCategory: 'P',
      organisationId: station.organisationId,
    })
    t.equal(finding.statusCode, 201, finding.body)
    const withProblems = {
      ...clean,
      inspectionId: 'SI-PROBLEMS-1',
      inspectedOn: '2026-05-21',
      items: items('lpg_filling_station', ['operators_certified']),
      result: 'problems_found',
      findingIds: ['F-SI-1'],
    }
    const refusals: [object, number, string][] = [
      [{ ...withProblems, result: 'no_problem' }, 422, 'result'],
      [{ ...withProblems, findingIds: ['F-NONE-1'] }, 422, 'findingIds.0'],
      [{ ...withProblems, organisationId: otherStation.organisationId }, 422, 'findingIds.0'],
      [{ ...withProblems, inspectedOn: '2026-05-22' }, 422, 'findingIds.0'],
    ]
    for (const [body, status, field] of refusals) {
      const res = await post(county, '/enforcement/inspections', body)
      t.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 100)} → ${status}`)
      t.match(res.json().errors, [{ field }])
    }
    t.equal(await streamLength('supervision-inspection-SI-PROBLEMS-1'), 0, 'nothing recorded by a refusal')
    t.equal((await post(county, '/enforcement/inspections', withProblems)).statusCode, 201)
    await settle()
    const listed = (await get(county, '/enforcement/inspections?result=problems_found')).json().items
    t.same(
      listed.map((i: { inspectionId: string; findingIds: string[] }) => [i.inspectionId, i.findingIds]),
      [['SI-PROBLEMS-1', ['F-SI-1']]],
    )
    const order = await post(county, '/enforcement/rectification-orders', {
      orderId: 'RO-SI-1',
      region: '330106',
      organisationId: station.organisationId,
      problems: [{ source: 'finding', id: listed[0].findingIds[0] }],
      issuedOn: '2026-05-25',
    })
    t.equal(order.statusCode, 201, order.body)
    t.match(order.json().events[0].data, {
      problems: [{ source: 'finding', id: 'F-SI-1', category: 'operator_uncertified' }],
      deadline: '2026-06-09',
    })
  })

  t.test('another region: refused without an assignment, accepted with one from the level above', async (t) => {
    const visit = {
      ...clean,
      inspectionId: 'SI-CROSS-1',
      subjectKind: 'elevator_user',
      items: items('elevator_user'),
      inspectedOn: '2026-05-26',
    }
    const refused = await post(otherCounty, '/enforcement/inspections', visit)
    t.equal(refused.statusCode, 403)
    t.equal(refused.json().type, 'urn:gsr:problem:inspection-outside-region')
    const probe = await post(otherCounty, '/enforcement/inspections', { ...visit, organisationId: 'org-nobody' })
    t.equal(probe.statusCode, 403, 'outside its region a team learns nothing of the organisations there')
    const assignment = {
      assignmentId: 'AS-1',
      teamOrganisationId: otherCounty.organisationId,
      region: '330106',
      assignedOn: '2026-05-22',
      from: '2026-05-25',
      to: '2026-05-31',
    }
    t.equal((await post(county, '/enforcement/inspection-assignments', assignment)).statusCode, 403, 'not from above')
    t.equal(
      (await post(city, '/enforcement/inspection-assignments', { ...assignment, region: '330108' })).statusCode,
      422,
      'its own region is no cross-region check',
    )
    t.equal(
      (await post(city, '/enforcement/inspection-assignments', { ...assignment, teamOrganisationId: 'org-x' }))
        .statusCode,
      422,
    )
    t.equal((await post(city, '/enforcement/inspection-assignments', assignment)).statusCode, 201)
    t.equal((await post(city, '/enforcement/inspection-assignments', assignment)).statusCode, 409)
    for (const [as, body] of [
      [otherCounty, { ...visit, assignmentId: 'AS-1', inspectedOn: '2026-05-24' }],
      [thirdCounty, { ...visit, assignmentId: 'AS-1' }],
      [otherCounty, { ...visit, assignmentId: 'AS-NONE' }],
    ] as const) {
      const res = await post(as, '/enforcement/inspections', body)
      t.equal(res.statusCode, 403, JSON.stringify(body).slice(0, 80))
      t.match(res.json().errors, [{ field: 'assignmentId' }])
    }
    t.equal(await streamLength('supervision-inspection-SI-CROSS-1'), 0)
    const accepted = await post(otherCounty, '/enforcement/inspections', { ...visit, assignmentId: 'AS-1' })
    t.equal(accepted.statusCode, 201, accepted.body)
    await settle()
    t.match((await get(otherCounty, '/enforcement/inspections/SI-CROSS-1')).json(), { assignmentId: 'AS-1' })
    t.equal((await get(county, '/enforcement/inspections/SI-CROSS-1')).statusCode, 200, 'the region’s own team')
    t.equal((await get(thirdCounty, '/enforcement/inspections/SI-CROSS-1')).statusCode, 404)
  })

  t.test('statistics by region and month: done, with problems, clean', async (t) => {
    await settle()
    const stats = await get(city, '/enforcement/inspections/statistics?from=2026-05&to=2026-05')
    t.equal(stats.statusCode, 200)
    t.same(stats.json().items, [{ region: '330106', month: '2026-05', done: 4, withProblems: 1, clean: 3 }])
    t.same((await get(city, '/enforcement/inspections/statistics?from=2026-06')).json().items, [])
    t.same((await get(otherCounty, '/enforcement/inspections/statistics')).json().items, [], 'its own region only')
    t.equal((await get(otherCounty, '/enforcement/inspections/statistics?region=330106')).statusCode, 403)
    t.equal((await get(station, '/enforcement/inspections/statistics')).statusCode, 403)
    t.equal((await get(city, '/enforcement/inspections/statistics?from=2026-13')).statusCode, 400)
  })

  t.test('the scheduler on a fake clock: the order becomes overdue the day after its deadline', async (t) => {
    await settle()
    const runOn = (instant: string) =>
      createInspectionScheduler({
        store: app.kit.eventStore,
        sources: [],
        factSources: [rectificationOrderOverdueSource(db.client)],
        clock: fixedClock(instant),
      }).runOnce()
    t.equal((await runOn('2026-06-09T12:00:00+08:00')).appended, 0, 'on the deadline day: not yet')
    const run = await runOn('2026-06-12T09:00:00+08:00')
    t.equal(run.appended, 1)
    const events = await app.kit.eventStore.readStream('rectification-order-RO-SI-1')
    t.same(
      events.map((e) => e.type),
      ['RectificationOrderIssued', 'RectificationOrderOverdue'],
    )
    t.match(events[1], {
      data: { orderId: 'RO-SI-1', deadline: '2026-06-09', overdueSince: '2026-06-10' },
      metadata: { actor: { role: 'scheduler' } },
    })
    t.equal(new Date(events[1]!.metadata.occurredAt!).toISOString(), '2026-06-09T16:00:00.000Z', 'dated the 10th')
    await settle()
    t.match((await get(county, '/enforcement/rectification-orders/RO-SI-1?on=2026-06-12')).json(), {
      overdue: true,
      overdueSince: '2026-06-10',
    })
    const overdue = (await get(county, '/enforcement/rectification-orders?status=overdue&on=2026-06-12')).json()
    t.same(
      overdue.items.map((o: { orderId: string }) => o.orderId),
      ['RO-SI-1'],
    )
    t.equal((await runOn('2026-06-13T09:00:00+08:00')).considered, 0, 'raised once: not considered again')
    t.equal((await app.kit.eventStore.readStream('rectification-order-RO-SI-1')).length, 2)
  })
  t.test('the scheduler on a fake clock: a penalty case overdue the day after its decision due day', async (t) => {
    const lead = await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'admin' })
    const created = async (as: TestCredential, url: string, payload: object) => {
      const res = await post(as, url, payload)
      t.equal(res.statusCode, 201, `${url}: ${res.body.slice(0, 300)}`)
    }
    const open = (caseId: string, openedOn: string) =>
      created(county, '/enforcement/cases', {
        caseId,
        region: '330106',
        organisationId: station.organisationId,
        sources: [{ source: 'complaint', id: `12345-${caseId}` }],
        openedOn,
      })
    // Due 90 days after opening: PC-OD-EXT 2026-05-30, extended by 30 days to 06-29; PC-OD-LATE 06-01.
    await open('PC-OD-EXT', '2026-03-01')
    await created(lead, '/enforcement/cases/PC-OD-EXT/extension', { approvedOn: '2026-05-20', reason: '案情复杂' })
    await open('PC-OD-POLICE', '2026-03-01')
    await created(county, '/enforcement/cases/PC-OD-POLICE/referral', {
      referredOn: '2026-03-05',
      policeAgency: '西湖区公安分局',
      reason: '涉嫌犯罪',
    })
    await created(county, '/enforcement/cases/PC-OD-POLICE/police-receipt', {
      receivedOn: '2026-03-10',
      outcome: 'accepted',
      criminalCaseNumber: 'XH-2026-001',
    })
    await open('PC-OD-DROP', '2026-03-02')
    await created(county, '/enforcement/cases/PC-OD-DROP/dropping', {
      droppedOn: '2026-05-01',
      kind: 'withdrawn',
      reason: '证据不足',
    })
    await open('PC-OD-LATE', '2026-03-03')
    await settle()
    const runOn = (instant: string) =>
      createInspectionScheduler({
        store: app.kit.eventStore,
        sources: [],
        factSources: [penaltyCaseOverdueSource(db.client)],
        clock: fixedClock(instant),
      }).runOnce()
    const overdueOf = async (caseId: string) =>
      (await app.kit.eventStore.readStream(`penalty-case-${caseId}`)).filter((e) => e.type === 'PenaltyCaseOverdue')
    t.equal((await runOn('2026-06-01T23:00:00+08:00')).appended, 0, 'on the due day: not yet')
    t.equal((await runOn('2026-06-02T09:00:00+08:00')).appended, 1, 'PC-OD-LATE only')
    const [late] = await overdueOf('PC-OD-LATE')
    t.match(late, {
      data: { caseId: 'PC-OD-LATE', decisionDue: '2026-06-01', overdueSince: '2026-06-02' },
      metadata: { actor: { role: 'scheduler' } },
    })
    t.equal(new Date(late!.metadata.occurredAt!).toISOString(), '2026-06-01T16:00:00.000Z', 'dated the 2nd')
    await settle()
    t.equal((await runOn('2026-06-29T09:00:00+08:00')).appended, 0, 'the extended due day: not yet')
    t.equal((await runOn('2026-06-30T09:00:00+08:00')).appended, 1, 'the day after the extended due day')
    t.match((await overdueOf('PC-OD-EXT'))[0]?.data, { decisionDue: '2026-06-29', overdueSince: '2026-06-30' })
    t.same(await overdueOf('PC-OD-POLICE'), [], 'the police accepted it: theirs')
    t.same(await overdueOf('PC-OD-DROP'), [], 'dropped before its due day')
    await settle()
    t.equal((await runOn('2026-07-01T09:00:00+08:00')).appended, 0, 'raised once')
    t.equal((await overdueOf('PC-OD-LATE')).length, 1)
    t.match((await get(county, '/enforcement/cases/PC-OD-LATE?on=2026-06-12')).json(), {
      overdue: true,
      overdueSince: '2026-06-02',
    })
    t.match((await get(county, '/enforcement/cases/PC-OD-LATE?on=2026-06-01')).json(), {
      overdue: false,
      overdueSince: null,
    })
    t.match((await get(county, '/enforcement/cases/PC-OD-POLICE?on=2026-07-01')).json(), {
      overdue: false,
      overdueSince: null,
    })
  })
})
