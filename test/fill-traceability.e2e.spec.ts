import { randomUUID } from 'node:crypto'
import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { forEachDatabase } from '@gsr/db/testing'
import { identity } from '@gsr/http-kit'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from '@gsr/cylinders-service'
import { enforcementService } from '@gsr/enforcement-service'

/**
 * Cylinder-filling traceability coverage by district through HTTP, exact: fills recorded
 * through the cylinders service, traced when they name the system's allowing pre-fill check.
 */
const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService, enforcementService], { db, clock })
  t.teardown(() => app.close())
  const xihuStation = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const binjiangStation = await credentialFor(app, { kind: 'filling_station', region: '330108' })
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const binjiangTeam = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const post = async (who: TestCredential, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: who.headers, payload })
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  // Each station's own certified operator (a check denies a fill by anyone else).
  for (const station of [xihuStation, binjiangStation])
    await post(bureau, '/operators/certificates', {
      personId: `op-${station.organisationId}`,
      name: 'Wang Wu',
      certificateNo: `P-${station.organisationId}`,
      categories: ['P'],
      validFrom: '2023-01-01',
      validUntil: '2026-12-31',
      employerOrganisationId: station.organisationId,
    })
  const fill = async (station: TestCredential, code: string, checked: boolean) => {
    const check: { checkId: string; decision: string } | undefined = checked
      ? await post(station, '/fill-checks', { cylinderCode: code, operatorId: `op-${station.organisationId}` })
      : undefined
    await post(station, '/fills', {
      fillId: randomUUID(),
      cylinderCode: code,
      operatorId: `op-${station.organisationId}`,
      filledAt: '2026-06-01T02:00:00Z',
      gas: 'LPG',
      quantityKg: 14.5,
      preFillChecks: allOk(lpg.preFillItems),
      postFillChecks: allOk(lpg.postFillItems),
      ...(check ? { prefillCheckId: check.checkId } : {}),
    })
    if (check && check.decision !== 'allow')
      throw new Error(`the check of ${code} denied the fill: ${JSON.stringify(check)}`)
  }
  const cylinder = {
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
  }
  for (const [station, code] of [
    [xihuStation, 'XIHU-01'],
    [xihuStation, 'XIHU-02'],
    [binjiangStation, 'BINJ-01'],
  ] as const)
    await post(station, '/cylinders', { ...cylinder, cylinderCode: code })
  // The pre-fill check reads the registers: they must hold the cylinders and certificates.
  await waitUntilReadable(db.client)
  await catchUpProjections(app)
  // Xihu: three fills after the system's check, one without; Binjiang: two, both checked.
  await fill(xihuStation, 'XIHU-01', true)
  await fill(xihuStation, 'XIHU-02', true)
  await fill(xihuStation, 'XIHU-01', true)
  await fill(xihuStation, 'XIHU-02', false)
  await fill(binjiangStation, 'BINJ-01', true)
  await fill(binjiangStation, 'BINJ-01', true)
  await waitUntilReadable(db.client)
  await catchUpProjections(app)
  const get = (who: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: who.headers })

  const xihuName = (await identity.getOrganisation(db.client, xihuStation.organisationId))!.name
  t.test('the city and its districts: fills, traced, coverage, stations fully traced', async (t) => {
    const res = await get(bureau, '/enforcement/rates/fill-traceability?on=2026-06-01')
    t.equal(res.statusCode, 200)
    const body = res.json()
    t.match(body, { region: '330100', on: '2026-06-01', from: '2026-05-03', label: { 'zh-CN': '气瓶充装追溯覆盖率' } })
    t.same(body.total, {
      fills: 6,
      traced: 5,
      coverage: 5 / 6,
      stations: 2,
      stationsFullyTraced: 1,
      shortfalls: [{ stationId: xihuStation.organisationId, stationName: xihuName, untraced: 1 }],
    })
    t.same(
      body.byDistrict.map((d: { district: string; fills: number; traced: number; coverage: number }) => [
        d.district,
        d.fills,
        d.traced,
        d.coverage,
      ]),
      [
        ['330106', 4, 3, 0.75],
        ['330108', 2, 2, 1],
      ],
    )
  })

  t.test('a day before any fill, or outside the window: nothing counted; a foreign district refused', async (t) => {
    const before = (await get(bureau, '/enforcement/rates/fill-traceability?on=2026-05-31')).json()
    t.same([before.total.fills, before.total.coverage, before.byDistrict], [0, null, []])
    const later = (await get(bureau, '/enforcement/rates/fill-traceability?on=2026-07-01&days=30')).json()
    t.equal(later.total.fills, 0, '2026-06-02..2026-07-01 does not hold the fills of 2026-06-01')
    const own = (await get(binjiangTeam, '/enforcement/rates/fill-traceability?on=2026-06-01')).json()
    t.same([own.region, own.total.fills, own.total.coverage], ['330108', 2, 1])
    t.equal((await get(binjiangTeam, '/enforcement/rates/fill-traceability?region=330106')).statusCode, 403)
    t.equal((await get(bureau, '/enforcement/rates/fill-traceability?days=0')).statusCode, 400)
  })
})
