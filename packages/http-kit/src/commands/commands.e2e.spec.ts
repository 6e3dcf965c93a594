import t from 'tap'
import { z } from 'zod'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '@gsr/event-store'
import { HappenedDate } from '@gsr/events'
import { createTestApp, credentialFor } from '../testing/index.ts'
import type { ServiceModule } from '../ServiceModule.ts'
import { commandRoute } from './commandRoute.ts'
import { recordCommand } from './recordCommand.ts'
import { factId, recordFact } from './recordFact.ts'

/** A decider that reinstates whatever it is asked: the kit's path, not a domain rule, is under test. */
const reinstating = {
  initialState: () => 0,
  evolve: (count: number) => count + 1,
  decide: (command: { personId: string; on: string }) => [
    {
      type: 'OperatorCertificateReinstated' as const,
      data: { personId: command.personId, certificateNo: 'C-1', reinstatedOn: command.on, regionCode: '330106' },
    },
  ],
}

const Body = z.strictObject({ on: HappenedDate, recordId: z.uuid().optional() })
const Params = z.strictObject({ personId: z.string().max(64) })

const commandsModule: ServiceModule = {
  name: 'commands',
  async routes(app, ctx) {
    commandRoute(app, '/people/:personId/reinstatement', {
      kinds: ['enforcement'],
      tags: ['test'],
      summary: 'a decided command',
      params: Params,
      body: Body,
      record: (request, params, body) =>
        recordCommand(ctx, request, `operator-${params.personId}`, reinstating, { ...params, ...body }),
    })
    commandRoute(app, '/spot-checks', {
      kinds: ['enforcement'],
      tags: ['test'],
      summary: 'a fact with its own id',
      body: Body,
      refusals: [400, 401, 403, 409],
      record: (request, _params, body) => {
        const checkId = body.recordId ?? factId(request, 'spot-check')
        const data = {
          checkId,
          category: 'gas_leak_alarm',
          manufacturerId: 'm-1',
          modelNo: 'A-1',
          sampledFromOrganisationId: 's-1',
          sampledOn: body.on,
          result: 'pass',
          items: [{ item: 'alarm', result: 'pass' }],
          checkedBy: request.principal.organisationId,
          regionCode: '330106',
        }
        const event = { id: checkId, type: 'ApplianceSpotChecked', data }
        return recordFact(ctx, request, `spot-check-${checkId}`, event, `${body.on}T00:00:00+08:00`, 'recordId')
      },
    })
  },
}

forEachDatabase(t, async (t, db) => {
  const store = createPostgresEventStore(db.client)
  const app = await createTestApp([commandsModule], { db, eventStore: store })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  const team = await credentialFor(app, { kind: 'enforcement', region: '330106', role: 'operator' })
  const post = (url: string, payload: object, key?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...team.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload,
    })
  /** What a lost idempotency record looks like: the kit cannot replay the first reply. */
  const forget = (key: string) => db.client.query('DELETE FROM kit_idempotency WHERE key = $1', [key])

  t.test('a command replies 201 with what was recorded, under the caller and the field moment', async (t) => {
    const reply = await post('/people/p-1/reinstatement', { on: '2026-03-01' })
    t.equal(reply.statusCode, 201)
    t.match(reply.json(), {
      streamName: 'operator-p-1',
      revision: 0,
      events: [{ type: 'OperatorCertificateReinstated', data: { personId: 'p-1', reinstatedOn: '2026-03-01' } }],
    })
    const [event] = await store.readStream('operator-p-1')
    t.equal(event?.metadata.actor.organisationId, team.organisationId)
  })

  t.test('a retried command the kit cannot replay records nothing twice: ids from the Idempotency-Key', async (t) => {
    const first = await post('/people/p-2/reinstatement', { on: '2026-03-01' }, 'retry-command')
    t.equal(first.statusCode, 201)
    await forget('retry-command')
    const retry = await post('/people/p-2/reinstatement', { on: '2026-03-01' }, 'retry-command')
    t.equal(retry.statusCode, 201)
    t.equal((await store.readStream('operator-p-2')).length, 1, 'recorded once')
    await post('/people/p-2/reinstatement', { on: '2026-03-01' }, 'another-key')
    t.equal((await store.readStream('operator-p-2')).length, 2, 'another key is another command')
  })

  t.test('a fact without a client id: a retry under the same Idempotency-Key names the same fact', async (t) => {
    const first = await post('/spot-checks', { on: '2026-03-02' }, 'retry-fact')
    t.equal(first.statusCode, 201)
    await forget('retry-fact')
    const retry = await post('/spot-checks', { on: '2026-03-02' }, 'retry-fact')
    t.equal(retry.statusCode, 201)
    t.equal(retry.json().streamName, first.json().streamName, 'the same record id')
    t.equal((await store.readStream(first.json().streamName)).length, 1, 'recorded once')
  })

  t.test('a client id re-used for another fact: 409 naming the field, the first fact kept', async (t) => {
    const recordId = '0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4'
    t.equal((await post('/spot-checks', { on: '2026-03-03', recordId })).statusCode, 201)
    t.equal((await post('/spot-checks', { on: '2026-03-03', recordId })).statusCode, 201, 'the same fact again')
    const other = await post('/spot-checks', { on: '2026-03-04', recordId })
    t.equal(other.statusCode, 409)
    t.equal(other.json().type, 'urn:gsr:problem:record-id-conflict')
    t.match(other.json().errors, [{ field: 'recordId', in: 'body' }])
    const events = await store.readStream(`spot-check-${recordId}`)
    t.equal(events.length, 1)
    t.match(events[0]?.data, { sampledOn: '2026-03-03' })
  })
})
