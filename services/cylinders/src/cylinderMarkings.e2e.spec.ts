import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

// 2026-06-01 10:00 China time.
const clock = fixedClock('2026-06-01T02:00:00Z')
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

/**
 * Issue 16: a cylinder stands where it is based (a station fills cylinders of owners anywhere;
 * who writes is decided by ownership and role, enforcement by the cylinder's region), and
 * scrapped (报废) / refurbished (翻新) are marked by agencies and enforcement with evidence.
 */
forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock })
  t.teardown(() => app.close())
  // The owner sits in county 330106; the station that fills for it in the next county, 330108.
  const owner = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const farStation = await credentialFor(app, { kind: 'filling_station', region: '330108' })
  const otherStation = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const farBureau = await credentialFor(app, { kind: 'enforcement', region: '440100' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const farAgency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '440100',
    accreditedRegions: ['440100'],
  })

  const settle = async () => {
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
  }
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
  const post = (who: TestCredential, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object })
  const ok = async (who: TestCredential, url: string, payload: unknown) => {
    const res = await post(who, url, payload)
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  }
  const refused = async (t: Test, who: TestCredential, url: string, payload: unknown, status: number, type: string) => {
    const before = await events()
    const res = await post(who, url, payload)
    t.equal(res.statusCode, status, `${type}: ${res.body}`)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.equal(res.json().type, `urn:gsr:problem:${type}`)
    t.equal(await events(), before, 'nothing written')
  }
  const register = (code: string, extra: Record<string, unknown> = {}) =>
    ok(owner, '/cylinders', {
      cylinderCode: code,
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      // Registered before the markings' field days: nothing is scrapped or marked before its registration.
      registeredOn: '2026-05-01',
      ...extra,
    })
  const reasons = async (code: string, who = owner) => {
    const res = await post(who, '/fill-checks', { cylinderCode: code })
    t.equal(res.statusCode, 200, res.body)
    return (res.json() as { reasons: { code: string }[] }).reasons.map((r) => r.code)
  }
  const fillFindings = async (code: string, filledAt: string) => {
    const res = await post(owner, '/fills', {
      fillId: randomUUID(),
      cylinderCode: code,
      operatorId: 'op-m',
      filledAt,
      gas: 'LPG',
      quantityKg: 14.5,
      preFillChecks: allOk(lpg.preFillItems),
      postFillChecks: allOk(lpg.postFillItems),
    })
    t.equal(res.statusCode, 201, res.body)
    return (res.json() as { findings: { reasons: string[] } }).findings.reasons
  }

  await ok(bureau, '/operators/certificates', {
    personId: 'op-m',
    name: 'op-m',
    certificateNo: 'P-op-m',
    categories: ['P'],
    validFrom: '2026-01-01',
    validUntil: '2029-12-31',
    employerOrganisationId: owner.organisationId,
  })

  t.test('a station outside the cylinder’s county fills it for its owner and ends its own entrustment', async (t) => {
    await register('CROSS-001', { regionCode: '330106' })
    await ok(owner, '/cylinders/CROSS-001/entrustments', {
      stationId: farStation.organisationId,
      entrustedFrom: '2026-06-01',
    })
    await settle()
    t.same(await reasons('CROSS-001', farStation), [], 'the entrusted station of the next county may fill it')
    // Before issue 16 the station's seat decided: 404 outside its county.
    await refused(t, otherStation, '/cylinders/CROSS-001/entrustments/end', { endedOn: '2026-06-01' }, 404, 'not-found')
    await ok(farStation, '/cylinders/CROSS-001/entrustments/end', { endedOn: '2026-06-01' })
    // Ended, it has nothing more to do with the cylinder: it no longer exists for that station.
    await refused(t, farStation, '/cylinders/CROSS-001/entrustments/end', { endedOn: '2026-06-01' }, 404, 'not-found')
  })

  t.test(
    'a cylinder’s region is where it is based: its enforcement sees it, the station’s seat does not decide',
    async (t) => {
      // The station of 330108 registers a customer cylinder based in 330106 (its owner's county).
      const res = await post(farStation, '/cylinders', {
        cylinderCode: 'BASED-001',
        cylinderType: 'lpg_welded_steel',
        gas: 'LPG',
        manufacturer: 'Works',
        manufactureDate: '2024-03-01',
        ownerOrganisationId: owner.organisationId,
        regionCode: '330106',
      })
      t.equal(res.statusCode, 201, res.body)
      await settle()
      const read = await app.inject({ method: 'GET', url: '/cylinders/BASED-001', headers: bureau.headers })
      t.equal(read.statusCode, 200)
      t.equal(read.json().regionCode, '330106')
      const far = await app.inject({ method: 'GET', url: '/cylinders/BASED-001', headers: farBureau.headers })
      t.equal(far.statusCode, 404)
      // Enforcement of its region scraps it with evidence; another region's may not.
      await refused(
        t,
        farBureau,
        '/cylinders/BASED-001/scrap',
        { scrappedOn: '2026-05-30', reason: 'corroded', evidence: 'ZF-1' },
        403,
        'outside-your-region',
      )
    },
  )

  t.test('enforcement scraps a cylinder with its evidence; nothing un-scraps it', async (t) => {
    await register('SCRAP-E01')
    await refused(
      t,
      bureau,
      '/cylinders/SCRAP-E01/scrap',
      { scrappedOn: '2026-05-30', reason: 'corroded' },
      422,
      'evidence-required',
    )
    await refused(
      t,
      farBureau,
      '/cylinders/SCRAP-E01/scrap',
      { scrappedOn: '2026-05-30', reason: 'corroded', evidence: 'ZF-2' },
      403,
      'outside-your-region',
    )
    await refused(
      t,
      otherStation,
      '/cylinders/SCRAP-E01/scrap',
      { scrappedOn: '2026-05-30', reason: 'corroded' },
      404,
      'not-found',
    )
    await ok(bureau, '/cylinders/SCRAP-E01/scrap', {
      scrappedOn: '2026-05-30',
      reason: 'corroded',
      evidence: '执法记录 ZF-2, photo P-9',
    })
    await settle()
    t.same(await reasons('SCRAP-E01'), ['scrapped'])
    // A fill the day before the marking, uploaded now, was not yet refused; one on the day is.
    t.same(await fillFindings('SCRAP-E01', '2026-05-29T02:00:00Z'), [])
    t.same(await fillFindings('SCRAP-E01', '2026-05-30T02:00:00Z'), ['scrapped'])
    // The owning station may not un-scrap: no scrap again, no re-registration of the code, no pass.
    await refused(
      t,
      owner,
      '/cylinders/SCRAP-E01/scrap',
      { scrappedOn: '2026-05-31', reason: 'x' },
      409,
      'cylinder-scrapped',
    )
    await refused(
      t,
      owner,
      '/cylinders',
      {
        cylinderCode: 'SCRAP-E01',
        cylinderType: 'lpg_welded_steel',
        gas: 'LPG',
        manufacturer: 'W',
        manufactureDate: '2024-03-01',
      },
      409,
      'cylinder-already-registered',
    )
    await refused(
      t,
      agency,
      '/cylinders/SCRAP-E01/inspections',
      { inspectionDate: '2026-05-31', result: 'pass', reportNo: 'R-9' },
      409,
      'cylinder-scrapped',
    )
    await refused(
      t,
      owner,
      '/cylinders/SCRAP-E01/refurbished',
      { markedOn: '2026-05-31', evidence: 'x' },
      403,
      'forbidden',
    )
  })

  t.test('an agency’s inspection result scraps; the check refuses from its day', async (t) => {
    await register('SCRAP-A01')
    await ok(agency, '/cylinders/SCRAP-A01/inspections', {
      inspectionDate: '2026-05-31',
      result: 'scrap',
      reportNo: 'R-S1',
    })
    await settle()
    t.same(await reasons('SCRAP-A01'), ['scrapped'])
  })

  t.test('refurbished (翻新): found by an agency or enforcement of the region, with evidence', async (t) => {
    await register('REFURB-M1')
    const mark = { markedOn: '2026-05-30', evidence: '检验报告 R-F1: 翻新痕迹' }
    await refused(t, owner, '/cylinders/REFURB-M1/refurbished', mark, 403, 'forbidden')
    await refused(t, farAgency, '/cylinders/REFURB-M1/refurbished', mark, 403, 'outside-your-region')
    await refused(t, farBureau, '/cylinders/REFURB-M1/refurbished', mark, 403, 'outside-your-region')
    await refused(t, bureau, '/cylinders/REFURB-M1/refurbished', { markedOn: '2026-05-30' }, 400, 'validation-failed')
    await settle()
    t.same(await reasons('REFURB-M1'), [], 'fillable before the marking')
    await ok(agency, '/cylinders/REFURB-M1/refurbished', mark)
    await refused(t, bureau, '/cylinders/REFURB-M1/refurbished', mark, 409, 'cylinder-already-refurbished')
    await settle()
    t.same(await reasons('REFURB-M1'), ['refurbished'])
    t.same(await fillFindings('REFURB-M1', '2026-05-29T02:00:00Z'), [], 'a fill before the marking day')
    t.same(await fillFindings('REFURB-M1', '2026-05-30T02:00:00Z'), ['refurbished'])
    const trace = await app.inject({ method: 'GET', url: '/cylinders/REFURB-M1/trace', headers: bureau.headers })
    const marking = (trace.json() as { entries: { type: string; data: { evidence?: string } }[] }).entries.find(
      (e) => e.type === 'CylinderMarkedRefurbished',
    )
    t.equal(marking?.data.evidence, mark.evidence, 'the trace shows the marking with its evidence')
  })
})
