import t from 'tap'
import type { GlobalPosition, ReadAllOptions, RecordedEvent } from '@gsr/event-store'
import { SharedBatchReader } from './SharedBatchReader.ts'

/** An in-memory log: readAll returns the events after a position, as the port specifies. */
function log(size: number) {
  const events = Array.from({ length: size }, (_, i): RecordedEvent => ({
    id: `e${i}`,
    type: 'T',
    data: {},
    metadata: { actor: { organisationId: 'o', role: 'r' }, occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
    streamName: 's',
    revision: i,
    position: { commit: 1, prepare: i + 1 },
    recordedAt: new Date(0),
  }))
  const reads: string[] = []
  return {
    events,
    reads,
    async readAll(options: ReadAllOptions = {}) {
      const after = options.after?.prepare ?? 0
      reads.push(`${after}`)
      return events.filter((event) => event.position.prepare > after).slice(0, options.maxCount)
    },
  }
}
const at = (prepare: number): GlobalPosition => ({ commit: prepare === 0 ? 0 : 1, prepare })

t.test('projections at the same position share one read of a full batch', async (t) => {
  const store = log(25)
  const reader = new SharedBatchReader(store, 10, 4)
  const [a, b] = await Promise.all([reader.read(at(0)), reader.read(at(0))])
  t.equal(a, b)
  t.equal(a.length, 10)
  await reader.read(at(0))
  t.same(store.reads, ['0'])
})

t.test('a short batch is never reused: the log may have grown', async (t) => {
  const store = log(15)
  const reader = new SharedBatchReader(store, 10, 4)
  t.equal((await reader.read(at(10))).length, 5)
  store.events.push({ ...store.events[0]!, id: 'late', position: at(16) })
  t.equal((await reader.read(at(10))).length, 6)
  t.same(store.reads, ['10', '10'])
})

t.test('a failed read is forgotten; the oldest batches are evicted past capacity', async (t) => {
  const store = log(100)
  let fail = true
  const flaky = {
    readAll: (options?: ReadAllOptions) => (fail ? Promise.reject(new Error('down')) : store.readAll(options)),
  }
  const reader = new SharedBatchReader(flaky, 10, 2)
  await t.rejects(reader.read(at(0)), /down/)
  fail = false
  t.equal((await reader.read(at(0))).length, 10)
  await reader.read(at(10))
  await reader.read(at(20))
  await reader.read(at(0))
  t.same(store.reads, ['0', '10', '20', '0'], 'position 0 was evicted by the third batch')
})

t.test('read ahead: a full batch starts the read of the next one, which the caller then gets', async (t) => {
  const store = log(25)
  const reader = new SharedBatchReader(store, 10, 4, true)
  const first = await reader.read(at(0))
  await new Promise((resolve) => setImmediate(resolve))
  t.same(store.reads, ['0', '10'], 'the next batch was read before it was asked for')
  const second = await reader.read(first.at(-1)!.position)
  t.same(
    second.map((event) => event.id),
    store.events.slice(10, 20).map((event) => event.id),
  )
  await new Promise((resolve) => setImmediate(resolve))
  t.same(store.reads, ['0', '10', '20'], 'one batch ahead of the caller, never a chain of them')
  t.equal((await reader.read(second.at(-1)!.position)).length, 5)
  await new Promise((resolve) => setImmediate(resolve))
  t.same(
    store.reads,
    ['0', '10', '20', '20'],
    'a short batch read ahead is read again when asked for; nothing after it',
  )
})

t.test(
  'read ahead: a batch read ahead that came back short is read afresh, with what was appended since',
  async (t) => {
    const store = log(10)
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const gated = {
      async readAll(options?: ReadAllOptions) {
        const events = await store.readAll(options)
        if (options?.after?.prepare === 10) await gate
        return events
      },
    }
    const reader = new SharedBatchReader(gated, 10, 4, true)
    await reader.read(at(0))
    await new Promise((resolve) => setImmediate(resolve))
    // The read ahead of position 10 is still running when the caller asks for it; events
    // appended meanwhile (before the caller's own view of the head) must not be missed.
    const next = reader.read(at(10))
    store.events.push({ ...store.events[0]!, id: 'late', position: at(11) })
    release()
    t.same(
      (await next).map((event) => event.id),
      ['late'],
    )
    t.same(store.reads, ['0', '10', '10'])
  },
)

t.test('read ahead: a failed read ahead is not the caller’s failure', async (t) => {
  const store = log(25)
  let failAt: number | undefined = 10
  const flaky = {
    readAll: (options?: ReadAllOptions) =>
      options?.after?.prepare === failAt
        ? ((failAt = undefined), Promise.reject(new Error('down')))
        : store.readAll(options),
  }
  const reader = new SharedBatchReader(flaky, 10, 4, true)
  await reader.read(at(0))
  await new Promise((resolve) => setImmediate(resolve))
  t.equal((await reader.read(at(10))).length, 10)
})
