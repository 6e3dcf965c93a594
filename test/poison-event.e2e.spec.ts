import { randomUUID } from 'node:crypto'
import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import type { RecordedEvent } from '@gsr/event-store'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 14, item 1 (c), end to end on the whole system: a poison event that reaches the log
 * without going through the HTTP checks (old data, a bug, another writer) is quarantined by the
 * projections it breaks, and they go on projecting the good events after it. Here, appended
 * with the store's API: fills with `filledAt` 1970-01-01 (no rule version in force: the
 * violations projection throws) and 0000-01-01 (PostgreSQL refuses the timestamp: the cylinder
 * register throws), a fill its catalogue rejects, and equipment put into service on 9999-12-31
 * (next inspection in the year 10000: the equipment register and the violations throw).
 */
const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

forEachDatabase(t, async (t, db) => {
  const system = await systemOnTestDatabase(t, db, clock)
  const { app, eventStore, runner } = system
  if (!runner) throw new Error('the postgres mode runs its projections in-process')
  const settle = async () => {
    await waitUntilReadable(db.client)
    await runner.catchUp()
  }
  const send = (method: 'GET' | 'POST', who: TestCredential | undefined, url: string, payload?: object) =>
    app.inject({ method, url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) })
  const post = async (who: TestCredential, url: string, payload: object) => {
    const res = await send('POST', who, url, payload)
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }

  const admin = await credentialFor(app, { kind: 'administrator', region: '330000' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const countyTeam = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const owner = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const equipment = (registrationCode: string) => ({
    registrationCode,
    category: 'elevator',
    region: '330106',
    location: 'No. 1 Wenyi Rd',
    // Registered within the registrationDeadline (today is 2026-06-01): no late-registration violation.
    putIntoServiceDate: '2026-05-20',
  })
  await post(owner, '/equipment', equipment('EL-BEFORE'))
  await post(countyTeam, '/operators/certificates', {
    personId: 'op-valid',
    name: 'Wang Wu',
    certificateNo: 'P-op-valid',
    categories: ['P'],
    validFrom: '2026-06-01',
    validUntil: '2030-05-31',
    employerOrganisationId: station.organisationId,
  })
  const cylinder = (cylinderCode: string) => ({
    cylinderCode,
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
  })
  const fill = (cylinderCode: string, operatorId = 'op-valid') => ({
    fillId: randomUUID(),
    cylinderCode,
    operatorId,
    filledAt: '2026-06-01T01:30:00Z',
    gas: 'LPG',
    quantityKg: 14.5,
    preFillChecks: allOk(lpg.preFillItems),
    postFillChecks: allOk(lpg.postFillItems),
  })
  await post(station, '/cylinders', cylinder('OWN-0001'))
  const lawful = fill('OWN-0001')
  await post(station, '/fills', lawful)
  await settle()

  // The poison: copies of the lawful fill's event with another fill id and a broken clock,
  // appended directly to the store as a writer bypassing HTTP would.
  const [recorded] = (await eventStore.readAll()).filter(
    (event): event is RecordedEvent<string, Record<string, unknown>> =>
      event.type === 'CylinderFilled' && (event.data as { fillId?: string }).fillId === lawful.fillId,
  )
  if (!recorded) throw new Error('the lawful fill was not recorded')
  const poison = async (change: Record<string, unknown>) => {
    const fillId = randomUUID()
    const id = randomUUID()
    await eventStore.appendToStream(recorded.streamName.replace(lawful.fillId, fillId), [
      { id, type: recorded.type, data: { ...recorded.data, fillId, ...change }, metadata: recorded.metadata },
    ])
    return id
  }
  const epoch = await poison({ filledAt: '1970-01-01T00:00:00Z' })
  const yearZero = await poison({ filledAt: '0000-01-01T00:00:00Z' })
  // Not what the catalogue says a fill is: it proves nothing, but is not skipped silently either.
  const negative = await poison({ quantityKg: -14.5 })
  // Equipment put into service on 9999-12-31: its next inspection falls in the year 10000.
  const [registered] = (await eventStore.readStream('equipment-EL-BEFORE')).filter(
    (event): event is RecordedEvent<string, Record<string, unknown>> => event.type === 'EquipmentRegistered',
  )
  if (!registered) throw new Error('the equipment was not registered')
  const farFuture = randomUUID()
  await eventStore.appendToStream('equipment-EL-POISON', [
    {
      id: farFuture,
      type: registered.type,
      data: {
        ...registered.data,
        registrationCode: 'EL-POISON',
        putIntoServiceDate: '9999-12-31',
        nextInspectionDue: '+010000-12-31',
      },
      metadata: registered.metadata,
    },
  ])

  // Good events after the poison, through HTTP.
  await post(station, '/cylinders', cylinder('AFTER-0001'))
  const uncertified = fill('OWN-0001', 'op-none')
  await post(station, '/fills', uncertified)
  await post(owner, '/equipment', equipment('EL-AFTER'))
  await settle()

  t.test(
    'the projections went on: the cylinder registered after the poison is known, the later violation found',
    async (t) => {
      for (const lag of await runner.lag()) t.equal(lag.eventsBehind, 0, `${lag.name} is at the head`)
      const after = await send('GET', owner, '/equipment/EL-AFTER')
      t.equal(after.statusCode, 200, `the equipment registered after the poison is in the register: ${after.body}`)
      const check = await post(station, '/fill-checks', { cylinderCode: 'AFTER-0001', operatorId: 'op-valid' })
      t.equal(check.decision, 'allow', `not "unregistered": ${JSON.stringify(check.reasons)}`)
      const violations = (await send('GET', countyTeam, '/enforcement/violations')).json().items as {
        subReason: string
        subjectId: string
      }[]
      t.same(
        violations.map((v) => `${v.subReason}/${v.subjectId}`),
        [`no_certificate/${uncertified.fillId}`],
      )
    },
  )

  t.test('each poison event is quarantined where it fails, with its error, listed for administrators', async (t) => {
    const list = async (name: string) => {
      const res = await send('GET', admin, `/admin/projections/${name}/quarantine`)
      t.equal(res.statusCode, 200, res.body)
      return res.json().items as { eventId: string; error: string; type: string; attempts: number }[]
    }
    const violations = await list('enforcement_violations')
    t.same(
      violations.map((entry) => entry.eventId).sort(),
      [epoch, yearZero, negative, farFuture].sort(),
      'the three fills and the equipment break the violations projection',
    )
    t.match(violations.find((entry) => entry.eventId === epoch)?.error, /1970-01-01/)
    t.match(
      violations.find((entry) => entry.eventId === negative)?.error,
      /^CylinderFilled [0-9a-f-]{36} does not match its catalogue schema: .*quantityKg/s,
    )
    const register = await list('gas_safety')
    t.same(
      register.map((entry) => entry.eventId),
      [yearZero],
      'the register (gas_safety) takes 1970 but not year 0',
    )
    t.match(register[0], { type: 'CylinderFilled', attempts: 3 })
    t.same(
      (await list('equipment_register')).map((entry) => entry.eventId),
      [farFuture],
      'the equipment register refuses the year 10000',
    )
    t.equal((await send('GET', station, '/admin/projections/gas_safety/quarantine')).statusCode, 403)
    t.equal((await send('GET', admin, '/admin/projections/nope/quarantine')).statusCode, 404)

    const first = (await send('GET', admin, '/admin/projections/enforcement_violations/quarantine?limit=2')).json()
    t.equal(first.items.length, 2)
    t.match(first.next, /^\d+:\d+$/, 'a cursor: the position of the last item')
    const rest = (
      await send('GET', admin, `/admin/projections/enforcement_violations/quarantine?limit=2&after=${first.next}`)
    ).json()
    t.same(
      [...first.items, ...rest.items].map((entry: { eventId: string }) => entry.eventId),
      violations.map((entry) => entry.eventId),
      'the pages walk the list in log order, each event once',
    )
    t.notOk(rest.next)
    const badCursor = await send('GET', admin, '/admin/projections/enforcement_violations/quarantine?after=yesterday')
    t.equal(badCursor.statusCode, 400)
    t.match(badCursor.json(), { errors: [{ field: 'after', in: 'querystring' }] })

    const state = (await send('GET', admin, '/admin/projections')).json().items as {
      name: string
      quarantinedEvents: number
    }[]
    t.match(Object.fromEntries(state.map((p) => [p.name, p.quarantinedEvents])), {
      enforcement_violations: 4,
      gas_safety: 1,
      equipment_register: 1,
    })
  })

  t.test('/ready is not ready while events are quarantined, and says which; the gauge counts them', async (t) => {
    const ready = await send('GET', undefined, '/ready')
    t.equal(ready.statusCode, 503)
    const quarantine = (ready.json().checks as { name: string; ok: boolean; detail?: string }[]).find(
      (check) => check.name === 'projection_quarantine',
    )
    t.equal(quarantine?.ok, false)
    t.match(quarantine?.detail, /enforcement_violations has 4 quarantined event\(s\)/)
    t.match(quarantine?.detail, /equipment_register has 1 quarantined event\(s\)/)
    t.match(quarantine?.detail, /gas_safety has 1 quarantined event\(s\)/)
    const metrics = (await send('GET', undefined, '/metrics')).body
    t.match(metrics, /gsr_projection_quarantined_events\{projection="gas_safety"\} 1/)
  })

  t.test('a retry of an event that still fails keeps it quarantined and the read model whole', async (t) => {
    const res = await send('POST', admin, '/admin/projections/gas_safety/quarantine/retry', {
      eventId: yearZero,
    })
    t.equal(res.statusCode, 200, res.body)
    t.match(res.json(), { method: 'rebuilt', retried: 1, applied: 0, stillQuarantined: [{ eventId: yearZero }] })
    const check = await post(station, '/fill-checks', { cylinderCode: 'AFTER-0001', operatorId: 'op-valid' })
    t.equal(check.decision, 'allow', 'the rebuilt register still knows the later cylinder')
    const unknown = await send('POST', admin, '/admin/projections/gas_safety/quarantine/retry', {
      eventId: randomUUID(),
    })
    t.equal(unknown.statusCode, 404)
    t.match(unknown.headers['content-type'], /application\/problem\+json/)
  })
})
