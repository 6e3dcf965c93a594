import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { waitUntilReadable } from '@gsr/event-store/testing'
import { fixedClock } from '@gsr/domain'
import type { ServiceModule } from './ServiceModule.ts'
import { eventMetadata } from './eventMetadata.ts'
import { createTestApp, credentialFor } from './testing/index.ts'

/**
 * Every append goes through the catalogue: a decided event its schema refuses (a date no store
 * can hold, a type no catalogue knows) is never written. Through a route it is an internal error:
 * 500 problem+json, logged, nothing appended.
 */
const registered = (nextInspectionDue: string) => ({
  registrationCode: 'EL-X-1',
  category: 'elevator',
  organisationId: 'org-1',
  region: '330106',
  location: 'Rd',
  attributes: {},
  putIntoServiceDate: '2026-01-10',
  registeredOn: '2026-03-01',
  registrationDeadline: '2026-02-09',
  late: true,
  registrationDeadlineRule: { name: 'registrationDeadline', version: '2022.1' },
  nextInspectionDue,
  nextInspectionDueRule: { name: 'inspectionIntervals', version: '2022.1' },
})

const faultyModule: ServiceModule = {
  name: 'faulty',
  async routes(app, ctx) {
    app.post('/faulty', { config: { auth: { kinds: ['equipment_user'] } } }, async (request) => {
      const data = registered((request.body as { due: string }).due)
      await ctx.eventStore.appendToStream('equipment-EL-X-1', [
        {
          id: '0190a9f0-0000-7000-8000-000000000001',
          type: 'EquipmentRegistered',
          data,
          metadata: eventMetadata(request),
        },
      ])
      return { ok: true }
    })
  },
}

forEachDatabase(t, async (t, db) => {
  const logged: unknown[] = []
  const logger = (await import('pino')).pino(
    { level: 'error' },
    { write: (line: string) => void logged.push(JSON.parse(line)) },
  )
  const app = await createTestApp([faultyModule], { db, clock: fixedClock('2026-03-01T02:00:00Z'), logger })
  t.teardown(() => app.close())
  const user = await credentialFor(app, { kind: 'equipment_user' })
  const count = async () => {
    await waitUntilReadable(db.client)
    return (await app.kit.eventStore.readStream('equipment-EL-X-1')).length
  }

  t.test('an event its catalogue schema refuses is not appended: 500 problem+json, logged', async (t) => {
    for (const due of ['+010000-12', '0000-01-01', '2026-02-30']) {
      const res = await app.inject({ method: 'POST', url: '/faulty', headers: user.headers, payload: { due } })
      t.equal(res.statusCode, 500, due)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.match(res.json(), { type: 'urn:gsr:problem:internal', status: 500 })
      t.equal(await count(), 0, `nothing appended for ${due}`)
    }
    t.ok(
      logged.some((l) => JSON.stringify(l).includes('does not match its catalogue schema')),
      'the refusal is logged with its cause',
    )
  })

  t.test('metadata.occurredAt is checked too, and unknown event types are refused', async (t) => {
    const metadata = {
      actor: { organisationId: 'o', role: 'admin' },
      occurredAt: '0000-01-01T00:00:00Z',
      schemaVersion: 1,
    }
    await t.rejects(
      app.kit.eventStore.appendToStream('equipment-EL-X-1', [
        {
          id: '0190a9f0-0000-7000-8000-000000000002',
          type: 'EquipmentRegistered',
          data: registered('2027-01-10'),
          metadata,
        },
      ]),
      { name: 'InvalidEventError' },
    )
    await t.rejects(
      app.kit.eventStore.appendToStream('x-1', [
        {
          id: '0190a9f0-0000-7000-8000-000000000003',
          type: 'NoSuchEvent',
          data: {},
          metadata: { ...metadata, occurredAt: '2026-01-01T00:00:00Z' },
        },
      ]),
      { name: 'InvalidEventError' },
    )
    t.equal(await count(), 0)
  })

  t.test('a valid event goes through', async (t) => {
    const res = await app.inject({
      method: 'POST',
      url: '/faulty',
      headers: user.headers,
      payload: { due: '2027-01-10' },
    })
    t.equal(res.statusCode, 200, res.body)
    t.equal(await count(), 1)
  })
})
