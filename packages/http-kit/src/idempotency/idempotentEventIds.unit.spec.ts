import t from 'tap'
import type { FastifyRequest } from 'fastify'
import { idempotentEventIds } from './idempotentEventIds.ts'

const request = (key: string | undefined, organisationId = 'org-1') =>
  ({
    headers: key === undefined ? {} : { 'idempotency-key': key },
    principal: { organisationId },
  }) as unknown as FastifyRequest

t.test('same key, stream and index give the same UUID; anything else differs', async (t) => {
  const ids = idempotentEventIds(request('k1'), 'cylinder-1')
  if (!ids) throw new Error('expected ids')
  t.match(ids(0), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.equal(ids(0), idempotentEventIds(request('k1'), 'cylinder-1')?.(0))
  t.not(ids(0), ids(1))
  t.not(ids(0), idempotentEventIds(request('k1'), 'cylinder-2')?.(0))
  t.not(ids(0), idempotentEventIds(request('k2'), 'cylinder-1')?.(0))
  t.not(ids(0), idempotentEventIds(request('k1', 'org-2'), 'cylinder-1')?.(0))
  t.equal(idempotentEventIds(request(undefined), 'cylinder-1'), undefined)
})
