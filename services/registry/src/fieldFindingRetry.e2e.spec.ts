import t from 'tap'
import { forEachDatabase } from '@gsr/db/testing'
import { credentialFor } from '@gsr/http-kit/testing'
import { registryTestApp } from './testing/registryTestApp.ts'

/**
 * A field finding sent without a findingId and retried under its Idempotency-Key after the kit
 * lost its record of the first reply (a crash between the append and the reply, say) is the
 * same finding: recorded once, under the same id. A new id per attempt would record the team's
 * one visit twice, and the violation it proves would be counted twice.
 */
forEachDatabase(t, async (t, db) => {
  const { app, post } = await registryTestApp(t, db, '2026-06-01T02:00:00Z')
  const team = await credentialFor(app, { kind: 'enforcement', region: '330106' })
  const user = await credentialFor(app, { kind: 'equipment_user', region: '330106' })
  const recorded = async (type: string) =>
    Number(
      (await db.client.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events WHERE type = $1', [type]))
        .rows[0]?.n,
    )

  const cases = [
    {
      url: '/field-findings/equipment-in-use',
      type: 'EquipmentFoundInUse',
      body: { region: '330106', location: 'Rd 1', foundOn: '2026-05-30', category: 'elevator' },
    },
    {
      url: '/field-findings/operations',
      type: 'OperationFoundPerformed',
      body: {
        region: '330106',
        location: 'Rd 2',
        foundOn: '2026-05-30',
        performedAt: '2026-05-30T02:00:00Z',
        operatorPersonId: 'p-1',
        workCategory: 'Q2',
        organisationId: user.organisationId,
      },
    },
    {
      url: '/field-findings/pipelines-in-use',
      type: 'PipelineFoundInUse',
      body: { pipelineId: 'GP-FOUND-1', region: '330106', location: 'Rd 3', foundOn: '2026-05-30' },
    },
  ]
  for (const { url, type, body } of cases) {
    t.test(`${url} without a findingId, retried after the reply was lost, is recorded once`, async (t) => {
      const key = `retry-${type}`
      const first = await post(team, url, body, { 'idempotency-key': key })
      t.equal(first.statusCode, 201, first.body)
      t.equal(await recorded(type), 1)
      await db.client.query('DELETE FROM kit_idempotency WHERE key = $1', [key])
      const retry = await post(team, url, body, { 'idempotency-key': key })
      t.equal(retry.statusCode, 201, retry.body)
      t.equal(await recorded(type), 1, 'still one finding')
      t.same(
        retry.json().events.map((e: { data: { findingId: string } }) => e.data.findingId),
        first.json().events.map((e: { data: { findingId: string } }) => e.data.findingId),
        'the same finding id',
      )
    })
  }
})
