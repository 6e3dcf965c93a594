import t from 'tap'
import type { ReadAllOptions, RecordedEvent } from './EventStore.ts'
import { subscribeByPolling } from './subscribeByPolling.ts'

const event = (n: number) =>
  ({ position: { commit: n, prepare: n }, type: 'Thing', streamName: `s-${n}` }) as unknown as RecordedEvent

t.test('a lost database connection does not end the subscription: it reads again', async (t) => {
  const log = [event(1), event(2), event(3)]
  let calls = 0
  const readAll = async (options: ReadAllOptions) => {
    calls++
    if (calls === 2)
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
    if (calls === 3) throw new Error('Connection terminated unexpectedly')
    const from = options.after ? Number((options.after as { commit: number }).commit) : 0
    return log.filter((e) => Number((e.position as { commit: number }).commit) > from).slice(0, options.maxCount)
  }
  const controller = new AbortController()
  const seen: string[] = []
  for await (const e of subscribeByPolling(readAll, { batchSize: 1, pollIntervalMs: 10, signal: controller.signal })) {
    seen.push(e.streamName)
    if (seen.length === 3) controller.abort()
  }
  t.same(seen, ['s-1', 's-2', 's-3'], 'every event, once, in order, across two lost connections')
})

t.test('any other error still ends it', async (t) => {
  const readAll = async () => {
    throw Object.assign(new Error('relation "es_events" does not exist'), { code: '42P01' })
  }
  await t.rejects(async () => {
    for await (const _ of subscribeByPolling(readAll, { batchSize: 10, pollIntervalMs: 10 })) void _
  }, /does not exist/)
})
