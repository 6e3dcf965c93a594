import { randomUUID } from 'node:crypto'
import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { scheduledEventId } from '@gsr/domain/equipment'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

// 2026-06-01 10:00 China time.
const clock = fixedClock('2026-06-01T02:00:00Z')

const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))
const fill = (code: string, overrides: Record<string, unknown> = {}) => ({
  fillId: randomUUID(),
  cylinderCode: code,
  operatorId: 'op-valid',
  // Five minutes after the server's clock: a terminal's clock running ahead, within the dateWindow skew.
  filledAt: '2026-06-01T02:05:00Z',
  gas: 'LPG',
  quantityKg: 14.5,
  preFillChecks: allOk(lpg.preFillItems),
  postFillChecks: allOk(lpg.postFillItems),
  ...overrides,
})

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock })
  t.teardown(() => app.close())
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const station2 = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const otherBureau = await credentialFor(app, { kind: 'enforcement', region: '440100' })
  const cqc = await credentialFor(app, { kind: 'certification_body', region: '110000' })
  const shop = await credentialFor(app, { kind: 'seller', region: '330106' })
  const customer = await credentialFor(app, { kind: 'equipment_user', region: '330106' })

  /**
   * Read-your-writes: on a shared PostgreSQL server another session's open transaction holds
   * back the readers' horizon (events become visible once it ends), so wait for the last
   * event to be visible before catching up.
   */
  const settle = async () => {
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
  }
  const post = (who: TestCredential, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object })
  const get = (who: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: who.headers })
  const register = async (code: string, extra: Record<string, unknown> = {}, who = station) => {
    const res = await post(who, '/cylinders', {
      cylinderCode: code,
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      ...extra,
    })
    if (res.statusCode !== 201) throw new Error(`register ${code}: ${res.statusCode} ${res.body}`)
    return res
  }
  const check = async (code: string, extra: Record<string, unknown> = {}, who = station) => {
    const res = await post(who, '/fill-checks', { cylinderCode: code, ...extra })
    if (res.statusCode !== 200) throw new Error(`check ${code}: ${res.statusCode} ${res.body}`)
    return res.json() as { checkId: string; decision: string; reasons: { code: string; 'zh-CN': string; en: string }[] }
  }
  const reasons = async (code: string, extra: Record<string, unknown> = {}, who = station) =>
    (await check(code, extra, who)).reasons.map((r) => r.code)

  // Operators: one valid, one whose P certificate expired yesterday (2026-05-31).
  for (const [personId, validFrom, validUntil] of [
    ['op-valid', '2026-01-01', '2029-12-31'],
    ['op-expired', '2022-06-01', '2026-05-31'],
  ] as const) {
    const res = await post(bureau, '/operators/certificates', {
      personId,
      name: personId,
      certificateNo: `P-${personId}`,
      categories: ['P'],
      validFrom,
      validUntil,
      employerOrganisationId: station.organisationId,
    })
    t.equal(res.statusCode, 201, res.body)
  }

  await register('OWN-0001')
  await register('CUST-0001', { ownerOrganisationId: customer.organisationId })
  await register('REFURB-01', { refurbished: true })
  await register('OVERDUE-1', { manufactureDate: '2021-01-01' })
  await register('FAILED-01')
  // Registered before the scrap inspection's day: nothing is scrapped before its registration.
  await register('SCRAP-001', { registeredOn: '2026-05-01' })
  await register('OLD-00001', { manufactureDate: '2010-01-01', lastInspectionDate: '2024-01-01' })
  t.equal(
    (
      await post(agency, '/cylinders/FAILED-01/inspections', {
        inspectionDate: '2026-05-20',
        result: 'fail',
        reportNo: 'R-1',
      })
    ).statusCode,
    201,
  )
  t.equal(
    (
      await post(agency, '/cylinders/SCRAP-001/inspections', {
        inspectionDate: '2026-05-20',
        result: 'scrap',
        reportNo: 'R-2',
      })
    ).statusCode,
    201,
  )
  await settle()

  t.test('a code registers once; refusals are problem+json naming the field', async (t) => {
    const res = await post(station, '/cylinders', {
      cylinderCode: 'OWN-0001',
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
    })
    t.equal(res.statusCode, 409)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json(), { type: 'urn:gsr:problem:cylinder-already-registered' })
    const bad = await post(station, '/cylinders', { cylinderCode: 'X-1', cylinderType: 'nope' })
    t.equal(bad.statusCode, 400)
  })

  t.test('pre-fill check: allow, and each deny reason', async (t) => {
    const allowed = await check('OWN-0001', { operatorId: 'op-valid' })
    t.equal(allowed.decision, 'allow')
    t.same(allowed.reasons, [])
    t.same(await reasons('NOPE-0001'), ['unregistered'])
    t.same(await reasons('CUST-0001'), ['not_owned_nor_entrusted'])
    t.same(await reasons('REFURB-01'), ['refurbished'])
    t.same(await reasons('OVERDUE-1'), ['inspection_overdue'])
    t.same(await reasons('FAILED-01'), ['failed_last_inspection'])
    t.same(await reasons('SCRAP-001'), ['scrapped'])
    t.same(await reasons('OLD-00001'), ['past_design_life'])
    t.same(await reasons('OWN-0001', { operatorId: 'op-expired' }), ['operator_not_certified'])
    t.same(await reasons('OWN-0001', { operatorId: 'nobody' }), ['operator_not_certified'])
    // Another station may not fill this station's cylinder.
    t.same(await reasons('OWN-0001', {}, station2), ['not_owned_nor_entrusted'])
    const denied = await check('REFURB-01', { operatorId: 'op-expired' })
    t.same(denied.reasons, [
      { code: 'refurbished', 'zh-CN': '翻新气瓶', en: 'refurbished cylinder' },
      { code: 'operator_not_certified', 'zh-CN': '作业人员无有效证件', en: 'operator without a valid certificate' },
    ])
  })

  t.test('an LPG cylinder made under GB 5842-2006 past its 8 years is refused; a pass extends it once', async (t) => {
    // Made 2016, inspected 2023 (before its 8 years were reached), not overdue: 15 years let it pass.
    const res = await register('GB5842-08', { manufactureDate: '2016-01-01', lastInspectionDate: '2023-06-01' })
    t.match(res.json(), {
      events: [{ data: { designLifeEndDate: '2024-01-01', ruleVersion: 'cylinderTypeRules/2026-2' } }],
    })
    await settle()
    t.same(await reasons('GB5842-08'), ['past_design_life'])
    const pass = await post(agency, '/cylinders/GB5842-08/inspections', {
      inspectionDate: '2026-06-01',
      result: 'pass',
      reportNo: 'R-EXT-1',
    })
    t.equal(pass.statusCode, 201, pass.body)
    t.match(pass.json(), { events: [{ data: { designLifeEndDate: '2028-01-01' } }] }, '4 more years, 12 in all')
    await settle()
    t.same(await reasons('GB5842-08'), [], 'extended: may be filled until 2028-01-01')
    const stamped = await register('STAMPED-6', {
      manufactureDate: '2021-01-01',
      lastInspectionDate: '2025-01-01',
      designLifeYears: 5,
    })
    t.match(stamped.json(), { events: [{ data: { designLifeYears: 5, designLifeEndDate: '2026-01-01' } }] })
    await settle()
    t.same(await reasons('STAMPED-6'), ['past_design_life'], 'its stamped 5 years are over')
  })

  t.test('a check retried with its checkId answers what was recorded; another use of the id is a 409', async (t) => {
    await register('RETRY-001')
    await settle()
    const checkId = randomUUID()
    const first = await post(station, '/fill-checks', { cylinderCode: 'RETRY-001', checkId })
    t.equal(first.statusCode, 200, first.body)
    t.equal(first.json().decision, 'allow')
    // The cylinder fails an inspection before the terminal's retry arrives.
    const failed = await post(agency, '/cylinders/RETRY-001/inspections', {
      inspectionDate: '2026-05-25',
      result: 'fail',
      reportNo: 'R-RETRY',
    })
    t.equal(failed.statusCode, 201, failed.body)
    await settle()
    t.same(await reasons('RETRY-001'), ['failed_last_inspection'], 'a new check sees the failure')
    const retry = await post(station, '/fill-checks', { cylinderCode: 'RETRY-001', checkId })
    t.equal(retry.statusCode, 200, retry.body)
    t.same(retry.json(), first.json(), 'the retry gets the first answer, not a new judgement')
    const recorded = await app.kit.eventStore.readStream(`fillcheck-${checkId}`)
    t.equal(recorded.length, 1, 'recorded once')
    t.match(recorded[0]?.data, { decision: 'allow', checkedAt: first.json().checkedAt })

    const otherStation = await post(station2, '/fill-checks', { cylinderCode: 'RETRY-001', checkId })
    t.equal(otherStation.statusCode, 409, otherStation.body)
    t.match(otherStation.json(), {
      type: 'urn:gsr:problem:check-id-conflict',
      errors: [{ field: 'checkId', in: 'body' }],
    })
    const otherCylinder = await post(station, '/fill-checks', { cylinderCode: 'OWN-0001', checkId })
    t.equal(otherCylinder.statusCode, 409, 'the same station asking about another cylinder')
    const zh = await app.inject({
      method: 'POST',
      url: '/fill-checks',
      headers: { ...station2.headers, 'accept-language': 'zh-CN' },
      payload: { cylinderCode: 'RETRY-001', checkId },
    })
    t.equal(zh.statusCode, 409)
    t.match(zh.json(), { detail: /核验编号/ })
    t.equal((await app.kit.eventStore.readStream(`fillcheck-${checkId}`)).length, 1, 'still one answer')
  })

  t.test('a check without a checkId, retried under its Idempotency-Key, is recorded once', async (t) => {
    const ask = () =>
      app.inject({
        method: 'POST',
        url: '/fill-checks',
        headers: { ...station.headers, 'idempotency-key': 'check-no-id' },
        payload: { cylinderCode: 'OWN-0001' },
      })
    const first = await ask()
    t.equal(first.statusCode, 200, first.body)
    // The kit lost its record of the first reply (a crash between append and reply, say).
    await db.client.query(`DELETE FROM kit_idempotency WHERE key = 'check-no-id'`)
    const retry = await ask()
    t.equal(retry.statusCode, 200, retry.body)
    t.equal(retry.json().checkId, first.json().checkId, 'the same check')
    t.equal((await app.kit.eventStore.readStream(`fillcheck-${first.json().checkId}`)).length, 1, 'recorded once')
  })

  t.test('entrustment is granted by the owner, never by the station itself, never back-dated', async (t) => {
    const events = async () =>
      Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
    const refused = async (who: TestCredential, payload: object, status: number, type: string) => {
      const before = await events()
      const res = await post(who, '/cylinders/CUST-0001/entrustments', payload)
      t.equal(res.statusCode, status, res.body)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.equal(res.json().type, `urn:gsr:problem:${type}`)
      t.equal(await events(), before, 'nothing written')
    }
    const grant = { stationId: station.organisationId, entrustedFrom: '2026-06-01' }
    await refused(station, grant, 403, 'not-the-owner')
    await refused(customer, { ...grant, entrustedFrom: '2026-05-01' }, 422, 'entrustment-backdated')
    await refused(customer, { ...grant, stationId: 'no-such-station' }, 422, 'station-not-found')
    await refused(bureau, grant, 422, 'contract-required')
    await refused(otherBureau, { ...grant, contractNo: 'WT-1' }, 404, 'not-found')
    // Its evidence is not back-dated either: an occurredAt given is the moment of the grant, today.
    await refused(customer, { ...grant, occurredAt: '2001-01-01T00:00:00Z' }, 400, 'validation-failed')
    await settle()
    t.same(await reasons('CUST-0001'), ['not_owned_nor_entrusted'], 'still not entrusted')
  })

  t.test('a cylinder is never registered to an owner that does not exist', async (t) => {
    const events = async () =>
      Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
    const before = await events()
    const res = await post(station, '/cylinders', {
      cylinderCode: 'GHOST-001',
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      ownerOrganisationId: 'no-such-organisation',
    })
    t.equal(res.statusCode, 422, res.body)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json(), { type: 'urn:gsr:problem:owner-not-found', errors: [{ field: 'ownerOrganisationId' }] })
    t.equal(await events(), before, 'nothing written')
    await register('GHOST-001', { ownerOrganisationId: customer.organisationId })
    t.pass('the code stays free for a registration to an owner that exists')
  })

  t.test('entrustment allows a customer cylinder until it ends', async (t) => {
    t.equal(
      (
        await post(customer, '/cylinders/CUST-0001/entrustments', {
          stationId: station.organisationId,
          entrustedFrom: '2026-06-01',
        })
      ).statusCode,
      201,
    )
    await settle()
    t.same(await reasons('CUST-0001'), [])
    t.equal((await post(station, '/cylinders/CUST-0001/entrustments/end', { endedOn: '2026-05-31' })).statusCode, 201)
    await settle()
    t.same(await reasons('CUST-0001'), ['not_owned_nor_entrusted'])
  })

  t.test('a person’s name and certificate numbers: the employer, the issuer, enforcement in scope only', async (t) => {
    const validity = (who: TestCredential) => get(who, '/operators/op-valid/validity?category=P')
    const full = await validity(station)
    t.equal(full.statusCode, 200)
    t.match(
      full.json(),
      { valid: true, certificates: [{ name: 'op-valid', certificateNo: 'P-op-valid' }] },
      'the employer',
    )
    t.match((await validity(bureau)).json(), { certificates: [{ certificateNo: 'P-op-valid' }] }, 'the issuer')
    const otherStation = await validity(station2)
    t.equal(otherStation.statusCode, 200)
    t.same(otherStation.json().certificates, [], 'another station: the answer, no personal data')
    t.equal(otherStation.json().valid, true)
    t.notOk(otherStation.body.includes('P-op-valid'))
    for (const who of [shop, otherBureau, customer]) {
      const res = await validity(who)
      t.equal(res.statusCode, 404, `a ${who.kind} of ${who.region}`)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.notOk(res.body.includes('P-op-valid'))
    }
  })

  t.test('inspection agencies act only in accredited regions', async (t) => {
    const far = await credentialFor(app, { kind: 'inspection_agency', region: '440100', accreditedRegions: ['440100'] })
    const res = await post(far, '/cylinders/OWN-0001/inspections', {
      inspectionDate: '2026-05-20',
      result: 'pass',
      reportNo: 'R-3',
    })
    t.equal(res.statusCode, 403)
    await settle()
    const codes = async (who: TestCredential) =>
      ((await get(who, '/cylinders?limit=500')).json() as { items: { code: string }[] }).items.map((c) => c.code)
    t.ok((await codes(agency)).includes('OWN-0001'), 'the register of its accredited region, as one cylinder reads')
    t.equal((await get(agency, '/cylinders/OWN-0001')).statusCode, 200)
    t.same(await codes(far), [], 'nothing elsewhere')
    t.equal((await get(far, '/cylinders/OWN-0001')).statusCode, 404)
  })

  t.test('a fill by an operator whose certificate expired the day before is recorded, with the finding', async (t) => {
    const body = fill('OWN-0001', { operatorId: 'op-expired' })
    const res = await post(station, '/fills', body)
    t.equal(res.statusCode, 201, res.body)
    t.same(res.json(), {
      fillId: body.fillId,
      status: 'recorded',
      findings: { reasons: ['operator_not_certified'], missingPreFill: [], missingPostFill: [] },
    })
    const then = await get(station, `/operators/op-expired/validity?category=P&at=${encodeURIComponent(body.filledAt)}`)
    t.match(then.json(), { status: 'expired', valid: false, date: '2026-06-01' })
    const dayBefore = await get(station, '/operators/op-expired/validity?category=P&at=2026-05-31T10:00:00Z')
    t.match(dayBefore.json(), { status: 'valid', valid: true })
    await settle()
    const fills = await get(station, '/fills?date=2026-06-01')
    t.ok((fills.json() as { items: { fillId: string }[] }).items.some((f) => f.fillId === body.fillId))
    // Re-sending the same fill is a no-op.
    const again = await post(station, '/fills', body)
    t.equal(again.statusCode, 200)
    t.equal(again.json().status, 'duplicate')
  })

  t.test('batch upload retried after a timeout records nothing twice; items fail alone', async (t) => {
    const batch = [fill('OWN-0001'), fill('OWN-0001', { quantityKg: 15 }), { fillId: 'not-a-uuid' }, fill('FAILED-01')]
    const first = await post(station, '/fills/batch', { fills: batch })
    t.equal(first.statusCode, 200, first.body)
    t.match(first.json(), { recorded: 3, duplicates: 0, rejected: 1 })
    t.match(first.json().results[2], { index: 2, status: 'rejected', problem: { code: 'validation' } })
    // The terminal timed out and retries, with one more fill, before the read model caught up.
    const extra = fill('OWN-0001', { quantityKg: 13 })
    const retry = await post(station, '/fills/batch', { fills: [...batch, extra] })
    t.equal(retry.statusCode, 200)
    t.match(retry.json(), { recorded: 1, duplicates: 3, rejected: 1 }, 'the retried fills are told apart at once')
    await settle()
    // Once projected, a further retry reports duplicates.
    const third = await post(station, '/fills/batch', { fills: [...batch, extra] })
    t.match(third.json(), { recorded: 0, duplicates: 4, rejected: 1 })
    // The same fill id with other content is refused for that item only.
    const conflicting = { ...(batch[0] as object), quantityKg: 99 }
    const fourth = await post(station, '/fills/batch', { fills: [conflicting, fill('OWN-0001')] })
    t.match(fourth.json(), {
      results: [{ status: 'rejected', problem: { code: 'fill-id-conflict' } }, { status: 'recorded' }],
    })
    await settle()
    const { rows } = await db.client.query<{ n: number }>(
      `SELECT count(*)::int8 AS n FROM cyl_fills WHERE fill_id = ANY($1::text[])`,
      [[...batch.map((b) => b.fillId), extra.fillId]],
    )
    t.equal(rows[0]?.n, 4)
    const events = await app.kit.eventStore.readStream(`stationfills-${station.organisationId}`)
    const ids = events.map((e) => e.id)
    t.equal(new Set(ids).size, ids.length, 'no event recorded twice')
  })

  t.test('one fill id twice in a batch: an identical copy is a duplicate, other content a conflict', async (t) => {
    const original = fill('OWN-0001')
    const changed = { ...original, quantityKg: 99 }
    const res = await post(station, '/fills/batch', { fills: [original, changed, { ...original }] })
    t.equal(res.statusCode, 200, res.body)
    t.match(res.json(), {
      recorded: 1,
      duplicates: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'recorded' },
        { index: 1, fillId: original.fillId, status: 'rejected', problem: { code: 'fill-id-conflict' } },
        { index: 2, status: 'duplicate' },
      ],
    })
    const events = await app.kit.eventStore.readStream(`stationfills-${station.organisationId}`)
    const mine = events.filter((e) => e.id === original.fillId)
    t.equal(mine.length, 1)
    t.match(mine[0]?.data, { quantityKg: 14.5 }, 'the first content is what was recorded')
    // A copy of a fill that conflicts with the log shares the conflict.
    const copyOfConflict = await post(station, '/fills/batch', { fills: [changed, { ...changed }] })
    t.match(copyOfConflict.json(), { rejected: 2, duplicates: 0 })
  })

  t.test('a client id never takes a name-based (v5) id the server derives for its own facts', async (t) => {
    // The id the inspection scheduler would give equipment EL-1's InspectionDue for 2026-09-01.
    const serverId = scheduledEventId('InspectionDue', {
      subjectKind: 'equipment',
      subjectId: 'EL-1',
      dueDate: '2026-09-01',
    })
    const one = await post(station, '/fills', fill('OWN-0001', { fillId: serverId }))
    t.equal(one.statusCode, 400, one.body)
    t.match(one.json(), { errors: [{ field: 'fillId' }] })
    const batch = await post(station, '/fills/batch', { fills: [fill('OWN-0001', { fillId: serverId })] })
    t.match(batch.json(), {
      rejected: 1,
      results: [{ status: 'rejected', problem: { errors: [{ field: 'fillId' }] } }],
    })
    const check = await post(station, '/fill-checks', { cylinderCode: 'OWN-0001', checkId: serverId })
    t.equal(check.statusCode, 400, check.body)
    t.same(await app.kit.eventStore.readStream(`fillcheck-${serverId}`), [], 'no check under the id')
    const events = await app.kit.eventStore.readStream(`stationfills-${station.organisationId}`)
    t.notOk(
      events.some((e) => e.id === serverId),
      'no fill under the id',
    )
  })

  t.test('the cylinder trace: registration, inspection, every check (refusals too), every fill', async (t) => {
    await settle()
    const res = await get(station, '/cylinders/FAILED-01/trace')
    t.equal(res.statusCode, 200)
    const types = (res.json() as { entries: { type: string; data: { decision?: string } }[] }).entries.map(
      (e) => e.type,
    )
    // In field order: inspected on 20 May, registered on 1 June (occurredAt is the field day), then checked and filled.
    t.same(types.slice(0, 3), ['CylinderInspected', 'CylinderRegistered', 'CylinderFillChecked'])
    t.ok(types.includes('CylinderFilled'))
    const checkEntry = (res.json() as { entries: { type: string; data: { decision?: string } }[] }).entries.find(
      (e) => e.type === 'CylinderFillChecked',
    )
    t.equal(checkEntry?.data.decision, 'deny')
    t.equal((await get(station2, '/cylinders/FAILED-01/trace')).statusCode, 404, 'another station cannot see it')
    t.equal((await get(bureau, '/cylinders/FAILED-01/trace')).statusCode, 200, 'enforcement sees its region')
    t.equal((await get(otherBureau, '/cylinders/FAILED-01')).statusCode, 404)
    const list = await get(station, '/cylinders?limit=3')
    const page1 = list.json() as { items: { code: string }[]; next?: string }
    t.equal(page1.items.length, 3)
    t.ok(page1.next)
    const page2 = (await get(station, `/cylinders?limit=3&after=${page1.next}`)).json() as { items: { code: string }[] }
    t.ok(page2.items.length > 0)
    t.ok(
      page2.items.every((c) => c.code > page1.items.at(-1)!.code),
      'the next page continues after the cursor',
    )
    const fills1 = (await get(station, '/fills?date=2026-06-01&limit=2')).json() as {
      items: { fillId: string }[]
      next?: string
    }
    t.equal(fills1.items.length, 2)
    const fills2 = (
      await get(station, `/fills?date=2026-06-01&limit=100&after=${encodeURIComponent(fills1.next ?? '')}`)
    ).json() as {
      items: { fillId: string }[]
    }
    const all = [...fills1.items, ...fills2.items].map((f) => f.fillId)
    t.equal(new Set(all).size, all.length, 'no fill on two pages')
    t.equal((await get(station2, `/fills?date=2026-06-01&stationId=${station.organisationId}`)).statusCode, 403)
    const daily = (await get(station, '/fills/daily?from=2026-05-01&to=2026-06-30')).json() as {
      days: { date: string; fills: number }[]
    }
    t.equal(daily.days[0]?.fills, all.length)
    const overdue = await get(bureau, '/cylinders?overdueOn=2026-06-01')
    t.same(
      (overdue.json() as { items: { code: string }[] }).items.map((c) => c.code),
      ['OVERDUE-1'],
    )
  })

  t.test('a sale of a model whose certificate was revoked before the sale date', async (t) => {
    const issued = await post(cqc, '/appliance-certificates', {
      certificateNo: 'CCC-2024-0001',
      manufacturerId: 'maker-1',
      modelNo: 'JZT-2B',
      category: 'gas_stove',
      validFrom: '2024-01-01',
      validUntil: '2028-12-31',
      regionCode: '440600',
    })
    t.equal(issued.statusCode, 201, issued.body)
    const revoked = await post(cqc, '/appliance-certificates/CCC-2024-0001/failures', {
      failure: 'revoked',
      effectiveFrom: '2026-03-01',
      reason: 'supervision spot check failed',
    })
    t.equal(revoked.statusCode, 201, revoked.body)
    t.match(revoked.json(), { events: [{ type: 'ApplianceCertificationFailed', data: { failure: 'revoked' } }] })
    const sale = await post(shop, '/appliance-sales', {
      manufacturerId: 'maker-1',
      modelNo: 'JZT-2B',
      category: 'gas_stove',
      certificateNo: 'CCC-2024-0001',
      soldOn: '2026-04-10',
      quantity: 3,
    })
    t.equal(sale.statusCode, 201, sale.body)
    await settle()
    const records = await get(shop, '/appliance-records?kind=sale')
    t.match(records.json(), {
      items: [
        { modelNo: 'JZT-2B', date: '2026-04-10', certification: { status: 'revoked', certificateNo: 'CCC-2024-0001' } },
      ],
    })
    const before = await get(shop, '/appliance-certificates/CCC-2024-0001?asOf=2026-02-01')
    t.equal(before.json().status, 'valid')
    const after = await get(shop, '/appliance-certificates/CCC-2024-0001?asOf=2026-04-10')
    t.equal(after.json().status, 'revoked')
    const enforcementView = await get(bureau, '/appliance-records')
    t.equal((enforcementView.json() as { items: unknown[] }).items.length, 1, 'enforcement sees its region')
    const spot = await post(bureau, '/appliance-spot-checks', {
      category: 'gas_leak_alarm',
      manufacturerId: 'maker-2',
      modelNo: 'ALM-1',
      sampledFromOrganisationId: shop.organisationId,
      sampledOn: '2026-05-10',
      result: 'fail',
      items: [{ item: 'alarm concentration', result: 'fail' }],
      regionCode: '330106',
    })
    t.equal(spot.statusCode, 201, spot.body)
    // Only the issuing body may change a certificate.
    const otherBody = await credentialFor(app, { kind: 'certification_body', region: '110000' })
    const forged = await post(otherBody, '/appliance-certificates/CCC-2024-0001/failures', {
      failure: 'suspended',
      effectiveFrom: '2026-01-01',
      reason: 'x',
    })
    t.equal(forged.statusCode, 403)
  })

  t.test(
    'a certificate term beyond 4 years (TSG Z6001) is refused at issue and review, naming validUntil',
    async (t) => {
      const issue = (no: string, validUntil: string) =>
        post(bureau, '/operators/certificates', {
          personId: `op-${no}`,
          name: 'Zhao Liu',
          certificateNo: no,
          categories: ['P'],
          validFrom: '2026-01-01',
          validUntil,
        })
      const tooLong = await issue('P-LONG', '2099-12-31')
      t.equal(tooLong.statusCode, 422, tooLong.body)
      t.match(tooLong.headers['content-type'], /application\/problem\+json/)
      t.match(tooLong.json(), { type: 'urn:gsr:problem:validity-beyond-rule', errors: [{ field: 'validUntil' }] })
      t.match(tooLong.json(), { detail: /2030-01-01/ }, 'names the latest day the rule allows')
      await settle()
      t.equal((await get(bureau, '/operators/op-P-LONG/validity?category=P')).statusCode, 404, 'nothing recorded')
      const four = await issue('P-FOUR', '2029-12-31')
      t.equal(four.statusCode, 201, four.body)
      const review = await post(bureau, '/operators/op-P-FOUR/certificates/P-FOUR/renew', {
        renewedOn: '2026-05-20',
        validUntil: '2038-12-31',
      })
      t.equal(review.statusCode, 422, review.body)
      t.match(review.json(), { type: 'urn:gsr:problem:validity-beyond-rule', errors: [{ field: 'validUntil' }] })
    },
  )

  t.test('operator register with status on a date', async (t) => {
    const res = await get(station, '/operators/certificates?asOf=2026-06-01')
    t.same(
      (res.json() as { items: { personId: string; status: string }[] }).items.map((c) => [c.personId, c.status]),
      [
        ['op-expired', 'expired'],
        ['op-valid', 'valid'],
      ],
    )
  })
})
