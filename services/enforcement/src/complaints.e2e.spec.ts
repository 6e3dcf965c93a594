import t from 'tap'
import { pino } from 'pino'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '@gsr/event-store'
import { fixedClock } from '@gsr/domain'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential, callsAs } from '@gsr/http-kit/testing'
import { enforcementService } from './enforcementService.ts'

/**
 * Complaints and tip-offs (投诉举报, issue 17 item 5) over HTTP on both databases: received by the
 * city, assigned to a county team that refuses the transfer, reassigned, accepted, handled,
 * replied late, on the special rectification ledger, verified off it; the complainant's contact
 * never in a list, the CSV or the logs; repeated subjects; scope by region.
 */
forEachDatabase(t, async (t, db) => {
  const logLines: string[] = []
  const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) })
  const eventStore = createPostgresEventStore(db.client)
  const app = await createTestApp([enforcementService], {
    db,
    eventStore,
    logger,
    clock: fixedClock('2026-03-31T12:00:00+08:00'),
  })
  t.teardown(() => app.close())

  const city = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const teamA = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const teamB = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const viewerB = await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'viewer' })
  const otherCounty = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })

  const { get, post } = callsAs(app)
  const stepOf = (id: string) => (as: TestCredential, path: string, body: object) =>
    post(as, `/enforcement/complaints/${id}/${path}`, body)
  const types = async (id: string) => (await eventStore.readStream(`complaint-${id}`)).map((e) => e.type)

  const phone = '13912345678'
  const complaint = {
    complaintId: 'C-1',
    region: '330106',
    channel: 'hotline_12345',
    receivedOn: '2026-03-06', // a Friday: reply due five working days later, 2026-03-13
    complainant: { name: '李四', phone },
    content: '绿园氧气公司给超期未检气瓶充装',
    subject: { organisationId: 'org-station-green', cylinderCode: 'CYL-9' },
    category: 'noncompliant_cylinder_filled',
  }

  t.test('receive: by an enforcement team of the region; refusals name the field', async (t) => {
    const refusals: [TestCredential, object, number, string?][] = [
      [otherCounty, complaint, 403],
      [viewerB, complaint, 403],
      [station, complaint, 403],
      [city, { ...complaint, category: 'noise' }, 400, 'category'],
      [city, { ...complaint, subject: {} }, 400, 'subject'],
      [city, { ...complaint, channel: 'fax' }, 400, 'channel'],
      [city, { ...complaint, complainant: { phone: 'call me' } }, 400, 'complainant.phone'],
      [city, { ...complaint, receivedOn: '2026-04-01' }, 400, 'receivedOn'],
      [city, { ...complaint, content: 'x'.repeat(4097) }, 400, 'content'],
      [city, { ...complaint, complaintId: 'ledger' }, 400, 'complaintId'],
    ]
    for (const [as, body, status, field] of refusals) {
      const res = await post(as, '/enforcement/complaints', body)
      t.equal(res.statusCode, status, `${JSON.stringify(body).slice(0, 100)} → ${status}`)
      if (field) t.match(res.json().errors, [{ field }])
    }
    t.same(await types('C-1'), [], 'nothing recorded by a refusal')
    const res = await post(city, '/enforcement/complaints', complaint)
    t.equal(res.statusCode, 201, res.body)
    t.match(res.json().events[0].data, {
      replyDue: '2026-03-13',
      rule: { name: 'complaintReplyRules', version: '2020.1' },
      receivingOrganisationId: city.organisationId,
    })
    t.equal((await post(city, '/enforcement/complaints', complaint)).statusCode, 409, 'the same id again')
  })

  t.test('assigned, refused by one team, reassigned, accepted, handled, replied late, verified', async (t) => {
    const step = stepOf('C-1')
    const assignA = { teamOrganisationId: teamA.organisationId, assignedOn: '2026-03-06' }
    t.match((await step(city, 'assignment', { ...assignA, teamOrganisationId: otherCounty.organisationId })).json(), {
      type: 'urn:gsr:problem:complaint-team-outside-region',
      errors: [{ field: 'teamOrganisationId' }],
    })
    t.match((await step(city, 'assignment', { ...assignA, teamOrganisationId: station.organisationId })).json(), {
      errors: [{ field: 'teamOrganisationId' }],
    })
    t.equal((await step(city, 'assignment', { ...assignA, teamOrganisationId: 'org-nobody' })).statusCode, 422)
    t.equal((await step(otherCounty, 'assignment', assignA)).statusCode, 404, 'another region’s ticket: as unknown')
    t.equal((await stepOf('C-NONE')(city, 'assignment', assignA)).statusCode, 404)
    t.equal((await step(city, 'assignment', assignA)).statusCode, 201)
    t.equal((await step(teamB, 'acceptance', { acceptedOn: '2026-03-09' })).statusCode, 403, 'not the team assigned')
    t.equal((await step(teamA, 'refusal', { refusedOn: '2026-03-09' })).statusCode, 400, 'a refusal needs a reason')
    const refused = await step(teamA, 'refusal', { refusedOn: '2026-03-09', reason: '不属于本单位职责' })
    t.equal(refused.statusCode, 201)
    t.equal((await step(teamA, 'acceptance', { acceptedOn: '2026-03-09' })).statusCode, 409, 'back for reassignment')
    t.equal(
      (await step(city, 'assignment', { teamOrganisationId: teamB.organisationId, assignedOn: '2026-03-08' }))
        .statusCode,
      422,
      'before the refusal',
    )
    t.equal(
      (await step(city, 'assignment', { teamOrganisationId: teamB.organisationId, assignedOn: '2026-03-09' }))
        .statusCode,
      201,
    )
    t.equal((await step(teamB, 'handling', { handledOn: '2026-03-10', outcome: 'x' })).statusCode, 409, 'not accepted')
    t.equal((await step(teamB, 'acceptance', { acceptedOn: '2026-03-10' })).statusCode, 201)
    const handling = {
      handledOn: '2026-03-11',
      outcome: '现场检查，立案查处',
      references: [
        { kind: 'case', id: 'CASE-2026-7' },
        { kind: 'rectification-order', id: 'RO-NONE' },
      ],
    }
    t.match((await step(teamB, 'handling', handling)).json(), {
      type: 'urn:gsr:problem:complaint-reference-not-found',
      errors: [{ field: 'references.1.id' }],
    })
    t.equal((await step(teamA, 'handling', { ...handling, references: [] })).statusCode, 403, 'the team that refused')
    t.equal(
      (await step(teamB, 'handling', { ...handling, references: handling.references.slice(0, 1) })).statusCode,
      201,
    )
    const key = { 'idempotency-key': 'reply-C-1' }
    const replyBody = { repliedOn: '2026-03-16', method: 'phone', summary: '已立案查处' }
    const replied = await post(teamB, '/enforcement/complaints/C-1/reply', replyBody, key)
    t.equal(replied.statusCode, 201)
    t.match(replied.json().events[0].data, { late: true })
    t.equal((await post(teamB, '/enforcement/complaints/C-1/reply', replyBody, key)).body, replied.body, 'a retry')
    t.equal((await step(teamA, 'verification', { verifiedOn: '2026-03-20', notes: 'x' })).statusCode, 403)
    t.equal((await step(teamB, 'verification', { verifiedOn: '2026-03-20' })).statusCode, 400, 'notes are required')
    t.equal((await step(teamB, 'verification', { verifiedOn: '2026-03-20', notes: '复查到位' })).statusCode, 201)
    t.equal((await step(teamB, 'verification', { verifiedOn: '2026-03-21', notes: 'again' })).statusCode, 409)
    t.same(await types('C-1'), [
      'ComplaintReceived',
      'ComplaintAssigned',
      'ComplaintTransferRefused',
      'ComplaintAssigned',
      'ComplaintAccepted',
      'ComplaintHandled',
      'ComplaintReplied',
      'ComplaintVerified',
    ])

    // C-2: the same organisation again, replied in time, satisfied: never on the ledger.
    // C-3: the same cylinder, 12315, never assigned: past its deadline unreplied.
    const others = [
      { ...complaint, complaintId: 'C-2', receivedOn: '2026-03-10', subject: { organisationId: 'org-station-green' } },
      {
        ...complaint,
        complaintId: 'C-3',
        channel: 'hotline_12315',
        receivedOn: '2026-03-12',
        subject: { cylinderCode: 'CYL-9' },
      },
      {
        ...complaint,
        complaintId: 'C-4',
        receivedOn: '2026-03-12',
        subject: { address: '文三路 1 号' },
        complainant: undefined,
      },
    ]
    for (const body of others) t.equal((await post(city, '/enforcement/complaints', body)).statusCode, 201)
    const step2 = stepOf('C-2')
    t.equal(
      (await step2(city, 'assignment', { teamOrganisationId: teamB.organisationId, assignedOn: '2026-03-10' }))
        .statusCode,
      201,
    )
    t.equal((await step2(teamB, 'acceptance', { acceptedOn: '2026-03-10' })).statusCode, 201)
    t.equal((await step2(teamB, 'handling', { handledOn: '2026-03-11', outcome: '已核查' })).statusCode, 201)
    t.equal(
      (await step2(teamB, 'reply', { repliedOn: '2026-03-12', method: 'sms', summary: '已核查' })).statusCode,
      201,
    )
    t.equal(
      (await step2(teamB, 'verification', { verifiedOn: '2026-03-13', notes: 'x' })).statusCode,
      409,
      'not on the ledger',
    )
    t.equal(
      (await step2(city, 'satisfaction', { recordedOn: '2026-03-13', satisfaction: 'satisfied' })).statusCode,
      201,
    )
  })

  t.test('the list, the ledger and the subjects on a day', async (t) => {
    await catchUpProjections(app)
    const items = async (as: TestCredential, url: string) => {
      const res = await get(as, url)
      t.equal(res.statusCode, 200, url)
      return res.json().items as { complaintId: string; status: string; team: string | null; ledger: string[] }[]
    }
    const ids = (list: { complaintId: string }[]) => list.map((c) => c.complaintId)
    t.same(
      ids(await items(teamB, '/enforcement/complaints?on=2026-03-31')),
      ['C-1', 'C-2', 'C-4', 'C-3'],
      'by deadline',
    )
    const statusOf = async (on: string) => (await items(teamB, `/enforcement/complaints?on=${on}`))[0]
    t.match(await statusOf('2026-03-06'), { complaintId: 'C-1', status: 'assigned', team: teamA.organisationId })
    t.match(
      await statusOf('2026-03-09'),
      { status: 'assigned', team: teamB.organisationId },
      'refused and reassigned that day',
    )
    t.match(await statusOf('2026-03-10'), { status: 'accepted' })
    t.match(await statusOf('2026-03-16'), { status: 'replied', ledger: ['late_reply'] })
    t.same(ids(await items(teamB, '/enforcement/complaints?on=2026-03-12&status=handled')), ['C-1'])
    t.same(ids(await items(teamB, '/enforcement/complaints?on=2026-03-12&dueForReply=true')), ['C-1', 'C-4', 'C-3'])
    t.same(ids(await items(teamB, '/enforcement/complaints?on=2026-03-31&status=received')), ['C-4', 'C-3'])

    const ledger = async (on: string) => await items(city, `/enforcement/complaints/ledger?on=${on}`)
    t.same(await ledger('2026-03-13'), [], 'nothing past its deadline on the deadline day')
    t.match(await ledger('2026-03-14'), [{ complaintId: 'C-1', ledger: ['unreplied_past_deadline'] }])
    t.match(await ledger('2026-03-19'), [{ complaintId: 'C-1', ledger: ['late_reply'] }], 'C-4 is due that day')
    t.match(await ledger('2026-03-20'), [{ complaintId: 'C-4', ledger: ['unreplied_past_deadline'] }], 'C-1 verified')
    t.same(ids(await ledger('2026-03-31')), ['C-4', 'C-3'])
    t.same(await items(otherCounty, '/enforcement/complaints/ledger?on=2026-03-31'), [])

    const subjects = await items(city, '/enforcement/complaint-subjects?from=2026-03-01&to=2026-03-31')
    t.same(subjects, [
      {
        kind: 'cylinder',
        id: 'CYL-9',
        count: 2,
        firstOn: '2026-03-06',
        lastOn: '2026-03-12',
        complaintIds: ['C-1', 'C-3'],
      },
      {
        kind: 'organisation',
        id: 'org-station-green',
        count: 2,
        firstOn: '2026-03-06',
        lastOn: '2026-03-10',
        complaintIds: ['C-1', 'C-2'],
      },
    ])
    t.equal((await items(city, '/enforcement/complaint-subjects?from=2026-03-07&to=2026-03-31')).length, 0, 'once each')
    t.equal((await items(city, '/enforcement/complaint-subjects?from=2026-03-01&to=2026-03-31&minCount=1')).length, 3)
    t.equal((await get(city, '/enforcement/complaint-subjects?from=2026-03-31&to=2026-03-01')).statusCode, 400)
    const page = (await get(teamB, '/enforcement/complaints?on=2026-03-31&limit=3')).json()
    t.same(
      ids(
        (await get(teamB, `/enforcement/complaints?on=2026-03-31&after=${encodeURIComponent(page.next)}`)).json().items,
      ),
      ['C-3'],
    )
    t.equal((await get(teamB, '/enforcement/complaints?after=garbage')).statusCode, 400)
  })

  t.test('privacy: the contact in full only to the receiving team; never in lists, CSV or logs', async (t) => {
    const full = (await get(city, '/enforcement/complaints/C-1')).json()
    t.same(full.complainant, { name: '李四', phone }, 'the receiving team')
    t.equal(full.complainantMasked, false)
    const masked = (await get(teamB, '/enforcement/complaints/C-1')).json()
    t.same(masked.complainant, { name: '李*', phone: '139****5678' }, 'the handling team: masked')
    t.equal(masked.complainantMasked, true)
    t.equal((await get(teamB, '/enforcement/complaints/C-4')).json().complainant, null, 'anonymous')
    for (const url of [
      '/enforcement/complaints?on=2026-03-31',
      '/enforcement/complaints/ledger?on=2026-03-16',
      '/enforcement/complaints.csv?on=2026-03-31',
    ]) {
      const res = await get(city, url)
      t.equal(res.statusCode, 200)
      t.notMatch(res.body, phone, url)
      t.notMatch(res.body, '李四', url)
      t.match(res.body, 'C-1', url)
    }
    const csv = (
      await app.inject({
        method: 'GET',
        url: '/enforcement/complaints.csv?on=2026-03-31',
        headers: { ...city.headers, 'accept-language': 'zh-CN' },
      })
    ).body
    t.match(csv, /^\uFEFF工单编号,来源渠道/)
    t.match(csv, /C-1,hotline_12345,330106,2026-03-06,noncompliant_cylinder_filled,充装不符合要求气瓶/)
    t.ok(logLines.length > 0, 'the requests were logged')
    t.notOk(
      logLines.some((line) => line.includes(phone) || line.includes('李四')),
      'never in the logs',
    )
  })

  t.test('scope: another region sees nothing and acts on nothing', async (t) => {
    t.equal((await get(otherCounty, '/enforcement/complaints/C-1')).statusCode, 404)
    t.same((await get(otherCounty, '/enforcement/complaints')).json().items, [])
    t.equal((await get(otherCounty, '/enforcement/complaints?region=330106')).statusCode, 403)
    t.equal(
      (await get(station, '/enforcement/complaints')).statusCode,
      403,
      'not for the organisations complained about',
    )
    t.equal((await get(station, '/enforcement/complaints/C-1')).statusCode, 403)
    t.equal(
      (await stepOf('C-3')(otherCounty, 'satisfaction', { recordedOn: '2026-03-20', satisfaction: 'satisfied' }))
        .statusCode,
      404,
    )
    t.equal((await get(viewerB, '/enforcement/complaints/C-1?on=2026-03-05')).statusCode, 404, 'not received yet then')
  })

  t.test('without an id: one derived from the Idempotency-Key, so a retry names the same ticket', async (t) => {
    const { complaintId: _, ...body } = complaint
    const key = { 'idempotency-key': 'receive-without-id-1' }
    const first = await post(city, '/enforcement/complaints', body, key)
    t.equal(first.statusCode, 201)
    const again = await post(city, '/enforcement/complaints', body, key)
    t.equal(again.json().streamName, first.json().streamName)
    t.equal((await eventStore.readStream(first.json().streamName)).length, 1, 'recorded once')
  })
})
