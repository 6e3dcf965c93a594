import t from 'tap'
import { z } from 'zod'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore, type EventStore } from '@gsr/event-store'
import { createTestApp, credentialFor } from '../testing/index.ts'
import { eventMetadata } from '../eventMetadata.ts'
import type { ServiceModule } from '../ServiceModule.ts'
import { idempotentEventIds } from './idempotentEventIds.ts'
import { releaseAbandonedClaims } from './idempotency.ts'
import { purgeIdempotencyRecords } from './purgeIdempotencyRecords.ts'

/**
 * An event-sourced write as the services make them: event ids derived from the Idempotency-Key.
 * It appends to the store directly (its event type is not in the catalogue the kit's store checks).
 */
const recordModule = (store: EventStore): ServiceModule => ({
  name: 'records',
  async routes(app) {
    app.post(
      '/records/:id',
      {
        config: { auth: { roles: ['operator'] } },
        schema: { params: z.object({ id: z.string().max(64) }), body: z.strictObject({ value: z.string().max(100) }) },
      },
      async (request, reply) => {
        const stream = `record-${request.params.id}`
        const ids = idempotentEventIds(request, stream)
        const result = await store.appendToStream(stream, [
          {
            id: ids ? ids(0) : crypto.randomUUID(),
            type: 'Recorded',
            data: { value: request.body.value },
            metadata: eventMetadata(request),
          },
        ])
        return reply.code(201).send({ revision: result.nextExpectedRevision })
      },
    )
  },
})

const me = { instance: 'host-a:3000', incarnation: 'now' }

forEachDatabase(t, async (t, db) => {
  const store = createPostgresEventStore(db.client)
  const app = await createTestApp([recordModule(store)], { db, eventStore: store, idempotencyOwner: me })
  t.teardown(async () => {
    await app.close()
    await store.close()
  })
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106', role: 'operator' })
  const post = (id: string, value: string, key: string) =>
    app.inject({
      method: 'POST',
      url: `/records/${id}`,
      headers: { ...user.headers, 'idempotency-key': key },
      payload: { value },
    })
  const claim = (key: string, instance: string, incarnation: string) =>
    db.client.query(
      `INSERT INTO kit_idempotency (scope, key, request_hash, instance, incarnation, claim_id)
       VALUES ($1, $2, 'whatever', $3, $4, $2)`,
      [user.organisationId, key, instance, incarnation],
    )
  /** The crash keys still claimed (in progress, held); a released claim keeps its row without a holder. */
  const claims = async () =>
    (
      await db.client.query<{ key: string }>(
        'SELECT key FROM kit_idempotency WHERE status IS NULL AND claim_id IS NOT NULL AND key LIKE $1 ORDER BY key',
        ['crash-%'],
      )
    ).rows.map((row) => row.key)

  t.test('a start releases the claims its crashed predecessor left, and no live instance’s', async (t) => {
    await claim('crash-own', me.instance, 'before-the-crash')
    await claim('crash-other', 'host-b:3000', 'alive')
    t.equal(await releaseAbandonedClaims(db.client, me), 1, 'the earlier incarnation of this instance')
    t.same(await claims(), ['crash-other'], 'another instance may be alive: its claim stays')
    const started = Date.now()
    const retry = await post('r1', 'one', 'crash-own')
    t.equal(retry.statusCode, 201, 'the retry of the crashed request runs')
    t.ok(Date.now() - started < 2_000, 'at once, not after the 60 s takeover')
    t.equal(await releaseAbandonedClaims(db.client, me, { everyInstance: true }), 1, 'embedded: every other claim')
    t.same(await claims(), [])
  })

  t.test('this process’s own claim whose request is over is taken over at once', async (t) => {
    // What a request leaves when the database connection was lost as it tried to release its claim.
    await claim('crash-mine', me.instance, me.incarnation)
    const started = Date.now()
    const retry = await post('r2', 'two', 'crash-mine')
    t.equal(retry.statusCode, 201)
    t.ok(Date.now() - started < 2_000, 'not refused as in progress')
  })

  t.test('a key reused after its record was purged, for another body: 422, not 500', async (t) => {
    const first = await post('r3', 'first', 'purged-1')
    t.equal(first.statusCode, 201)
    await db.client.query(`UPDATE kit_idempotency SET created_at = now() - interval '25 hours' WHERE key = 'purged-1'`)
    t.ok((await purgeIdempotencyRecords(db.client, 24)) >= 1)
    const other = await post('r3', 'second', 'purged-1')
    t.equal(other.statusCode, 422)
    t.equal(other.json().type, 'urn:gsr:problem:idempotency-key-reused')
    t.match(other.json().errors, [{ field: 'Idempotency-Key' }])
    const events = await app.kit.eventStore.readStream('record-r3')
    t.equal(events.length, 1, 'recorded once')
  })
})
