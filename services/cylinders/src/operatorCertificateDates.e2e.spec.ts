import t from 'tap'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { catchUpProjections, createTestApp, credentialFor, type TestCredential } from '@gsr/http-kit/testing'
import { cylindersService } from './cylindersService.ts'

// 2026-06-01 10:00 China time.
const clock = fixedClock('2026-06-01T02:00:00Z')

/**
 * A reinstatement ends the suspension in force from its own day. Dated before that suspension
 * began it would end it before it started, and the suspension would vanish from every day it
 * covered: fills by the operator while suspended would turn lawful after the fact. It is
 * refused (422 naming reinstatedOn), nothing is written, and the operator stays suspended. A
 * suspension or a revocation is never dated before the certificate's first valid day (its issue):
 * it would speak of a certificate not yet issued (422 naming the field).
 */
forEachDatabase(t, async (t, db) => {
  const app = await createTestApp([cylindersService], { db, clock })
  t.teardown(() => app.close())
  const bureau = await credentialFor(app, { kind: 'enforcement', region: '330100' })
  const station = await credentialFor(app, { kind: 'filling_station', region: '330106' })
  const post = (who: TestCredential, url: string, payload: unknown) =>
    app.inject({ method: 'POST', url, headers: who.headers, payload: payload as object })
  const get = (who: TestCredential, url: string) => app.inject({ method: 'GET', url, headers: who.headers })
  const events = async () =>
    Number((await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events')).rows[0]?.n)
  const settle = async () => {
    await waitUntilReadable(db.client)
    await catchUpProjections(app)
  }
  const validityOn = async (day: string) =>
    (await get(station, `/operators/op-1/validity?category=P&at=${day}T02:00:00Z`)).json().status as string

  t.equal(
    (
      await post(bureau, '/operators/certificates', {
        personId: 'op-1',
        name: 'Li Si',
        certificateNo: 'P-op-1',
        categories: ['P'],
        validFrom: '2026-01-01',
        validUntil: '2029-12-31',
        employerOrganisationId: station.organisationId,
      })
    ).statusCode,
    201,
  )
  const suspended = await post(bureau, '/operators/op-1/certificates/P-op-1/suspend', {
    suspendedFrom: '2026-05-20',
    reason: 'unsafe filling',
  })
  t.equal(suspended.statusCode, 201, suspended.body)
  await settle()
  t.equal(await validityOn('2026-05-25'), 'suspended')

  t.test('a reinstatement dated before the suspension began is refused', async (t) => {
    const before = await events()
    const res = await post(bureau, '/operators/op-1/certificates/P-op-1/reinstate', { reinstatedOn: '2026-05-01' })
    t.equal(res.statusCode, 422, res.body)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json(), {
      type: 'urn:gsr:problem:reinstated-before-suspension',
      errors: [{ field: 'reinstatedOn' }],
      detail: /2026-05-20/,
    })
    t.equal(await events(), before, 'nothing written')
    await settle()
    t.equal(await validityOn('2026-05-25'), 'suspended', 'the suspension still covers its days')
  })

  t.test('a reinstatement from the suspension’s first day or later ends it from that day', async (t) => {
    const res = await post(bureau, '/operators/op-1/certificates/P-op-1/reinstate', { reinstatedOn: '2026-05-28' })
    t.equal(res.statusCode, 201, res.body)
    await settle()
    t.equal(await validityOn('2026-05-25'), 'suspended')
    t.equal(await validityOn('2026-05-28'), 'valid')
  })

  t.test('a suspension or revocation is not dated before the certificate was issued', async (t) => {
    const issued = await post(bureau, '/operators/certificates', {
      personId: 'op-2',
      name: 'Wang Wu',
      certificateNo: 'P-op-2',
      categories: ['P'],
      validFrom: '2026-03-01',
      validUntil: '2029-12-31',
      employerOrganisationId: station.organisationId,
    })
    t.equal(issued.statusCode, 201, issued.body)
    const refused = async (path: string, payload: object, field: string) => {
      const before = await events()
      const res = await post(bureau, `/operators/op-2/certificates/P-op-2/${path}`, payload)
      t.equal(res.statusCode, 422, res.body)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.match(res.json(), { type: 'urn:gsr:problem:dated-before-issue', errors: [{ field }], detail: /2026-03-01/ })
      t.equal(await events(), before, 'nothing written')
    }
    await refused(
      'suspend',
      { suspendedFrom: '2026-02-01', suspendedUntil: '2026-03-15', reason: 'x' },
      'suspendedFrom',
    )
    await refused('revoke', { revokedOn: '2026-02-15', reason: 'fraud' }, 'revokedOn')
    const suspended = await post(bureau, '/operators/op-2/certificates/P-op-2/suspend', {
      suspendedFrom: '2026-03-01',
      suspendedUntil: '2026-03-15',
      reason: 'review',
    })
    t.equal(suspended.statusCode, 201, suspended.body)
    const revoked = await post(bureau, '/operators/op-2/certificates/P-op-2/revoke', {
      revokedOn: '2026-03-20',
      reason: 'fraud',
    })
    t.equal(revoked.statusCode, 201, revoked.body)
  })
})
