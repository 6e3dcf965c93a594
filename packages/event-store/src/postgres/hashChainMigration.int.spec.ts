import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { chainHashes, genesisHash } from '../chain/eventHash.ts'
import { newEvent } from '../testing/index.ts'
import { appendStatement, createPostgresEventStore } from './createPostgresEventStore.ts'
import { eventStoreMigrations } from './eventStoreMigrations.ts'

forEachDatabase(t, async (t, db) => {
  t.test('events recorded before the chain are chained once by the migration, and appends link to them', async (t) => {
    const chainAt = eventStoreMigrations.findIndex((m) => m.name === 'event_store_003_hash_chain')
    const beforeChain = eventStoreMigrations.slice(0, chainAt)
    t.equal(beforeChain.length, 2)
    await runMigrations(db.client, beforeChain)
    for (const stream of ['legacy-1', 'legacy-2'])
      for (let i = 0; i < 3; i++)
        await db.client.query(appendStatement, [stream, 1, JSON.stringify([newEvent('Old', { stream, i })]), 'any'])
    t.same(
      await runMigrations(db.client, eventStoreMigrations),
      eventStoreMigrations.slice(chainAt).map((m) => m.name),
    )
    const store = createPostgresEventStore(db.client)
    t.teardown(() => store.close())
    await store.appendToStream('legacy-1', [newEvent('New', { after: 'migration' })], { expectedRevision: 2 })
    for (const stream of ['legacy-1', 'legacy-2']) {
      const events = await store.readStream(stream)
      t.same(
        events.map((e) => e.hash),
        chainHashes(genesisHash, events),
        `${stream}: chained from its first event`,
      )
    }
  })
})
