import t from 'tap'
import { fixedClock } from '@gsr/domain'
import { forEachDatabase } from '@gsr/db/testing'
import { createTestApp, credentialFor } from '../testing/index.ts'
import { requestToday } from '../dates/requestNow.ts'
import type { ServiceModule } from '../ServiceModule.ts'

/** A write that is refused (409, not kept) while `refusing`, else answers the day it decided with. */
let refusing = true
const clockedModule: ServiceModule = {
  name: 'clocked',
  async routes(app) {
    app.post('/clocked', { config: { auth: { roles: ['operator'] } } }, async (request, reply) => {
      if (refusing) return reply.code(409).send({ type: 'urn:gsr:problem:conflict', status: 409 })
      return reply.code(201).send({ today: requestToday(request) })
    })
  },
}

/**
 * A released claim keeps its first attempt's clock for a retry within the retry window (the
 * purge's 24 h), and no longer: each retry refreshes the row's age, so without that bound a client
 * retrying a refused request every few hours would keep an old "today" for ever and date a fact
 * (and pass the date windows) as of a day long gone.
 */
forEachDatabase(t, async (t, db) => {
  const clock = fixedClock('2026-06-01T10:00:00+08:00')
  const app = await createTestApp([clockedModule], { db, clock })
  t.teardown(() => app.close())
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106', role: 'operator' })
  const post = (key: string) =>
    app.inject({ method: 'POST', url: '/clocked', headers: { ...user.headers, 'idempotency-key': key }, payload: {} })
  const hours = (n: number) => clock.set(new Date(clock.now().getTime() + n * 3_600_000))

  t.test('a retry within the window decides with the first attempt’s day', async (t) => {
    clock.set('2026-06-01T20:00:00+08:00')
    refusing = true
    t.equal((await post('within')).statusCode, 409)
    hours(20)
    refusing = false
    const retry = await post('within')
    t.equal(retry.statusCode, 201, retry.body)
    t.same(retry.json(), { today: '2026-06-01' })
  })

  t.test('a key kept alive by refused retries does not carry its clock past the window', async (t) => {
    clock.set('2026-06-10T10:00:00+08:00')
    refusing = true
    t.equal((await post('kept-alive')).statusCode, 409)
    for (let i = 0; i < 3; i++) {
      hours(20)
      t.equal((await post('kept-alive')).statusCode, 409, 'refused again, the row refreshed')
    }
    // 60 h after the first attempt.
    refusing = false
    const late = await post('kept-alive')
    t.equal(late.statusCode, 201, late.body)
    t.same(late.json(), { today: '2026-06-12' }, 'its own day, not the first attempt’s 2026-06-10')
  })
})
