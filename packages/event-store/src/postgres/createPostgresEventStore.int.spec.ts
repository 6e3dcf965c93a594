import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { eventStoreContract } from '../testing/index.ts'
import { createPostgresEventStore } from './createPostgresEventStore.ts'
import { eventStoreMigrations } from './eventStoreMigrations.ts'

forEachDatabase(t, async (t, db) => {
  t.same(
    await runMigrations(db.client, eventStoreMigrations),
    eventStoreMigrations.map((m) => m.name),
  )
  t.test('one transaction per append', async (t) => {
    eventStoreContract(t, () => createPostgresEventStore(db.client, { pollIntervalMs: 20, groupCommit: false }))
  })
  t.test('group commit (the default)', async (t) => {
    eventStoreContract(t, () => createPostgresEventStore(db.client, { pollIntervalMs: 20 }))
  })
})
