import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { runMigrations } from '@gsr/db'
import { forEachDatabase } from '@gsr/db/testing'
import { createPostgresEventStore } from '../postgres/createPostgresEventStore.ts'
import { eventStoreMigrations } from '../postgres/eventStoreMigrations.ts'
import { newEvent, readAllUntil } from '../testing/index.ts'
import { anchorMigrations } from './anchorMigrations.ts'
import { recordAnchor } from './anchorLog.ts'
import { publicKeyText } from './anchorSigning.ts'
import { verifyLog } from './verifyLog.ts'

const { privateKey } = generateKeyPairSync('ed25519')

forEachDatabase(t, async (t, db) => {
  await runMigrations(db.client, [...eventStoreMigrations, ...anchorMigrations])

  t.test('anchors taken while appends run (group commit, shared streams) all match the log', async (t) => {
    const writers = [createPostgresEventStore(db.client, { groupCommit: false }), createPostgresEventStore(db.client)]
    t.teardown(() => Promise.all(writers.map((w) => w.close())))
    const store = writers[0]!
    let appending = true
    let appended = 0
    const appenders = Array.from({ length: 8 }, async (_, i) => {
      for (let n = 0; (appending || n < 5) && n < 400; n++) {
        // PGlite answers without a trip through the event loop: let the anchorer's timer run.
        await new Promise((resolve) => setImmediate(resolve))
        // Half the writers share two streams (concurrent appends to one stream), half use their own.
        const stream = i % 2 === 0 ? `shared-${i % 4}` : `own-${i}`
        await writers[i % 2]!.appendToStream(stream, [newEvent('Load', { i, n })])
        appended++
      }
    })
    const anchors = []
    for (let k = 0; k < 4; k++) {
      await new Promise((resolve) => setTimeout(resolve, 150))
      anchors.push((await recordAnchor(store, db.client, privateKey)).anchor)
    }
    appending = false
    await Promise.all(appenders)
    await readAllUntil(store, {}, (events) => events.length >= appended)
    anchors.push((await recordAnchor(store, db.client, privateKey)).anchor)
    t.ok(new Set(anchors.map((a) => a.statement.sequence)).size >= 3, 'several anchors, each at its own position')
    const report = await verifyLog(store, db.client, {
      trustedKeys: [publicKeyText(privateKey)],
      eventStoreSql: db.client,
    })
    t.same(report, { events: appended, streams: 6, anchors: anchors.at(-1)!.statement.sequence })
  })
})
