import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { createPgliteClient, runMigrations } from '@gsr/db'
import { anchorMigrations, publicKeyText, recordAnchor, verifyLog } from '@gsr/event-store'
import { newEvent, uniqueStream } from '@gsr/event-store/testing'
import { createEsdbEventStore } from '@gsr/event-store-esdb'
import { startEsdbTestDouble } from '@gsr/event-store-esdb/testing'

// The cluster mode: events on EventStoreDB (the adapter chains them in metadata), anchors in SQL.
t.test('the EventStoreDB log verifies and is anchored through the adapter', async (t) => {
  const double = await startEsdbTestDouble({ statsEveryAppends: 3 })
  const store = createEsdbEventStore(double.connectionString)
  const sql = await createPgliteClient()
  t.teardown(async () => {
    await store.close()
    await sql.close()
    await double.close()
  })
  await runMigrations(sql, anchorMigrations)
  const { privateKey } = generateKeyPairSync('ed25519')
  const streams = [uniqueStream('anchored'), uniqueStream('anchored')]
  await store.appendToStream(streams[0]!, [newEvent('A'), newEvent('B')])
  await Promise.all(Array.from({ length: 5 }, (_, i) => store.appendToStream(streams[1]!, [newEvent(`Racing${i}`)])))
  const { anchor } = await recordAnchor(store, sql, privateKey)
  t.equal(anchor.statement.events, 7)
  t.equal(anchor.statement.streams, 2)
  await store.appendToStream(streams[0]!, [newEvent('C')], { expectedRevision: 1 })
  const report = await verifyLog(store, sql, { trustedKeys: [publicKeyText(privateKey)] })
  t.same(report, { events: 8, streams: 2, anchors: 1 }, 'every event chained, the anchor matches')
})
