import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { replayInspectionPlan, seedHashOf, supervisionChecklists } from '@gsr/domain/enforcement'
import { parseEnforcementEvent } from '@gsr/events/enforcement'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, type TestCredential } from '@gsr/http-kit/testing'
import { twoCounties } from './testing/twoCounties.ts'

/**
 * The risk catalogue (issue 18 item 1) and random inspection plans (item 2) over HTTP on both
 * databases: grades with their explanation, as of a day and as the log stood; the filters, the
 * CSV, scope; a plan committed, refused, drawn by its seed only, published, replayed.
 */
forEachDatabase(t, async (t, db) => {
  const { app, eventStore, get, post, team, viewer, otherCounty, city, stationA } = await twoCounties(t, db, [
    ['a-lift-1', 'equipment_user', '330106'],
    ['a-lift-2', 'equipment_user', '330106'],
    ['a-bureau', 'certification_body', '330106'],
  ])
  /** What `gsr replay-plan` does (scripts/gsr/replayPlanCommand.ts; test/planted-city runs the command's function). */
  const replay = async (planId: string) =>
    replayInspectionPlan(
      (await eventStore.readStream(`inspection-plan-${planId}`)).flatMap((e) => parseEnforcementEvent(e) ?? []),
    )

  t.test('the catalogue: every supervised organisation graded, filters, paging, CSV, scope', async (t) => {
    const res = await get(team, '/enforcement/risk-catalogue?on=2025-06-30')
    t.equal(res.statusCode, 200, res.body)
    const items = res.json().items as { organisationId: string; grade: string; score: number; kind: string }[]
    t.same(
      items.map((i) => i.organisationId),
      ['a-lift-1', 'a-lift-2', 'a-station-1', 'a-user-9'],
      'supervised kinds only (a certification body is not graded), seated or operating in 330106, by id',
    )
    const station = items.find((i) => i.organisationId === 'a-station-1')!
    t.ok(station.score > 8, `the station with violations scores ${station.score}`)
    t.not(station.grade, 'A')
    t.same(
      items.filter((i) => i.organisationId.startsWith('a-lift')).map((i) => [i.grade, i.score]),
      [
        ['A', 1],
        ['A', 1],
      ],
      'an elevator user with nothing against it: A (its kind only)',
    )
    const byGrade = await get(team, `/enforcement/risk-catalogue?on=2025-06-30&grade=${station.grade}`)
    t.same(
      byGrade.json().items.map((i: { organisationId: string }) => i.organisationId),
      ['a-station-1'],
    )
    const byKind = await get(team, '/enforcement/risk-catalogue?on=2025-06-30&kind=equipment_user&limit=2')
    t.same(
      byKind.json().items.map((i: { organisationId: string }) => i.organisationId),
      ['a-lift-1', 'a-lift-2'],
    )
    const next = byKind.json().next as string
    t.equal(next, 'a-lift-2')
    const page2 = await get(team, `/enforcement/risk-catalogue?on=2025-06-30&kind=equipment_user&limit=2&after=${next}`)
    t.same(
      page2.json().items.map((i: { organisationId: string }) => i.organisationId),
      ['a-user-9'],
    )
    t.equal(page2.json().next, undefined)

    const csv = await app.inject({
      method: 'GET',
      url: '/enforcement/risk-catalogue.csv?on=2025-06-30',
      headers: { ...team.headers, 'accept-language': 'zh-CN' },
    })
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /text\/csv/)
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    t.equal(lines.length, 5, 'a header and four organisations')
    t.match(lines[0], /^单位编号,单位名称/)
    t.match(lines[3], new RegExp(`^a-station-1,加气站 a-station-1,filling_station,330106,2025-06-30,${station.grade},`))

    t.equal((await get(team, '/enforcement/risk-catalogue?region=330108')).statusCode, 403)
    t.equal((await get(stationA, '/enforcement/risk-catalogue')).statusCode, 403)
    t.equal((await get(team, '/enforcement/risk-catalogue?grade=F')).statusCode, 400)
    const wider = (await get(city, '/enforcement/risk-catalogue?on=2025-06-30')).json().items
    t.ok(
      wider.some((i: { organisationId: string }) => i.organisationId === 'b-station-1'),
      'the city sees both counties',
    )
  })

  t.test('the explanation: indicators, points and the records behind them; on= and knownAt=', async (t) => {
    const res = await get(team, '/enforcement/risk-catalogue/a-station-1?on=2025-06-30')
    t.equal(res.statusCode, 200, res.body)
    const body = res.json()
    const indicator = (id: string) =>
      (body.indicators as { indicator: string; points: number; signals: { ref: string }[] }[]).find(
        (i) => i.indicator === id,
      )!
    t.equal(indicator('inherent.organisation_kind').points, 8, 'a filling station')
    const violations = indicator('violations')
    t.ok(violations.points > 0)
    const listed = (await get(team, '/enforcement/violations?organisationId=a-station-1&limit=500')).json().items as {
      id: string
    }[]
    t.ok(
      violations.signals.every((s) => listed.some((v) => v.id === s.ref)),
      'each counted violation is a violation id of the organisation',
    )
    t.equal(
      body.score,
      Math.round((body.indicators as { points: number }[]).reduce((a, i) => a + i.points, 0) * 100) / 100,
    )
    t.same(body.rule, { name: 'riskCatalogueRules', version: '2022.1' })

    const before = (await get(team, '/enforcement/risk-catalogue/a-station-1?on=2024-01-02')).json()
    t.equal(before.score, 8, 'before its violations: what it is, nothing more')
    const asLogged = await get(
      team,
      `/enforcement/risk-catalogue/a-station-1?on=2025-06-30&knownAt=${encodeURIComponent('2001-01-01T00:00:00+08:00')}`,
    )
    t.equal(asLogged.json().score, 8, 'as the log stood before anything was recorded')

    t.equal((await get(otherCounty, '/enforcement/risk-catalogue/a-station-1')).statusCode, 404, 'out of scope')
    t.equal((await get(team, '/enforcement/risk-catalogue/no-such-org')).statusCode, 404)
    t.equal((await get(team, '/enforcement/risk-catalogue/a-bureau')).statusCode, 404, 'not supervised')

    const history = await get(team, '/enforcement/risk-catalogue/a-station-1/history?to=2025-06-30&months=3')
    t.equal(history.statusCode, 200, history.body)
    t.same(
      history.json().months.map((m: { on: string }) => m.on),
      ['2025-04-30', '2025-05-31', '2025-06-30'],
    )
    t.equal(history.json().months[2].score, body.score)
  })

  const roster = await Promise.all(
    ['张伟', '王芳', '李娜', '刘洋'].map((name) =>
      identity.createMember(db.client, { organisationId: team.organisationId, type: 'person', name, role: 'operator' }),
    ),
  )
  const rosterIds = roster.map((m) => m.id)
  const seed = 'public seed: 2025-07-01 lottery 03 17 22 29 31 + 08'
  const plan = {
    planId: 'RIP-1',
    region: '330106',
    plannedOn: '2025-06-30',
    periodFrom: '2025-06-15',
    periodTo: '2025-09-30',
    seedHash: seedHashOf(seed),
    roster: rosterIds,
    conflicts: [{ inspectorId: rosterIds[0], organisationId: 'a-station-1' }],
  }

  t.test('a plan: committed, refusals name the field; drawn by its seed only; published; replayed', async (t) => {
    const strangers = await identity.createMember(db.client, {
      organisationId: otherCounty.organisationId,
      type: 'person',
      name: '赵六',
      role: 'operator',
    })
    const refusals: [TestCredential, object, number, string?][] = [
      [viewer, plan, 403],
      [stationA, plan, 403],
      [otherCounty, plan, 403],
      [team, { ...plan, roster: [strangers.id, rosterIds[1]] }, 422, 'roster.0'],
      [team, { ...plan, roster: [rosterIds[0]] }, 422, 'roster'],
      [team, { ...plan, roster: [rosterIds[0], rosterIds[0]] }, 422, 'roster'],
      [
        team,
        { ...plan, conflicts: [{ inspectorId: 'nobody', organisationId: 'a-station-1' }] },
        422,
        'conflicts.0.inspectorId',
      ],
      [team, { ...plan, periodTo: '2025-06-01' }, 422, 'periodTo'],
      [team, { ...plan, seedHash: 'abc' }, 400, 'seedHash'],
      [team, { ...plan, previousPlanId: 'RIP-NONE' }, 422, 'previousPlanId'],
    ]
    for (const [as, body, status, field] of refusals) {
      const res = await post(as, '/enforcement/inspection-plans', body)
      t.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 80)}: ${res.body.slice(0, 200)}`)
      if (field) t.ok(JSON.stringify(res.json()).includes(`"${field}"`), `names ${field}: ${res.body.slice(0, 300)}`)
    }

    const committed = await post(team, '/enforcement/inspection-plans', plan, { 'idempotency-key': 'plan-1' })
    t.equal(committed.statusCode, 201, committed.body)
    const again = await post(team, '/enforcement/inspection-plans', plan, { 'idempotency-key': 'plan-1' })
    t.equal(again.statusCode, 201, 'a retry with the same key')
    t.equal((await eventStore.readStream('inspection-plan-RIP-1')).length, 1, 'recorded once')
    t.equal((await post(team, '/enforcement/inspection-plans', plan)).statusCode, 409, 'the id is taken')
    const snapshot = committed.json().events[0].data
    t.same(
      snapshot.catalogue.map((o: { organisationId: string }) => o.organisationId),
      ['a-lift-1', 'a-lift-2', 'a-station-1', 'a-user-9'],
      'the catalogue snapshot is recorded with the commitment',
    )

    t.equal((await get(stationA, '/enforcement/inspection-plans/RIP-1')).statusCode, 404, 'not public before the draw')
    const pending = await get(team, '/enforcement/inspection-plans/RIP-1')
    t.equal(pending.json().status, 'committed')
    t.equal(pending.json().seed, null)

    const draw = (as: TestCredential, body: object) => post(as, '/enforcement/inspection-plans/RIP-1/draw', body)
    t.equal((await draw(team, { seed: 'another seed, tried out', drawnOn: '2025-06-30' })).statusCode, 422)
    t.equal((await draw(otherCounty, { seed, drawnOn: '2025-06-30' })).statusCode, 404, 'another region’s plan')
    t.equal((await draw(team, { seed, drawnOn: '2025-06-29' })).statusCode, 422, 'before it was planned')
    t.equal(
      (await post(team, '/enforcement/inspection-plans/RIP-NONE/draw', { seed, drawnOn: '2025-06-30' })).statusCode,
      404,
    )
    const drawn = await draw(team, { seed, drawnOn: '2025-06-30' })
    t.equal(drawn.statusCode, 201, drawn.body)
    t.equal((await draw(team, { seed, drawnOn: '2025-06-30' })).statusCode, 409, 'drawn once')

    const published = await get(stationA, '/enforcement/inspection-plans/RIP-1')
    t.equal(published.statusCode, 200, 'public once drawn (一公开)')
    const list = published.json()
    t.equal(list.seed, seed)
    t.equal(list.status, 'drawn')
    const visits = list.visits as { organisationId: string; grade: string; inspectorIds: string[] }[]
    const gradeOf = new Map(
      snapshot.catalogue.map((o: { organisationId: string; grade: string }) => [o.organisationId, o.grade]),
    )
    for (const o of snapshot.catalogue as { organisationId: string; grade: string }[])
      if (o.grade === 'E')
        t.ok(
          visits.some((v) => v.organisationId === o.organisationId),
          `${o.organisationId} (E) drawn`,
        )
    for (const v of visits) {
      t.equal(v.grade, gradeOf.get(v.organisationId))
      t.equal(v.inspectorIds.length, 2, 'two inspectors a visit')
    }
    const stationVisit = visits.find((v) => v.organisationId === 'a-station-1')
    if (stationVisit) t.notOk(stationVisit.inspectorIds.includes(rosterIds[0]!), 'the conflict of interest kept')

    t.match(await replay('RIP-1'), { state: 'drawn', matches: true, seedMatches: true, visits: visits.length })

    // The outcome: the team's routine inspection of a visited organisation within the period.
    const visited = visits[0]!.organisationId
    const inspection = await post(team, '/enforcement/inspections', {
      inspectionId: 'SI-RIP-1',
      region: '330106',
      organisationId: visited,
      subjectKind: 'elevator_user',
      inspectedOn: '2025-06-30',
      inspectors: [{ name: '张伟' }, { name: '王芳' }],
      items: supervisionChecklists
        .at('2025-06-30')
        .rules.elevator_user.map((i) => ({ itemId: i.id, result: 'passed' })),
      result: 'no_problem',
    })
    t.equal(inspection.statusCode, 201, inspection.body)
    await catchUpProjections(app)
    const withOutcome = (await get(stationA, '/enforcement/inspection-plans/RIP-1')).json().visits as {
      organisationId: string
      outcome: string | null
      inspection: string | null
    }[]
    t.match(
      withOutcome.find((v) => v.organisationId === visited),
      {
        outcome: 'no_problem',
        inspection: '/enforcement/inspections/SI-RIP-1',
      },
    )
    t.ok(
      withOutcome.filter((v) => v.organisationId !== visited).every((v) => v.outcome === null && v.inspection === null),
      'the others not inspected yet',
    )
  })

  t.test('the next plan: no inspector visits the same organisation as in the previous plan', async (t) => {
    const previous = (await get(team, '/enforcement/inspection-plans/RIP-1')).json().visits as {
      organisationId: string
      inspectorIds: string[]
    }[]
    const seed2 = 'second quarter seed, published 2025-09-30'
    const res = await post(team, '/enforcement/inspection-plans', {
      ...plan,
      planId: 'RIP-2',
      seedHash: seedHashOf(seed2),
      conflicts: [],
      previousPlanId: 'RIP-1',
    })
    t.equal(res.statusCode, 201, res.body)
    const excluded = res.json().events[0].data.excluded as { inspectorId: string; organisationId: string }[]
    t.equal(
      excluded.length,
      previous.reduce((n, v) => n + v.inspectorIds.length, 0),
    )
    const drawn = await post(team, '/enforcement/inspection-plans/RIP-2/draw', { seed: seed2, drawnOn: '2025-06-30' })
    t.equal(drawn.statusCode, 201, drawn.body)
    for (const v of drawn.json().events[0].data.visits as { organisationId: string; inspectorIds: string[] }[]) {
      const before = previous.find((p) => p.organisationId === v.organisationId)
      if (before)
        t.same(
          v.inspectorIds.filter((id) => before.inspectorIds.includes(id)),
          [],
          v.organisationId,
        )
    }
    t.match(await replay('RIP-2'), { state: 'drawn', matches: true })
  })
})
