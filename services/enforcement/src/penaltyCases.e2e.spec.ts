import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { catchUpProjections, type TestCredential } from '@gsr/http-kit/testing'
import { twoCounties } from './testing/twoCounties.ts'

/**
 * Penalty cases and police referral (行政处罚, 移送公安; issue 17 items 3-4) over HTTP on both
 * databases: violation → rectification order → failed re-check → case opened from the order →
 * decision with a fine → referral → police receipt (accepted) → closed; a declined referral back
 * to administrative handling; overdue by the time-limit table on a later day; exact statistics.
 */
forEachDatabase(t, async (t, db) => {
  const {
    app,
    eventStore,
    get,
    post,
    team,
    lead,
    viewer,
    otherCounty,
    city,
    stationA,
    stationB,
    violationsOfA: violations,
    violationOfB: bViolation,
  } = await twoCounties(t, db)
  const created = async (as: TestCredential, url: string, payload: object) => {
    const res = await post(as, url, payload)
    t.equal(res.statusCode, 201, `${url}: ${res.body.slice(0, 300)}`)
    return res.json()
  }
  const events = async (caseId: string) => (await eventStore.readStream(`penalty-case-${caseId}`)).map((e) => e.type)

  const [v1, v2] = violations

  // Rectification orders: RO-X re-checked not rectified (escalated); RO-Y never re-checked.
  const order = (orderId: string, id: string) => ({
    orderId,
    region: '330106',
    organisationId: 'a-station-1',
    problems: [{ source: 'violation', id }],
    issuedOn: '2025-03-01',
  })
  await created(team, '/enforcement/rectification-orders', order('RO-X', v1!.id))
  await created(team, '/enforcement/rectification-orders/RO-X/delivery', { deliveredOn: '2025-03-02', method: 'post' })
  await created(team, '/enforcement/rectification-orders/RO-X/recheck', {
    recheckedOn: '2025-03-20',
    outcome: 'not_rectified',
  })
  await created(team, '/enforcement/rectification-orders', order('RO-Y', v2!.id))

  const caseA = {
    caseId: 'PC-A',
    region: '330106',
    organisationId: 'a-station-1',
    sources: [{ source: 'rectification_order', id: 'RO-X' }],
    openedOn: '2025-03-25',
  }

  t.test('open: from an escalated order; refusals name the source', async (t) => {
    const refusals: [TestCredential, object, number, string?][] = [
      [viewer, caseA, 403],
      [stationA, caseA, 403],
      [otherCounty, caseA, 403],
      [otherCounty, { ...caseA, region: '330108' }, 422, 'sources.0.id'], // another region's order: unknown
      [team, { ...caseA, sources: [{ source: 'rectification_order', id: 'RO-Y' }] }, 422, 'sources.0.id'],
      [team, { ...caseA, sources: [{ source: 'violation', id: bViolation }] }, 422, 'sources.0.id'],
      [team, { ...caseA, sources: [{ source: 'finding', id: 'a-F-1' }] }, 422, 'sources.0.id'], // a-user-9's
      [team, { ...caseA, organisationId: 'org-nobody' }, 422, 'organisationId'],
      [team, { ...caseA, sources: [caseA.sources[0], caseA.sources[0]] }, 422, 'sources'],
      [team, { ...caseA, openedOn: '2025-07-01' }, 400, 'openedOn'],
      [team, { ...caseA, sources: [{ source: 'petition', id: 'x' }] }, 400],
    ]
    for (const [as, body, status, field] of refusals) {
      const res = await post(as, '/enforcement/cases', body)
      t.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 140)} → ${status}`)
      if (field) t.match(res.json().errors, [{ field }])
    }
    t.match(
      (
        await post(team, '/enforcement/cases', { ...caseA, sources: [{ source: 'rectification_order', id: 'RO-Y' }] })
      ).json(),
      { type: 'urn:gsr:problem:case-order-not-escalated' },
    )
    t.same(await events('PC-A'), [], 'nothing recorded by a refusal')
    const { events: opened } = await created(team, '/enforcement/cases', caseA)
    t.match(opened[0].data, {
      decisionDue: '2025-06-23',
      sources: [{ source: 'rectification_order', id: 'RO-X', categories: [v1!.category] }],
      rule: { name: 'penaltyCaseRules', version: '2019.1' },
    })
    t.equal((await post(team, '/enforcement/cases', caseA)).statusCode, 409, 'the same case id again')
  })

  t.test('PC-A: investigation, decision with a fine, referral, police receipt (accepted), closure', async (t) => {
    const step = (as: TestCredential, path: string, body: object, id = 'PC-A') =>
      post(as, `/enforcement/cases/${id}/${path}`, body)
    const investigation = { investigatedOn: '2025-04-01', findings: '现场检查笔录；询问笔录' }
    t.equal((await step(otherCounty, 'investigation', investigation)).statusCode, 404, 'another region: as unknown')
    t.equal((await step(team, 'investigation', investigation, 'PC-NONE')).statusCode, 404)
    t.equal((await step(viewer, 'investigation', investigation)).statusCode, 403)
    const early = await step(team, 'investigation', { ...investigation, investigatedOn: '2025-03-24' })
    t.match(early.json(), { type: 'urn:gsr:problem:case-date-before-opening', errors: [{ field: 'investigatedOn' }] })
    await created(team, '/enforcement/cases/PC-A/investigation', investigation)

    const decision = {
      decidedOn: '2025-04-10',
      decisionNumber: '西市监罚〔2025〕7号',
      penalties: [{ kind: 'warning' }, { kind: 'fine', amountFen: 150_000 }],
    }
    const byOperator = await step(team, 'decision', decision)
    t.equal(byOperator.statusCode, 403, 'an operator is no approver')
    t.match(byOperator.json(), { type: 'urn:gsr:problem:case-approval-required' })
    t.match((await step(lead, 'decision', { ...decision, penalties: [{ kind: 'fine' }] })).json(), {
      errors: [{ field: 'penalties.0.amountFen' }],
    })
    t.equal(
      (await step(lead, 'decision', { ...decision, penalties: [{ kind: 'fine', amountFen: 1.5 }] })).statusCode,
      400,
    )
    const decided = await created(lead, '/enforcement/cases/PC-A/decision', decision)
    t.match(decided.events[0].data, { fineFen: 150_000, legalBasis: [{ category: v1!.category }] })
    t.match(decided.events[0].data.approvedBy, new RegExp(`^${lead.organisationId}/`))

    const referral = { referredOn: '2025-04-15', policeAgency: '西湖区公安分局', reason: '涉嫌重大责任事故罪' }
    const referred = await created(team, '/enforcement/cases/PC-A/referral', referral)
    t.match(referred.events[0].data.evidence, [
      { url: '/enforcement/rectification-orders/RO-X', eventId: String, description: 'rectification order RO-X' },
    ])
    t.equal((await step(team, 'closure', { closedOn: '2025-04-20', fineCollectedFen: 0 })).statusCode, 409, 'pending')
    t.match((await step(team, 'police-receipt', { receivedOn: '2025-04-25', outcome: 'accepted' })).json(), {
      errors: [{ field: 'criminalCaseNumber' }],
    })
    const key = { 'idempotency-key': 'receipt-PC-A-1' }
    const receipt = { receivedOn: '2025-04-25', outcome: 'accepted', criminalCaseNumber: '西公刑立〔2025〕31号' }
    const first = await post(team, '/enforcement/cases/PC-A/police-receipt', receipt, key)
    t.equal(first.statusCode, 201)
    const retry = await post(team, '/enforcement/cases/PC-A/police-receipt', receipt, key)
    t.equal(retry.body, first.body, 'a retry gets the first answer, recorded once')
    const over = await step(team, 'closure', { closedOn: '2025-05-05', fineCollectedFen: 150_001 })
    t.match(over.json(), {
      type: 'urn:gsr:problem:case-collected-exceeds-fine',
      errors: [{ field: 'fineCollectedFen' }],
    })
    await created(team, '/enforcement/cases/PC-A/closure', { closedOn: '2025-05-05', fineCollectedFen: 150_000 })
    t.equal((await step(team, 'dropping', { droppedOn: '2025-05-06', kind: 'withdrawn', reason: 'x' })).statusCode, 409)
    t.same(await events('PC-A'), [
      'PenaltyCaseOpened',
      'PenaltyCaseInvestigated',
      'PenaltyCaseDecided',
      'PenaltyCaseReferredToPolice',
      'PenaltyCasePoliceReceiptRecorded',
      'PenaltyCaseClosed',
    ])
  })

  t.test('PC-B: a declined referral returns the case to administrative handling', async (t) => {
    await created(team, '/enforcement/cases', {
      caseId: 'PC-B',
      region: '330106',
      organisationId: 'a-station-1',
      sources: [
        { source: 'violation', id: v2!.id },
        { source: 'complaint', id: '12345-2025-0042' },
      ],
      openedOn: '2025-04-02',
    })
    const referred = await created(team, '/enforcement/cases/PC-B/referral', {
      referredOn: '2025-04-03',
      policeAgency: '西湖区公安分局',
      reason: '涉嫌犯罪',
      evidence: [{ description: '现场照片 12 张' }],
    })
    t.same(referred.events[0].data.evidence, [
      {
        url: `/enforcement/violations/${encodeURIComponent(v2!.id)}/evidence-bundle`,
        description: `violation ${v2!.id}`,
      },
      { description: 'complaint 12345-2025-0042' },
      { description: '现场照片 12 张' },
    ])
    t.equal(
      (await post(team, '/enforcement/cases/PC-B/investigation', { investigatedOn: '2025-04-05', findings: 'x' }))
        .statusCode,
      409,
    )
    const declined = await post(team, '/enforcement/cases/PC-B/police-receipt', {
      receivedOn: '2025-04-12',
      outcome: 'declined',
    })
    t.match(declined.json(), { errors: [{ field: 'reason' }] })
    await created(team, '/enforcement/cases/PC-B/police-receipt', {
      receivedOn: '2025-04-12',
      outcome: 'declined',
      reason: '不构成犯罪',
    })
    await created(team, '/enforcement/cases/PC-B/investigation', { investigatedOn: '2025-04-13', findings: '补充调查' })
    await created(lead, '/enforcement/cases/PC-B/decision', {
      decidedOn: '2025-04-20',
      decisionNumber: '西市监罚〔2025〕9号',
      penalties: [{ kind: 'fine', amountFen: 99 }],
    })
  })

  t.test('PC-C: from a field finding; extended by an approver; overdue on a later day', async (t) => {
    await created(team, '/enforcement/cases', {
      caseId: 'PC-C',
      region: '330106',
      organisationId: 'a-user-9',
      sources: [{ source: 'finding', id: 'a-F-1' }],
      openedOn: '2025-02-01',
    })
    const extension = { approvedOn: '2025-04-30', reason: '案情复杂' }
    t.equal((await post(team, '/enforcement/cases/PC-C/extension', extension)).statusCode, 403, 'an operator')
    t.match(
      (await post(lead, '/enforcement/cases/PC-C/extension', { ...extension, approvedOn: '2025-05-03' })).json(),
      {
        type: 'urn:gsr:problem:case-extension-too-late',
      },
    )
    await created(lead, '/enforcement/cases/PC-C/extension', extension)
    t.equal((await post(lead, '/enforcement/cases/PC-C/extension', extension)).statusCode, 409, 'once')
  })

  t.test('the lists on a day: stage, overdue, referral state; one case; who reads', async (t) => {
    // The last appends must be readable (another session's open transaction holds readers back) before projecting.
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
    const list = async (as: TestCredential, query: string) => {
      const res = await get(as, `/enforcement/cases?${query}`)
      t.equal(res.statusCode, 200, res.body.slice(0, 200))
      return res.json().items as { caseId: string; stage: string; overdue: boolean; referral: unknown }[]
    }
    const ids = async (as: TestCredential, query: string) => (await list(as, query)).map((c) => c.caseId)
    t.same(await ids(team, 'on=2025-06-30'), ['PC-C', 'PC-A', 'PC-B'], 'by opening day')
    t.same(await ids(team, 'on=2025-03-31'), ['PC-C', 'PC-A'])
    t.same(await ids(team, 'on=2025-05-02&overdue=true'), [], 'PC-C: due 2025-05-02, not on the day')
    t.same(await ids(team, 'on=2025-04-29&overdue=true'), [], 'before the extension')
    t.same(await ids(team, 'on=2025-06-01&overdue=true'), [], 'extended to 2025-06-01')
    t.same(await ids(team, 'on=2025-06-02&overdue=true'), ['PC-C'])
    t.same(await ids(team, 'on=2025-06-30&stage=closed'), ['PC-A'])
    t.same(await ids(team, 'on=2025-04-30&stage=decided'), ['PC-A', 'PC-B'])
    t.same(await ids(team, 'on=2025-04-14&stage=investigated'), ['PC-B'], 'PC-B back in administrative handling')
    t.same(await ids(team, 'on=2025-04-10&referral=pending'), ['PC-B'])
    t.same(await ids(team, 'on=2025-04-20&referral=pending'), ['PC-A'])
    const referred = await list(team, 'on=2025-06-30&referral=any')
    t.same(
      referred.map((c) => [c.caseId, c.referral]),
      [
        ['PC-A', { referredOn: '2025-04-15', state: 'accepted' }],
        ['PC-B', { referredOn: '2025-04-03', state: 'declined' }],
      ],
    )
    const page = (await get(team, '/enforcement/cases?on=2025-06-30&limit=2')).json()
    t.same(
      (await get(team, `/enforcement/cases?on=2025-06-30&after=${encodeURIComponent(page.next)}`))
        .json()
        .items.map((c: { caseId: string }) => c.caseId),
      ['PC-B'],
    )
    t.equal((await get(team, '/enforcement/cases?after=garbage')).statusCode, 400)
    const one = (await get(team, '/enforcement/cases/PC-A?on=2025-04-20')).json()
    t.match(one, {
      organisationId: 'a-station-1',
      organisationName: '加气站 a-station-1',
      stage: 'decided',
      fineFen: 150_000,
      fineCollectedFen: 150_000,
      referral: { state: 'pending' },
      decisionDue: '2025-06-23',
      overdue: false,
    })
    t.equal((await get(team, '/enforcement/cases/PC-A?on=2025-03-24')).statusCode, 404, 'not opened yet')
    t.equal((await get(otherCounty, '/enforcement/cases/PC-A')).statusCode, 404)
    t.same(await ids(otherCounty, ''), [])
    t.equal((await get(otherCounty, '/enforcement/cases?region=330106')).statusCode, 403)
    t.same(await ids(city, 'on=2025-06-30'), ['PC-C', 'PC-A', 'PC-B'], 'the city reads its counties')
    t.same(await ids(stationA, 'on=2025-06-30'), ['PC-A', 'PC-B'], 'the party: its own')
    t.equal((await get(stationB, '/enforcement/cases/PC-A')).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/enforcement/cases' })).statusCode, 401)
  })

  t.test('CSV export of the list on a day: fen and exact yuan, labels by language', async (t) => {
    const res = await app.inject({
      method: 'GET',
      url: '/enforcement/cases.csv?on=2025-06-30&referral=any',
      headers: { ...team.headers, 'accept-language': 'zh-CN' },
    })
    t.equal(res.statusCode, 200)
    t.match(res.headers['content-type'], /text\/csv/)
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    t.match(lines[0], /^案件编号,行政区划代码/)
    t.equal(lines.length, 3, 'PC-A and PC-B')
    t.match(lines[1], /^PC-A,330106,a-station-1,rectification_order:RO-X,2025-03-25,2025-06-30,已结案,/)
    t.match(lines[1], /,150000,1500\.00,2025-05-05,150000,1500\.00,,公安已立案,2025-04-15,/)
    t.match(lines[2], /,99,0\.99,/)
    t.match(lines[2], /公安不予立案/)
    const en = (await get(team, '/enforcement/cases.csv?on=2025-04-01')).body
    t.match(en, /^\uFEFFcase_id,region/)
    t.equal((await get(otherCounty, '/enforcement/cases.csv?region=330106')).statusCode, 403)
    const foreign = (await get(otherCounty, '/enforcement/cases.csv?on=2025-06-30')).body
    t.equal(foreign.trimEnd().split('\r\n').length, 1, 'another county: the header only')
    t.equal(
      (await get(stationA, '/enforcement/cases.csv?on=2025-06-30')).body.trimEnd().split('\r\n').length,
      3,
      'the party: its own',
    )
  })

  t.test('statistics by region and month: exact counts and fen', async (t) => {
    const stats = await get(team, '/enforcement/case-statistics?region=330106&from=2025-01-01&to=2025-06-30')
    t.equal(stats.statusCode, 200, stats.body)
    const zero = { opened: 0, decided: 0, closed: 0, dropped: 0, finesImposedFen: 0, finesCollectedFen: 0 }
    t.same(stats.json().months, [
      { region: '330106', month: '2025-02', ...zero, opened: 1 },
      { region: '330106', month: '2025-03', ...zero, opened: 1 },
      { region: '330106', month: '2025-04', ...zero, opened: 1, decided: 2, finesImposedFen: 150_099 },
      { region: '330106', month: '2025-05', ...zero, closed: 1, finesCollectedFen: 150_000 },
    ])
    const april = (await get(city, '/enforcement/case-statistics?from=2025-04-10&to=2025-04-15')).json()
    t.same(april.months, [
      { region: '330106', month: '2025-04', ...zero, opened: 0, decided: 1, finesImposedFen: 150_000 },
    ])
    t.same((await get(otherCounty, '/enforcement/case-statistics?from=2025-01-01')).json().months, [])
    t.equal((await get(otherCounty, '/enforcement/case-statistics?region=330106')).statusCode, 403)
    t.equal((await get(stationA, '/enforcement/case-statistics')).statusCode, 403)
    t.equal((await get(team, '/enforcement/case-statistics?from=2025-05-01&to=2025-04-01')).statusCode, 400)
  })
})
