import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { fixedClock } from '@gsr/domain'
import { cylinderTypeRuleOn } from '@gsr/domain/cylinders'
import { createPostgresEventStore, type GlobalPosition } from '@gsr/event-store'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { systemOnTestDatabase } from './systemOnTestDatabase.ts'

/**
 * Issue 14, item 1: the date window. The three poison requests of the issue (a fill from a
 * terminal whose clock reset to 1970, a fill in year 0000, equipment put into service on
 * 9999-12-31) are refused with 400 naming the field and write nothing, so no projection ever
 * sees them; the register keeps answering. Then the window per kind of field (rule table
 * `dateWindow`): historical dates may be old, terminal instants get a small skew, scheduled
 * dates may lie ahead up to 100 years, offsets stay within ±14:00.
 */
const clock = fixedClock('2026-06-01T02:00:00Z') // 10:00 China time
const lpg = cylinderTypeRuleOn('lpg_welded_steel', '2026-06-01').rule
const allOk = (items: readonly string[]) => items.map((item) => ({ item, answer: 'ok' }))

forEachDatabase(t, async (t, db) => {
  const system = await systemOnTestDatabase(t, db, clock)
  const app = system.app
  const store = createPostgresEventStore(db.client)
  t.teardown(() => store.close())
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const enforcement = await credentialFor(app, { kind: 'enforcement', region: '330100' })

  const post = (as: TestCredential, url: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, headers: { ...as.headers, ...headers }, payload })
  const head = async (): Promise<GlobalPosition | undefined> => {
    await waitUntilReadable(db.client)
    return store.headPosition()
  }
  const appendedSince = async (after: GlobalPosition | undefined) => {
    await waitUntilReadable(db.client)
    return store.readAll(after ? { after } : {})
  }
  const settle = async () => {
    await waitUntilReadable(db.client)
    await system.runner?.catchUp({ maxAttempts: 1 })
  }
  const cylinder = (code: string, extra: object = {}) => ({
    cylinderCode: code,
    cylinderType: 'lpg_welded_steel',
    gas: 'LPG',
    manufacturer: 'Works',
    manufactureDate: '2024-03-01',
    ...extra,
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
  t.equal((await post(station, '/cylinders', cylinder('CYL-1'))).statusCode, 201)

  const refused = async (
    t: Test,
    request: () => ReturnType<typeof post>,
    field: string,
    message: RegExp = /./,
  ): Promise<void> => {
    const before = await head()
    const res = await request()
    t.equal(res.statusCode, 400, res.body)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json(), { type: 'urn:gsr:problem:validation-failed', status: 400 })
    t.ok(
      (res.json().errors as { field: string; message: string }[]).some(
        (e) => e.field === field && message.test(e.message),
      ),
      `names ${field}: ${res.body}`,
    )
    t.same(await appendedSince(before), [], 'nothing appended')
  }

  t.test('the three poison requests of the issue: 400 naming the field, nothing written', async (t) => {
    await refused(t, () => post(station, '/fills', fill('1970-01-01T00:00:00Z')), 'filledAt', /2000-01-01/)
    await refused(t, () => post(station, '/fills', fill('0000-01-01T00:00:00Z')), 'filledAt')
    await refused(
      t,
      () =>
        post(user, '/equipment', {
          registrationCode: 'EL-9999',
          category: 'elevator',
          region: '330106',
          location: 'Rd',
          putIntoServiceDate: '9999-12-31',
        }),
      'putIntoServiceDate',
    )
    // In a batch the poison fill is rejected alone; the good one is recorded.
    const batch = await post(station, '/fills/batch', {
      fills: [fill('1970-01-01T00:00:00Z'), fill('2026-06-01T09:00:00+08:00')],
    })
    t.equal(batch.statusCode, 200, batch.body)
    t.match(batch.json(), {
      recorded: 1,
      rejected: 1,
      results: [{ index: 0, status: 'rejected', problem: { errors: [{ field: 'filledAt' }] } }, { index: 1 }],
    })
  })

  t.test(
    'the register keeps answering: a cylinder registered afterwards is registered at the pre-fill check',
    async (t) => {
      t.equal((await post(station, '/cylinders', cylinder('CYL-2'))).statusCode, 201)
      await settle()
      const check = await post(station, '/fill-checks', { cylinderCode: 'CYL-2' })
      t.equal(check.statusCode, 200, check.body)
      t.notOk(
        (check.json().reasons as { code: string }[]).some((r) => r.code === 'unregistered'),
        'not "unregistered"',
      )
    },
  )

  t.test('facts in the future are refused, within a small skew for terminal clocks; in Chinese too', async (t) => {
    await refused(t, () => post(station, '/fills', fill('2026-06-01T02:11:00Z')), 'filledAt')
    await refused(
      t,
      () => post(station, '/fills', fill('2026-06-02T09:00:00+08:00'), { 'accept-language': 'zh-CN' }),
      'filledAt',
      /未来/,
    )
    t.equal((await post(station, '/fills', fill('2026-06-01T02:09:00Z'))).statusCode, 201, 'within the skew')
    await refused(
      t,
      () => post(station, '/cylinders', cylinder('CYL-3', { registeredOn: '2026-06-02' })),
      'registeredOn',
    )
  })

  t.test('an occurredAt given must fall on the field day it dates', async (t) => {
    await refused(
      t,
      () =>
        post(
          station,
          '/cylinders',
          cylinder('CYL-4', { registeredOn: '2026-05-20', occurredAt: '2026-05-21T10:00:00+08:00' }),
        ),
      'occurredAt',
    )
    const res = await post(
      station,
      '/cylinders',
      cylinder('CYL-4', { registeredOn: '2026-05-20', occurredAt: '2026-05-20T23:30:00+08:00' }),
    )
    t.equal(res.statusCode, 201, res.body)
    const [event] = await store.readStream('cylinder-CYL-4')
    t.equal(event?.metadata.occurredAt, '2026-05-20T23:30:00+08:00')
  })

  t.test('offsets beyond ±14:00 and impossible instants are refused', async (t) => {
    await refused(t, () => post(station, '/fills', fill('2026-06-01T09:00:00+15:00')), 'filledAt')
    await refused(t, () => post(station, '/fills', fill('2026-06-01T09:00:00-14:30')), 'filledAt')
    t.equal((await post(station, '/fills', fill('2026-06-01T15:00:00+14:00'))).statusCode, 201, '+14:00 is a real zone')
  })

  t.test(
    'per kind of field: historical dates may be old, scheduled ones may lie ahead (up to 100 years)',
    async (t) => {
      const old = await post(station, '/cylinders', cylinder('CYL-1995', { manufactureDate: '1995-03-01' }))
      t.equal(old.statusCode, 201, 'a cylinder made in 1995 is real')
      await refused(
        t,
        () => post(station, '/cylinders', cylinder('CYL-1899', { manufactureDate: '1899-12-31' })),
        'manufactureDate',
      )
      const issue = (no: string, validUntil: string) =>
        post(enforcement, '/operators/certificates', {
          personId: `P-${no}`,
          name: '张三',
          certificateNo: no,
          categories: ['P'],
          validFrom: '2026-06-10',
          validUntil,
        })
      t.equal(
        (await issue('OP-1', '2030-06-09')).statusCode,
        201,
        'a certificate valid from next week, expiring in 2030',
      )
      await refused(t, () => issue('OP-2', '2126-06-02'), 'validUntil')
      await refused(t, () => post(station, '/fills', fill('1999-12-31T12:00:00+08:00')), 'filledAt', /2000-01-01/)
    },
  )
})
