import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { catchUpProjections, type TestCredential } from '@gsr/http-kit/testing'
import { twoCounties } from './testing/twoCounties.ts'

/**
 * Rectification orders (责令改正, issue 17 item 2) over HTTP on both databases: every transition
 * and every refusal, who may do what, the lists on a day (`on=`): overdue orders, rebounds.
 */
forEachDatabase(t, async (t, db) => {
  const {
    app,
    eventStore,
    get,
    post,
    team,
    viewer,
    otherCounty,
    city,
    stationA,
    stationB,
    agency,
    violationsOfA: violations,
    violationOfB: bViolation,
  } = await twoCounties(t, db)
  const events = async (orderId: string) =>
    (await eventStore.readStream(`rectification-order-${orderId}`)).map((e) => e.type)

  const sameKind = (v: { category: string }) => violations.filter((w) => w.category === v.category)
  const [v1, v2] = sameKind(violations.find((v) => sameKind(v).length >= 2)!)
  const other = violations.find((v) => v.category !== v1!.category)!

  const issue = (as: TestCredential, body: object) => post(as, '/enforcement/rectification-orders', body)
  const orderA = {
    orderId: 'RO-A',
    region: '330106',
    organisationId: 'a-station-1',
    problems: [
      { source: 'violation', id: v1!.id },
      { source: 'violation', id: other.id },
    ],
    issuedOn: '2025-05-01',
  }

  t.test('issue: the default term and the articles of the rule table; refusals name the field', async (t) => {
    const refusals: [TestCredential, object, number, string?][] = [
      [viewer, orderA, 403],
      [stationA, orderA, 403],
      [otherCounty, orderA, 403], // region 330106 is not theirs
      [otherCounty, { ...orderA, region: '330108' }, 422, 'problems.0.id'], // another region's violation: unknown
      [city, { ...orderA, problems: [{ source: 'violation', id: bViolation }] }, 422, 'problems.0.id'],
      [team, { ...orderA, problems: [{ source: 'violation', id: 'no-such-violation' }] }, 422, 'problems.0.id'],
      [team, { ...orderA, organisationId: 'org-nobody' }, 422, 'organisationId'],
      [team, { ...orderA, deadline: '2025-08-01' }, 422, 'deadline'],
      [team, { ...orderA, deadline: '2025-04-30' }, 422, 'deadline'],
      [team, { ...orderA, issuedOn: '2025-07-01' }, 400, 'issuedOn'],
      [team, { ...orderA, occurredAt: '2025-05-02T10:00:00+08:00' }, 400, 'occurredAt'],
      [team, { ...orderA, problems: [orderA.problems[0], orderA.problems[0]] }, 422, 'problems'],
    ]
    for (const [as, body, status, field] of refusals) {
      const res = await issue(as, body)
      t.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 120)} → ${status}`)
      if (field) t.match(res.json().errors, [{ field }])
    }
    t.same(await events('RO-A'), [], 'nothing recorded by a refusal')

    const res = await issue(team, { ...orderA, occurredAt: '2025-05-01T09:30:00+08:00' })
    t.equal(res.statusCode, 201, res.body)
    const [issued] = res.json().events
    t.match(issued.data, {
      orderId: 'RO-A',
      enforcementOrganisationId: team.organisationId,
      deadline: '2025-05-16',
      rule: { name: 'rectificationOrderRules', version: '2014.1' },
    })
    t.equal(issued.data.legalBasis.length, 2, 'one article per kind of problem')
    t.match(issued.data.legalBasis[0].article, /《中华人民共和国/)
    const [stored] = await eventStore.readStream('rectification-order-RO-A')
    t.equal(new Date(stored!.metadata.occurredAt!).toISOString(), '2025-05-01T01:30:00.000Z', 'the field instant')
    t.equal((await issue(team, orderA)).statusCode, 409, 'the same order id again')
  })

  t.test('deliver and re-check: only a team of the order’s region; each step once, in order', async (t) => {
    const deliver = (as: TestCredential, body: object, id = 'RO-A') =>
      post(as, `/enforcement/rectification-orders/${id}/delivery`, body)
    const recheck = (as: TestCredential, body: object, id = 'RO-A') =>
      post(as, `/enforcement/rectification-orders/${id}/recheck`, body)
    const delivery = { deliveredOn: '2025-05-02', method: 'in_person' }
    t.equal((await recheck(team, { recheckedOn: '2025-05-20', outcome: 'rectified' })).statusCode, 409, 'not delivered')
    t.equal((await deliver(otherCounty, delivery)).statusCode, 404, 'another region’s order: as unknown')
    t.equal((await deliver(team, delivery, 'RO-NONE')).statusCode, 404)
    t.equal((await deliver(viewer, delivery)).statusCode, 403)
    t.equal((await deliver(stationA, delivery)).statusCode, 403)
    const early = await deliver(team, { ...delivery, deliveredOn: '2025-04-30' })
    t.equal(early.statusCode, 422)
    t.match(early.json().errors, [{ field: 'deliveredOn' }])
    t.equal((await deliver(team, delivery)).statusCode, 201)
    t.equal((await deliver(city, delivery)).statusCode, 409, 'delivered once')

    const before = await recheck(team, { recheckedOn: '2025-05-15', outcome: 'rectified' })
    t.equal(before.statusCode, 422)
    t.match(before.json(), { type: 'urn:gsr:problem:recheck-before-deadline', errors: [{ field: 'recheckedOn' }] })
    t.equal((await recheck(otherCounty, { recheckedOn: '2025-05-20', outcome: 'rectified' })).statusCode, 404)
    t.equal((await recheck(viewer, { recheckedOn: '2025-05-20', outcome: 'rectified' })).statusCode, 403)
    const key = { 'idempotency-key': 'recheck-RO-A-1' }
    const done = await post(
      team,
      '/enforcement/rectification-orders/RO-A/recheck',
      { recheckedOn: '2025-05-20', outcome: 'rectified' },
      key,
    )
    t.equal(done.statusCode, 201)
    const retry = await post(
      team,
      '/enforcement/rectification-orders/RO-A/recheck',
      { recheckedOn: '2025-05-20', outcome: 'rectified' },
      key,
    )
    t.equal(retry.body, done.body, 'a retry gets the first answer')
    t.same(await events('RO-A'), [
      'RectificationOrderIssued',
      'RectificationOrderDelivered',
      'RectificationOrderRechecked',
    ])
    t.equal((await recheck(team, { recheckedOn: '2025-05-21', outcome: 'not_rectified' })).statusCode, 409, 'once')

    // On a field finding: not rectified, so it escalates.
    const finding = {
      orderId: 'RO-C',
      region: '330106',
      organisationId: 'a-user-9',
      issuedOn: '2025-05-01',
      deadline: '2025-05-10',
    }
    t.match(
      (
        await issue(team, { ...finding, organisationId: 'a-station-1', problems: [{ source: 'finding', id: 'a-F-1' }] })
      ).json(),
      { errors: [{ field: 'problems.0.id' }] },
      'the finding names another organisation',
    )
    t.equal((await issue(team, { ...finding, problems: [{ source: 'finding', id: 'a-F-1' }] })).statusCode, 201)
    t.equal((await deliver(team, delivery, 'RO-C')).statusCode, 201)
    const failed = await recheck(team, { recheckedOn: '2025-05-12', outcome: 'not_rectified', notes: '未整改' }, 'RO-C')
    t.equal(failed.statusCode, 201)
    t.same(
      failed.json().events.map((e: { type: string }) => e.type),
      ['RectificationOrderRechecked', 'RectificationOrderEscalated'],
    )
    // Issued and never delivered nor re-checked: overdue once its deadline has passed.
    t.equal(
      (await issue(team, { ...orderA, orderId: 'RO-D', issuedOn: '2025-05-05', deadline: '2025-05-10' })).statusCode,
      201,
    )
    // The same kind of problem at the same organisation, 12 days after RO-A was found rectified: a rebound.
    t.equal(
      (
        await issue(team, {
          ...orderA,
          orderId: 'RO-B',
          issuedOn: '2025-06-01',
          problems: [{ source: 'violation', id: v2!.id }],
        })
      ).statusCode,
      201,
    )
  })

  t.test('the lists on a day: status, overdue, rebound, escalation', async (t) => {
    await catchUpProjections(app)
    const list = async (as: TestCredential, query: string) => {
      const res = await get(as, `/enforcement/rectification-orders?${query}`)
      t.equal(res.statusCode, 200)
      return res.json().items as {
        orderId: string
        status: string
        overdue: boolean
        rebound: { orderId: string } | null
        escalatedOn: string | null
      }[]
    }
    const ids = (items: { orderId: string }[]) => items.map((o) => o.orderId)
    t.same(ids(await list(team, 'on=2025-06-30')), ['RO-C', 'RO-D', 'RO-A', 'RO-B'], 'by deadline')
    const named = (await get(team, '/enforcement/rectification-orders?on=2025-06-30')).json().items as {
      organisationId: string
      organisationName: string | null
    }[]
    t.ok(
      named.length === 4 && named.every((o) => o.organisationName === `加气站 ${o.organisationId}`),
      'each order names its organisation from the directory',
    )
    t.same(ids(await list(team, 'on=2025-05-03')), ['RO-C', 'RO-A'], 'issued by then')
    t.same(ids(await list(team, 'on=2025-05-10&status=overdue')), [], 'not on the deadline day')
    t.same(ids(await list(team, 'on=2025-05-11&status=overdue')), ['RO-C', 'RO-D'])
    t.same(ids(await list(team, 'on=2025-05-12&status=overdue')), ['RO-D'], 'RO-C re-checked that day')
    t.same(ids(await list(team, 'on=2025-05-18&status=overdue')), ['RO-D', 'RO-A'])
    t.same(ids(await list(team, 'on=2025-06-30&status=overdue')), ['RO-D', 'RO-B'])
    t.same(ids(await list(team, 'on=2025-05-02&status=delivered')), ['RO-C', 'RO-A'])
    t.same(ids(await list(team, 'on=2025-06-30&status=rectified')), ['RO-A'])
    t.same(ids(await list(team, 'on=2025-05-19&status=rectified')), [], 'not yet re-checked then')
    const [c] = await list(team, 'on=2025-06-30&status=not_rectified')
    t.match(c, { orderId: 'RO-C', escalatedOn: '2025-05-12' })
    const all = await list(team, 'on=2025-06-30')
    t.same(
      all.map((o) => [o.orderId, o.rebound?.orderId ?? null]),
      [
        ['RO-C', null],
        ['RO-D', null],
        ['RO-A', null],
        ['RO-B', 'RO-A'],
      ],
      'RO-B is a rebound of RO-A',
    )
    const page = (await get(team, '/enforcement/rectification-orders?on=2025-06-30&limit=3')).json()
    t.same(
      ids(
        (
          await get(team, `/enforcement/rectification-orders?on=2025-06-30&after=${encodeURIComponent(page.next)}`)
        ).json().items,
      ),
      ['RO-B'],
    )
    t.equal((await get(team, '/enforcement/rectification-orders?after=garbage')).statusCode, 400)
    t.equal((await get(team, '/enforcement/rectification-orders?on=2025-13-01')).statusCode, 400)
    t.match((await get(team, '/enforcement/rectification-orders/RO-A?on=2025-05-10')).json(), {
      organisationId: 'a-station-1',
      organisationName: '加气站 a-station-1',
      status: 'delivered',
      overdue: false,
      deliveredOn: '2025-05-02',
    })
    t.equal(
      (await get(team, '/enforcement/rectification-orders/RO-B?on=2025-05-31')).statusCode,
      404,
      'not issued yet then',
    )
  })

  t.test('who reads: the team’s region, viewers, the organisation ordered; nobody else', async (t) => {
    const ids = async (as: TestCredential, query = '') =>
      (await get(as, `/enforcement/rectification-orders?${query}`))
        .json()
        .items.map((o: { orderId: string }) => o.orderId)
    t.same(await ids(viewer), ['RO-C', 'RO-D', 'RO-A', 'RO-B'], 'a viewer reads')
    t.same(await ids(city), ['RO-C', 'RO-D', 'RO-A', 'RO-B'], 'the city reads its counties')
    t.same(await ids(otherCounty), [])
    t.equal((await get(otherCounty, '/enforcement/rectification-orders?region=330106')).statusCode, 403)
    t.equal((await get(otherCounty, '/enforcement/rectification-orders?organisationId=a-station-1')).statusCode, 403)
    t.equal((await get(otherCounty, '/enforcement/rectification-orders/RO-A')).statusCode, 404)
    t.same(await ids(stationA), ['RO-D', 'RO-A', 'RO-B'], 'the organisation ordered: its own')
    t.equal((await get(stationA, '/enforcement/rectification-orders/RO-A')).statusCode, 200)
    t.equal((await get(stationA, '/enforcement/rectification-orders/RO-C')).statusCode, 404)
    t.same(await ids(stationB), [])
    t.equal((await get(stationB, '/enforcement/rectification-orders/RO-A')).statusCode, 404)
    t.same(await ids(agency), [], 'an inspection agency is not an authority over orders')
    t.equal((await get(agency, '/enforcement/rectification-orders/RO-A')).statusCode, 404)
    t.equal((await app.inject({ method: 'GET', url: '/enforcement/rectification-orders' })).statusCode, 401)

    // The CSV: the list's filters and scope, every order, labels in the asked language.
    const csv = await app.inject({
      method: 'GET',
      url: '/enforcement/rectification-orders.csv?on=2025-06-30',
      headers: { ...team.headers, 'accept-language': 'zh-CN' },
    })
    t.equal(csv.statusCode, 200)
    t.match(csv.headers['content-type'], /^text\/csv/)
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n')
    t.match(lines[0], /^整改通知书编号,行政区划代码,单位编号,/, 'byte-order mark, Chinese header')
    t.same(
      lines.slice(1).map((l) => l.split(',')[0]),
      ['RO-C', 'RO-D', 'RO-A', 'RO-B'],
      'every order of the region, by deadline',
    )
    t.match(
      lines.find((l) => l.startsWith('RO-B,')),
      /,RO-A$/,
      'RO-B names the order it rebounds from',
    )
    t.match(
      lines.find((l) => l.startsWith('RO-A,')),
      /,已整改,/,
      'status label in the asked language',
    )
    const en = (await get(team, '/enforcement/rectification-orders.csv?on=2025-06-30&status=overdue')).body
    t.same(
      en
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
      ['RO-D', 'RO-B'],
      'the status filter, as the list',
    )
    t.equal((await get(otherCounty, '/enforcement/rectification-orders.csv?region=330106')).statusCode, 403)
    t.same(
      (await get(stationA, '/enforcement/rectification-orders.csv?on=2025-06-30')).body
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
      ['RO-D', 'RO-A', 'RO-B'],
      'the organisation ordered: its own',
    )
  })

  t.test('without an order id: one derived from the Idempotency-Key, so a retry names the same order', async (t) => {
    const { orderId: _, ...body } = { ...orderA, issuedOn: '2025-06-02' }
    const key = { 'idempotency-key': 'issue-without-id-1' }
    const first = await post(team, '/enforcement/rectification-orders', body, key)
    t.equal(first.statusCode, 201)
    t.match(first.json().streamName, /^rectification-order-[0-9a-f-]{36}$/)
    const again = await post(team, '/enforcement/rectification-orders', body, key)
    t.equal(again.json().streamName, first.json().streamName)
    t.equal((await eventStore.readStream(first.json().streamName)).length, 1, 'recorded once')
  })
})
