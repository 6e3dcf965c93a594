import t from 'tap'
import { UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client'
import { isTransientEsdbError, retryWhileUnreachable } from './retryWhileUnreachable.ts'

const fast = { initialDelayMs: 5, maxDelayMs: 20, giveUpAfterMs: 200 }

t.test('unreachable, not-leader and server-side cancellation are transient; refusals are not', async (t) => {
  t.ok(isTransientEsdbError(new UnavailableError()))
  t.ok(isTransientEsdbError({ type: 'not-leader' }), 'a leader change')
  t.ok(isTransientEsdbError({ code: 14, details: 'No connection established' }), 'a raw gRPC UNAVAILABLE')
  t.ok(isTransientEsdbError({ code: 1, details: 'Call cancelled' }), 'the node ended the call')
  t.notOk(
    isTransientEsdbError(new WrongExpectedVersionError(undefined, { streamName: 's', current: 1n, expected: 0n })),
  )
  t.notOk(isTransientEsdbError(new Error('boom')))
})

t.test('retries transient failures with backoff until the read succeeds', async (t) => {
  let attempts = 0
  const result = await retryWhileUnreachable(async () => {
    attempts++
    if (attempts < 3) throw new UnavailableError()
    return 'read'
  }, fast)
  t.same([result, attempts], ['read', 3])
})

t.test('a refusal is thrown at once; unreachable for too long is thrown at the end', async (t) => {
  let attempts = 0
  await t.rejects(
    retryWhileUnreachable(async () => {
      attempts++
      throw new Error('refused')
    }, fast),
    /refused/,
  )
  t.equal(attempts, 1)
  const started = Date.now()
  await t.rejects(
    retryWhileUnreachable(async () => {
      throw new UnavailableError()
    }, fast),
  )
  t.ok(Date.now() - started < 1_000, 'gives up after giveUpAfterMs')
})
