import t, { type Test } from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

// 2026-06-01 10:00 China time.
const clock = fixedClock('2026-06-01T02:00:00Z')

/**
 * A cylinder's facts are not dated before the record they speak of: a scrap or a refurbished
 * marking never before the registration (it would turn every fill since the registration, by
 * any station, into a fill of a scrapped or refurbished cylinder), an entrustment's end (its last
 * day) never before the eve of its first day. Each refusal is a 422 naming the field; nothing is written.
 * An inspection that scraps the cylinder is a scrap: never dated before the registration either.
 * An inspection report older than the cylinder's latest dated fact (a backlog entered late) is
 * recorded but moves nothing: the pre-fill check answers as enforcement judges, by the latest day.
 */
forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock })
  t.teardown(() => app.close())
  const owner = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const entrusted = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const agency = await credentialFor(app, {
    kind: 'inspection_agency',
    region: '330100',
    accreditedRegions: ['330100'],
  })
  const post = (who: TestCredential, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object })
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
  const ok = async (who: TestCredential, url: string, payload: unknown) => {
    const res = await post(who, url, payload)
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  }
  const refused = async (t: Test, who: TestCredential, url: string, payload: unknown, type: string) => {
    const before = await events()
    const res = await post(who, url, payload)
    t.equal(res.statusCode, 422, res.body)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.equal(res.json().type, `urn:gsr:problem:${type}`)
    t.equal(await events(), before, 'nothing written')
    return res.json() as { errors: { field: string }[] }
  }

  await ok(owner, '/cylinders', {
    cylinderCode: 'DATE-0001',
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
    registeredOn: '2026-05-01',
  })

  t.test('a scrap or a refurbished marking is not dated before the registration', async (t) => {
    const scrap = await refused(
      t,
      owner,
      '/cylinders/DATE-0001/scrap',
      { scrappedOn: '2025-12-01', reason: 'corroded' },
      'dated-before-registration',
    )
    t.match(scrap.errors, [{ field: 'scrappedOn' }])
    const marked = await refused(
      t,
      agency,
      '/cylinders/DATE-0001/refurbished',
      { markedOn: '2025-12-01', evidence: 'report R-9' },
      'dated-before-registration',
    )
    t.match(marked.errors, [{ field: 'markedOn' }])
    await ok(agency, '/cylinders/DATE-0001/refurbished', { markedOn: '2026-05-01', evidence: 'report R-9' })
  })

  t.test('an inspection that scraps the cylinder is not dated before the registration', async (t) => {
    await ok(owner, '/cylinders', {
      cylinderCode: 'DATE-0003',
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      registeredOn: '2026-05-01',
    })
    const scrap = await refused(
      t,
      agency,
      '/cylinders/DATE-0003/inspections',
      { inspectionDate: '2025-12-01', result: 'scrap', reportNo: 'R-SCRAP-OLD' },
      'dated-before-registration',
    )
    t.match(scrap.errors, [{ field: 'inspectionDate' }])
    // A pass or a fail of before the registration is evidence, recorded without moving anything.
    await ok(agency, '/cylinders/DATE-0003/inspections', {
      inspectionDate: '2025-12-01',
      result: 'pass',
      reportNo: 'R-PASS-OLD',
    })
    await ok(agency, '/cylinders/DATE-0003/inspections', {
      inspectionDate: '2026-05-01',
      result: 'scrap',
      reportNo: 'R-SCRAP',
    })
  })

  t.test('an older inspection recorded late does not move the next inspection date back', async (t) => {
    await ok(owner, '/cylinders', {
      cylinderCode: 'DATE-0002',
      cylinderType: 'lpg_welded_steel',
      gas: 'LPG',
      manufacturer: 'Works',
      manufactureDate: '2024-03-01',
      registeredOn: '2026-05-01',
    })
    const inspect = (inspectionDate: string, result: string, reportNo: string) =>
      ok(agency, '/cylinders/DATE-0002/inspections', { inspectionDate, result, reportNo })
    const settle = async () => {
      await waitUntilReadable(db.client)
      await catchUpProjections(app)
    }
    await inspect('2026-05-20', 'pass', 'R-NEW')
    await inspect('2026-05-10', 'fail', 'R-OLDER')
    await settle()
    const check = await post(owner, '/fill-checks', { cylinderCode: 'DATE-0002' })
    t.same(check.json().reasons, [], 'the latest inspection passed: fillable, as enforcement judges a fill today')
    await inspect('2025-06-01', 'pass', 'R-BEFORE-REGISTRATION')
    await settle()
    const view = (await app.inject({ method: 'GET', url: '/cylinders/DATE-0002', headers: owner.headers })).json()
    t.match(view, { nextInspectionDate: '2030-05-20', lastInspectionDate: '2026-05-20', lastInspectionResult: 'pass' })
  })

  t.test('an entrustment does not end before it began', async (t) => {
    await ok(owner, '/cylinders/DATE-0001/entrustments', {
      stationId: entrusted.organisationId,
      entrustedFrom: '2026-06-01',
    })
    const ended = await refused(
      t,
      entrusted,
      '/cylinders/DATE-0001/entrustments/end',
      { endedOn: '2026-05-30' },
      'ended-before-entrustment',
    )
    t.match(ended.errors, [{ field: 'endedOn' }])
    // Ended on the eve of its first day: never in force.
    await ok(entrusted, '/cylinders/DATE-0001/entrustments/end', { endedOn: '2026-05-31' })
  })
})
