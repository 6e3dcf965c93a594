import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { releaseAbandonedClaims } from '@gsr/http-kit'
import { credentialFor } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * A command whose day defaults to today, retried under its Idempotency-Key after the first
 * attempt recorded it but died before its reply was kept (a crash, a restart): the retry runs
 * the handler again, possibly the next day. It must decide what the first attempt decided (the
 * first attempt's day), be recognised as the same command, answer as the first did, and record
 * nothing. Before, the retry took the new day, differed from what was recorded, and was refused
 * (the equipment was already suspended).
 */
forEachDatabase(t, async (t, db) => {
  const { app, clock, ok, post, events } = await registryTestApp(t, db, '2026-06-01T10:00:00+08:00')
  const owner = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const restartAfterCrash = async (key: string) => {
    // What a process that died between its append and keeping the reply leaves: a claim in progress.
    await db.client.query(
      `UPDATE kit_idempotency SET status = NULL, content_type = NULL, body = NULL, completed_at = NULL,
           instance = 'gone:1', incarnation = 'before-the-crash', claim_id = 'dead'
       WHERE key = $1`,
      [key],
    )
    t.equal(await releaseAbandonedClaims(db.client, { instance: 'gone:1', incarnation: 'after' }), 1)
  }

  t.test('a suspension without its day, retried the next day after a crash', async (t) => {
    await ok(owner, '/equipment', {
      registrationCode: 'EL-RETRY-1',
      category: 'elevator',
      region: '330106',
      location: 'No. 1 Wenyi Rd',
      putIntoServiceDate: '2026-01-10',
      registeredOn: '2026-01-20',
    })
    const headers = { 'idempotency-key': 'suspend-EL-RETRY-1' }
    const first = await post(owner, '/equipment/EL-RETRY-1/suspend', { reason: 'repairs' }, headers)
    t.equal(first.statusCode, 201, first.body)
    t.match(first.json().events, [{ type: 'EquipmentSuspended', data: { suspendedOn: '2026-06-01' } }])
    const recorded = await events()

    await restartAfterCrash('suspend-EL-RETRY-1')
    clock.advanceDays(1)
    const retry = await post(owner, '/equipment/EL-RETRY-1/suspend', { reason: 'repairs' }, headers)
    t.equal(retry.statusCode, 201, retry.body)
    t.same(retry.json(), first.json(), 'the first attempt’s answer')
    t.equal(await events(), recorded, 'nothing recorded twice')

    // The same body under a new key is a new command, decided today: already suspended.
    const again = await post(
      owner,
      '/equipment/EL-RETRY-1/suspend',
      { reason: 'repairs' },
      { 'idempotency-key': 'new' },
    )
    t.equal(again.statusCode, 409, again.body)
    t.equal(await events(), recorded)
  })

  t.test(
    'a request that failed keeps its clock for its retry; another body under the key starts its own',
    async (t) => {
      clock.set('2026-06-10T10:00:00+08:00')
      await ok(owner, '/equipment', {
        registrationCode: 'EL-RETRY-2',
        category: 'elevator',
        region: '330106',
        location: 'No. 2 Wenyi Rd',
        putIntoServiceDate: '2026-01-10',
        registeredOn: '2026-01-20',
      })
      // A refusal that is not kept (409): its claim is released with the day it was first tried.
      const headers = { 'idempotency-key': 'resume-EL-RETRY-2' }
      const refused = await post(owner, '/equipment/EL-RETRY-2/resume', {}, headers)
      t.equal(refused.statusCode, 409, refused.body)
      const kept = await db.client.query<{ request_now: Date; claim_id: string | null }>(
        `SELECT request_now, claim_id FROM kit_idempotency WHERE key = $1`,
        ['resume-EL-RETRY-2'],
      )
      t.equal(kept.rows[0]?.claim_id, null, 'released')
      t.equal(new Date(kept.rows[0]!.request_now).toISOString(), '2026-06-10T02:00:00.000Z')

      clock.advanceDays(2)
      const suspended = await post(owner, '/equipment/EL-RETRY-2/suspend', { reason: 'gas leak' }, headers)
      t.equal(suspended.statusCode, 201, 'another body under the released key is another request')
      t.match(suspended.json().events, [{ data: { suspendedOn: '2026-06-12' } }], 'decided on its own day')
    },
  )
})
