import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { seedHashOf } from '@gsr/domain/enforcement'
import { createPostgresEventStore } from '@gsr/event-store'
import { identity } from '@gsr/http-kit'
import { callsAs, catchUpProjections, createTestApp, credentialFor } from '@gsr/http-kit/testing'
import { appendVisibly, enforcementScenario } from '@gsr/read-models/testing'
import { enforcementService } from './enforcementService.ts'

/**
 * GET /enforcement/inspection-plans on both databases: a team's plans newest first, made then
 * drawn (the read model follows both events), cursor paging, the scope (region and below;
 * administrators all; other kinds and a foreign region 403), and an unreadable cursor (400).
 */
forEachDatabase(t, async (t, db) => {
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    clock: fixedClock('2025-06-30T12:00:00+08:00'),
  })
  t.teardown(() => app.close())
  await appendVisibly(eventStore, enforcementScenario('330106', 'a-'))
  await catchUpProjections(app)
  await identity.createOrganisation(db.client, {
    id: 'a-station-1',
    kind: 'filling_station',
    name: 'a',
    region: '330106',
  })

  const team = await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'operator' })
  const city = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const sibling = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const admin = await credentialFor(app, { kind: 'administrator', role: 'admin' })
  const station = await credentialFor(app, { kind: 'filling_station', organisationId: 'a-station-1' })
  const { get, post } = callsAs(app)
  const roster = await Promise.all(
    ['张伟', '王芳', '李娜'].map((name) =>
      identity.createMember(db.client, { organisationId: team.organisationId, type: 'person', name, role: 'operator' }),
    ),
  )
  const seed = 'list spec seed: 2025-06 lottery 01 02 03'
  const plan = (planId: string, plannedOn: string) => ({
    planId,
    region: '330106',
    plannedOn,
    periodFrom: '2025-07-01',
    periodTo: '2025-09-30',
    seedHash: seedHashOf(seed),
    roster: roster.map((m) => m.id),
  })
  for (const [id, on] of [
    ['RIP-L1', '2025-06-01'],
    ['RIP-L2', '2025-06-15'],
    ['RIP-L3', '2025-06-15'],
  ] as const) {
    const res = await post(team, '/enforcement/inspection-plans', plan(id, on))
    t.equal(res.statusCode, 201, res.body)
  }
  await catchUpProjections(app)
  const ids = (body: { items: { planId: string }[] }) => body.items.map((i) => i.planId)

  t.test('newest first, made then drawn, with counts', async (t) => {
    const made = await get(team, '/enforcement/inspection-plans')
    t.equal(made.statusCode, 200, made.body)
    t.same(ids(made.json()), ['RIP-L3', 'RIP-L2', 'RIP-L1'], 'by the day planned, then id, newest first')
    const first = made.json().items.find((i: { planId: string }) => i.planId === 'RIP-L1')
    t.match(first, {
      status: 'committed',
      region: '330106',
      plannedOn: '2025-06-01',
      periodFrom: '2025-07-01',
      periodTo: '2025-09-30',
      drawnOn: null,
      inspectors: 3,
      visits: null,
      enforcementOrganisationId: team.organisationId,
    })
    t.ok(first.subjects >= 1, `the catalogue snapshot counted (${first.subjects})`)

    const drawn = await post(team, '/enforcement/inspection-plans/RIP-L1/draw', { seed, drawnOn: '2025-06-20' })
    t.equal(drawn.statusCode, 201, drawn.body)
    await catchUpProjections(app)
    const after = (await get(team, '/enforcement/inspection-plans')).json()
    const row = after.items.find((i: { planId: string }) => i.planId === 'RIP-L1')
    t.match(row, { status: 'drawn', drawnOn: '2025-06-20' })
    t.ok(row.visits >= 1, `visits counted (${row.visits})`)
    t.same(ids((await get(team, '/enforcement/inspection-plans?status=drawn')).json()), ['RIP-L1'])
    t.same(ids((await get(team, '/enforcement/inspection-plans?status=committed')).json()), ['RIP-L3', 'RIP-L2'])
  })

  t.test('cursor paging', async (t) => {
    const one = await get(team, '/enforcement/inspection-plans?limit=2')
    t.same(ids(one.json()), ['RIP-L3', 'RIP-L2'])
    const next = one.json().next as string
    t.ok(next, 'a next page')
    const two = await get(team, `/enforcement/inspection-plans?limit=2&after=${encodeURIComponent(next)}`)
    t.same(ids(two.json()), ['RIP-L1'])
    t.notOk(two.json().next, 'the last page')
    const bad = await get(team, '/enforcement/inspection-plans?after=nonsense')
    t.equal(bad.statusCode, 400, bad.body)
    t.match(bad.json(), { errors: [{ field: 'after' }] })
  })

  t.test('scope: region and below, administrators all, others 403', async (t) => {
    t.same(ids((await get(city, '/enforcement/inspection-plans')).json()), ['RIP-L3', 'RIP-L2', 'RIP-L1'], 'the city')
    t.same(ids((await get(admin, '/enforcement/inspection-plans')).json()), ['RIP-L3', 'RIP-L2', 'RIP-L1'], 'admin')
    t.same(ids((await get(sibling, '/enforcement/inspection-plans')).json()), [], 'a sibling county sees none')
    const foreign = await get(sibling, '/enforcement/inspection-plans?region=330106')
    t.equal(foreign.statusCode, 403, foreign.body)
    const wrongKind = await get(station, '/enforcement/inspection-plans')
    t.equal(wrongKind.statusCode, 403, wrongKind.body)
    const zh = await app.inject({
      method: 'GET',
      url: '/enforcement/inspection-plans',
      headers: { ...station.headers, 'accept-language': 'zh-CN' },
    })
    t.match(zh.json().detail, /[\u4e00-\u9fff]/, 'the refusal in Chinese')
  })
})
