import { randomUUID } from 'node:crypto'
import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { forEachDatabase } from '@gsr/db/testing'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from '@gsr/cylinders-service'
import { enforcementService } from '@gsr/enforcement-service'
import { registryService } from '@gsr/registry-service'

/**
 * Across services, over HTTP only: what the cylinder and registry services record (through
 * their own routes and deciders) is what the enforcement service finds, with its evidence.
 */
const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([registryService, cylindersService, enforcementService], { db, clock })
  t.teardown(() => app.close())
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const countyTeam = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const otherTeam = await credentialFor(app, { kind: 'enforcement', region: '330108' })
  const post = async (who: TestCredential, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: who.headers, payload })
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const get = (who: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: who.headers })
  /** Wait until the last event is readable (a shared server's open transactions hold readers back), then project. */
  const settle = async () => {
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
  }

  await post(bureau, '/operators/certificates', {
    personId: 'op-valid',
    name: 'Wang Wu',
    certificateNo: 'P-op-valid',
    categories: ['P'],
    validFrom: '2026-06-01',
    validUntil: '2030-05-31',
    employerOrganisationId: station.organisationId,
  })
  const cylinder = {
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
  }
  await post(station, '/cylinders', { ...cylinder, cylinderCode: 'OWN-0001' })
  await post(station, '/cylinders', { ...cylinder, cylinderCode: 'REFURB-01', refurbished: true })
  const fill = (code: string, overrides: object = {}) => ({
    fillId: randomUUID(),
    cylinderCode: code,
    operatorId: 'op-valid',
    filledAt: '2026-06-01T01:30:00Z',
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: allOk(lpg.preFillItems),
    postFillChecks: allOk(lpg.postFillItems),
    ...overrides,
  })
  const lawful = fill('OWN-0001')
  const refurbished = fill('REFURB-01')
  const uncertified = fill('OWN-0001', { operatorId: 'op-none' })
  const unchecked = fill('OWN-0001', { postFillChecks: allOk(lpg.postFillItems.slice(1)) })
  for (const body of [lawful, refurbished, uncertified, unchecked]) await post(station, '/fills', body)
  await post(countyTeam, '/field-findings/equipment-in-use', {
    findingId: 'FIND-0001',
    region: '330106',
    location: 'boiler room, No. 3 Road',
    foundOn: '2026-05-30',
    category: 'boiler',
    usingOrganisationId: 'restaurant-7',
  })
  await settle()

  t.test('each practice recorded through the services is found once, nothing for the lawful fill', async (t) => {
    const res = await get(countyTeam, '/enforcement/violations')
    t.equal(res.statusCode, 200)
    const found = (
      res.json().items as { category: string; subReason: string; subjectId: string; organisationId: string }[]
    )
      .map((v) => `${v.category}/${v.subReason}/${v.subjectId}/${v.organisationId}`)
      .sort()
    t.same(
      found,
      [
        `equipment_unregistered_or_uninspected/unregistered_in_use/FIND-0001/restaurant-7`,
        `fill_checks_missing/post_fill_check_incomplete/${unchecked.fillId}/${station.organisationId}`,
        `noncompliant_cylinder_filled/refurbished/${refurbished.fillId}/${station.organisationId}`,
        `operator_uncertified/no_certificate/${uncertified.fillId}/${station.organisationId}`,
      ].sort(),
    )
    t.equal((await get(otherTeam, '/enforcement/violations')).json().items.length, 0, 'another county sees none')
  })

  t.test('the evidence of the refurbished fill is the fill and the registration that says so', async (t) => {
    const [violation] = (await get(countyTeam, '/enforcement/violations?subReason=refurbished')).json().items
    const res = await get(countyTeam, `/enforcement/violations/${encodeURIComponent(violation.id)}/evidence`)
    const events = res.json().events as { type: string; data: Record<string, unknown> }[]
    t.same(
      events.map((e) => e.type),
      ['CylinderFilled', 'CylinderRegistered'],
    )
    t.equal(events[0]?.data['fillId'], refurbished.fillId)
    t.equal(events[1]?.data['refurbished'], true)
  })

  t.test('the station summary grades it from those violations', async (t) => {
    const res = (await get(countyTeam, `/enforcement/organisations/${station.organisationId}/summary`)).json()
    t.equal(res.openViolations, 3)
    t.same(
      [res.risk.score, res.risk.grade],
      [21, 'D'],
      'a filling station 8, its cylinders 3 (riskCatalogueRules); refurbished 5 + uncertified 4 + checks 1, all recent',
    )
  })

  t.test(
    'an entrustment ended on the eve of its first day: the fill under it is found, as the check said',
    async (t) => {
      const customer = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
      await post(station, '/cylinders', {
        ...cylinder,
        cylinderCode: 'CUST-0001',
        ownerOrganisationId: customer.organisationId,
      })
      await post(customer, '/cylinders/CUST-0001/entrustments', {
        stationId: station.organisationId,
        entrustedFrom: '2026-06-01',
      })
      // The station ends it at once: its last day is the eve of the first, so it never was in force.
      await post(station, '/cylinders/CUST-0001/entrustments/end', { endedOn: '2026-05-31' })
      await settle()
      const customerFill = fill('CUST-0001')
      const recorded = await post(station, '/fills', customerFill)
      t.same(recorded.findings.reasons, ['not_owned_nor_entrusted'], 'the register says: not entrusted')
      await settle()
      const res = await get(countyTeam, '/enforcement/violations?subReason=not_owned_nor_entrusted')
      t.same(
        (res.json().items as { subjectId: string; organisationId: string }[]).map(
          (v) => `${v.subjectId}/${v.organisationId}`,
        ),
        [`${customerFill.fillId}/${station.organisationId}`],
        'enforcement finds the same',
      )
    },
  )
  t.test(
    'a certificate held before another region suspends its own: the check denies, enforcement finds the fill',
    async (t) => {
      const ningbo = await credentialFor(app, { kind: 'enforcement', region: '330200' })
      const certificate = (who: TestCredential, certificateNo: string, validFrom: string) =>
        post(who, '/operators/certificates', {
          personId: 'op-two',
          name: 'Zhao Liu',
          certificateNo,
          categories: ['P'],
          validFrom,
          validUntil: '2029-12-31',
          employerOrganisationId: station.organisationId,
        })
      await certificate(bureau, 'P-HZ-two', '2026-01-01')
      await certificate(ningbo, 'P-NB-two', '2026-02-01')
      await post(ningbo, '/operators/op-two/certificates/P-NB-two/suspend', {
        suspendedFrom: '2026-05-20',
        reason: 'unsafe filling',
      })
      await settle()
      const check = await post(station, '/fill-checks', { cylinderCode: 'OWN-0001', operatorId: 'op-two' })
      t.same(
        [check.decision, check.reasons.map((r: { code: string }) => r.code)],
        ['deny', ['operator_not_certified']],
        'the pre-fill check refuses the fill',
      )
      const body = fill('OWN-0001', { operatorId: 'op-two' })
      const recorded = await post(station, '/fills', body)
      t.same(recorded.findings.reasons, ['operator_not_certified'], 'the fill is recorded with the finding')
      await settle()
      const res = await get(countyTeam, '/enforcement/violations?subReason=certificate_suspended')
      const items = res.json().items as { id: string; subjectId: string; organisationId: string }[]
      t.same(
        items.map((v) => `${v.subjectId}/${v.organisationId}`),
        [`${body.fillId}/${station.organisationId}`],
        'enforcement finds the same',
      )
      const evidence = await get(countyTeam, `/enforcement/violations/${encodeURIComponent(items[0]!.id)}/evidence`)
      const events = evidence.json().events as { type: string; data: Record<string, unknown> }[]
      t.same(
        events.map((e) => e.type),
        ['CylinderFilled', 'OperatorCertificateSuspended'],
      )
      t.match(events[1]?.data, { personId: 'op-two', certificateNo: 'P-NB-two', regionCode: '330200' })
    },
  )
})
