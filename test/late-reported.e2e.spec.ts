import { randomUUID } from 'node:crypto'
import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock, addDays, chinaDate } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { credentialFor, type TestCredential, callsAs } from '@gsr/http-kit/testing'
import { lateReportsProjectionName } from '@gsr/read-models/enforcement'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 14, item 4: a fact recorded more than the rule table's number of days after its field
 * day (`dateWindow.lateReportingDays`: fills 1, register facts 30) is marked late-reported (迟报)
 * at projection time, from occurredAt and recordedAt alone: visible on the record's timeline
 * and counted per organisation in the enforcement summary, the same after a rebuild.
 */
// recordedAt is stamped by the store with the real time, so the clock here is the real one.
const clock = fixedClock(new Date())
const today = chinaDate(clock.now())
const daysAgo = (days: number) => addDays(today, -days)
const lpg = cylinderTypeRuleOn('lpg_welded_steel', today).rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

forEachDatabase(t, async (t, db) => {
  const system = await systemOnTestDatabase(t, db, clock)
  const app = system.app
  const late = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const prompt = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const team = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const { get, post } = callsAs(app)
  const settle = async () => {
    await waitUntilReadable(db.client)
    await system.runner?.catchUp({ maxAttempts: 1 })
  }
  const register = (code: string, registeredOn: string) => ({
    registrationCode: code,
    category: 'elevator',
    region: '330106',
    location: 'Rd',
    putIntoServiceDate: daysAgo(100),
    registeredOn,
  })
  const fill = (filledAt: string) => ({
    fillId: randomUUID(),
    cylinderCode: 'CYL-1',
    operatorId: 'op-1',
    filledAt,
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: allOk(lpg.preFillItems),
    postFillChecks: allOk(lpg.postFillItems),
  })

  t.equal((await post(late, '/equipment', register('EL-LATE', daysAgo(61)))).statusCode, 201, '61 days late')
  t.equal((await post(late, '/equipment', register('EL-EDGE', daysAgo(30)))).statusCode, 201, '30 days: in time')
  t.equal((await post(prompt, '/equipment', register('EL-NOW', today))).statusCode, 201)
  t.equal(
    (
      await post(station, '/cylinders', {
        cylinderCode: 'CYL-1',
        cylinderType: 'lpg_welded_steel',
        gas: 'LPG',
        manufacturer: 'Works',
        manufactureDate: '2024-03-01',
        registeredOn: today,
      })
    ).statusCode,
    201,
  )
  t.equal((await post(station, '/fills', fill(`${daysAgo(3)}T15:00:00+08:00`))).statusCode, 201, 'a fill 3 days late')
  t.equal((await post(station, '/fills', fill(`${daysAgo(1)}T15:00:00+08:00`))).statusCode, 201, 'a fill 1 day after')
  t.equal((await post(station, '/fills', fill(clock.now().toISOString()))).statusCode, 201)
  await settle()

  t.test('visible on the record: the timeline marks the late registration with its delay', async (t) => {
    const events = (code: string) =>
      get(late, `/equipment/${code}/events`).then((r) => r.json().items as Record<string, unknown>[])
    t.match(await events('EL-LATE'), [{ type: 'EquipmentRegistered', lateReported: true, reportDelayDays: 61 }])
    t.match(await events('EL-EDGE'), [{ type: 'EquipmentRegistered', lateReported: false, reportDelayDays: 30 }])
  })

  const summary = async (who: TestCredential) => {
    const res = await get(team, `/enforcement/organisations/${who.organisationId}/summary?on=${today}`)
    t.equal(res.statusCode, 200, res.body)
    return res.json().lateReported
  }

  t.test('counted per organisation in the enforcement summary', async (t) => {
    t.same(await summary(late), { facts: 1, maxDelayDays: 61 })
    t.same(await summary(station), { facts: 1, maxDelayDays: 3 })
    t.same(await summary(prompt), { facts: 0, maxDelayDays: 0 })
  })

  t.test('the evidence of a violation shows the fill that proves it was reported late', async (t) => {
    const list = await get(team, `/enforcement/violations?organisationId=${station.organisationId}&limit=100`)
    t.equal(list.statusCode, 200, list.body)
    const delays = new Map<string, unknown>()
    for (const violation of list.json().items as { id: string }[]) {
      const evidence = await get(team, `/enforcement/violations/${encodeURIComponent(violation.id)}/evidence`)
      const events = evidence.json().events as {
        id: string
        type: string
        lateReported?: boolean
        reportDelayDays?: number
      }[]
      for (const event of events.filter((e) => e.type === 'CylinderFilled'))
        delays.set(event.id, [event.reportDelayDays, event.lateReported])
    }
    t.same(
      [...delays.values()].sort(),
      [
        [0, false],
        [1, false],
        [3, true],
      ],
      'each unlawful fill (the operator holds no certificate) with its delay',
    )
  })

  t.test('a pure function of the log: a rebuild marks the same facts', async (t) => {
    await system.runner?.rebuild(lateReportsProjectionName)
    await settle()
    t.same(await summary(late), { facts: 1, maxDelayDays: 61 })
    t.same(await summary(station), { facts: 1, maxDelayDays: 3 })
  })
})
