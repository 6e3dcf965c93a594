import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import type { CommandDecider } from './handleCommand.ts'
import { handleCommand } from './handleCommand.ts'
import { createPostgresEventStore } from './postgres/createPostgresEventStore.ts'
import { eventStoreMigrations } from './postgres/eventStoreMigrations.ts'
import { contractMetadata as metadata, uniqueStream } from './testing/index.ts'

type Command = { type: 'Fill'; kg: number } | { type: 'Retire' }
type Event = { type: 'Filled'; data: { kg: number } } | { type: 'Retired'; data: Record<string, never> }
interface State {
  fills: number
  retired: boolean
}

const cylinder: CommandDecider<Command, Event, State> = {
  initialState: () => ({ fills: 0, retired: false }),
  evolve: (state, event) =>
    event.type === 'Filled' ? { ...state, fills: state.fills + 1 } : { ...state, retired: true },
  decide: (command, state) => {
    if (state.retired) throw new Error('retired cylinders are not filled')
    return command.type === 'Fill' ? [{ type: 'Filled', data: { kg: command.kg } }] : [{ type: 'Retired', data: {} }]
  },
}

forEachDatabase(t, async (t, db) => {
  await runMigrations(db.client, eventStoreMigrations)
  const store = createPostgresEventStore(db.client)

  t.test('folds the stream, decides, appends with ids and metadata, returns the new state', async (t) => {
    const stream = uniqueStream('cylinder')
    const first = await handleCommand(store, stream, cylinder, { type: 'Fill', kg: 10 }, { metadata })
    t.equal(first.nextExpectedRevision, 0)
    t.same(first.state, { fills: 1, retired: false })
    const second = await handleCommand(store, stream, cylinder, { type: 'Fill', kg: 11 }, { metadata })
    t.same([second.nextExpectedRevision, second.state.fills], [1, 2])
    const read = await store.readStream(stream)
    t.same(
      read.map((e) => [e.id, e.type, e.data, e.metadata]),
      [...first.newEvents, ...second.newEvents].map((e) => [e.id, 'Filled', e.data, metadata]),
    )
    await handleCommand(store, stream, cylinder, { type: 'Retire' }, { metadata })
    await t.rejects(handleCommand(store, stream, cylinder, { type: 'Fill', kg: 1 }, { metadata }), /retired/)
    t.equal((await store.readStream(stream)).length, 3, 'a refused command appends nothing')
  })

  t.test('a retry whose events already landed answers the first decision, not a refusal', async (t) => {
    const stream = uniqueStream('cylinder')
    await handleCommand(store, stream, cylinder, { type: 'Fill', kg: 10 }, { metadata })
    const eventIds = ['5e0c2a1b-7d3f-4e6a-9b8c-1d2e3f4a5b6c']
    const once = await handleCommand(store, stream, cylinder, { type: 'Retire' }, { metadata, eventIds })
    // The reply was lost; the same request again: deciding on the newer state would refuse (retired).
    const again = await handleCommand(store, stream, cylinder, { type: 'Retire' }, { metadata, eventIds })
    t.same(
      again.newEvents.map((e) => [e.id, e.type]),
      once.newEvents.map((e) => [e.id, e.type]),
    )
    t.equal(again.nextExpectedRevision, once.nextExpectedRevision)
    t.same(again.state, { fills: 1, retired: true })
    t.equal((await store.readStream(stream)).length, 2, 'nothing recorded twice')
    // Another command under the same ids is not a retry: decided on today's state, and refused.
    await t.rejects(handleCommand(store, stream, cylinder, { type: 'Fill', kg: 5 }, { metadata, eventIds }), /retired/)
  })

  t.test('deterministic ids make a retried command a no-op', async (t) => {
    const stream = uniqueStream('cylinder')
    const eventIds = ['0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4']
    const once = await handleCommand(store, stream, cylinder, { type: 'Fill', kg: 10 }, { metadata, eventIds })
    const twice = await handleCommand(store, stream, cylinder, { type: 'Fill', kg: 10 }, { metadata, eventIds })
    t.equal(twice.nextExpectedRevision, once.nextExpectedRevision)
    t.same(twice.state, { fills: 1, retired: false }, 'the state counts the fill once')
    t.same(
      (await store.readStream(stream)).map((e) => e.id),
      eventIds,
      'the fill is recorded once',
    )
  })

  t.test('concurrent commands on one stream are retried on conflict and all land', async (t) => {
    const stream = uniqueStream('cylinder')
    await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        handleCommand(store, stream, cylinder, { type: 'Fill', kg: i }, { metadata, maxAttempts: 5 }),
      ),
    )
    const read = await store.readStream(stream)
    t.same(
      read.map((e) => e.revision),
      [0, 1, 2],
    )
  })
})
