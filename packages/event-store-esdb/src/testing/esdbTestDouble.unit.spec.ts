import { randomUUID } from 'node:crypto'
import t from 'tap'
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  type AllStreamResolvedEvent,
  type Position,
} from '@eventstore/db-client'
import { checkCommit, startEsdbTestDouble } from './esdbTestDouble.ts'

/**
 * The test double against the real client, over a loopback socket: the server rules it claims
 * (see the package README) hold as the client sees them.
 */

const ids = (...names: string[]) => names.map((id) => ({ id }))

t.test('checkCommit: the server decisions of IndexWriter.CheckCommit', async (t) => {
  const stream = ids('a', 'b', 'c')
  t.same(checkCommit([], -1, -1, ids('x')), { kind: 'ok' }, 'no_stream on a new stream writes')
  t.same(checkCommit(stream, 2, 2, ids('x')), { kind: 'ok' }, 'the exact current revision writes')
  t.same(checkCommit(stream, 2, 5, ids('x')), { kind: 'wrong' }, 'a revision ahead is wrong')
  t.same(checkCommit([], -1, 0, ids('x')), { kind: 'wrong' }, 'a revision on a missing stream is wrong')
  t.same(checkCommit(stream, 2, -1, ids('a', 'b')), { kind: 'idempotent', lastRevision: 1 }, 'no_stream replay')
  t.same(checkCommit(stream, 2, 0, ids('b')), { kind: 'idempotent', lastRevision: 1 }, 'revision replay')
  t.same(checkCommit(stream, 2, 0, ids('x')), { kind: 'wrong' }, 'a revision behind with other ids is wrong')
  t.same(checkCommit(stream, 2, 0, ids('b', 'x')), { kind: 'wrong' }, 'part of a batch is corrupted idempotency')
  t.same(checkCommit(stream, 2, 'any', ids('b', 'c')), { kind: 'idempotent', lastRevision: 2 }, 'any replay')
  t.same(checkCommit(stream, 2, 'any', ids('x', 'a')), { kind: 'ok' }, 'any with a new first id writes')
  t.same(checkCommit(stream, 2, 'any', ids('a', 'x')), { kind: 'wrong' }, 'any with part of a batch is wrong')
  t.same(checkCommit([], -1, 'exists', ids('x')), { kind: 'wrong' }, 'stream_exists on a missing stream')
})

t.test('the real client over a loopback socket', async (t) => {
  const double = await startEsdbTestDouble()
  const client = EventStoreDBClient.connectionString(double.connectionString)
  t.teardown(async () => {
    await client.dispose()
    await double.close()
  })
  t.match(double.connectionString, /^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/, 'listens on loopback only')
  const event = (type: string, data: Record<string, unknown> = {}, id: string = randomUUID()) =>
    jsonEvent({ id, type, data, metadata: { by: 'spec' } })

  t.test('appends report the last record position; $all holds system events, in log order', async (t) => {
    const stream = `order-${randomUUID()}`
    const written = await client.appendToStream(stream, [event('A', { n: 1 }), event('B', { n: 2 })], {
      expectedRevision: NO_STREAM,
    })
    t.equal(written.nextExpectedRevision, 1n)
    const all: AllStreamResolvedEvent[] = []
    for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) all.push(resolved)
    t.ok(
      all.some((r) => r.event?.streamId === '$settings' && r.event.type === '$settings'),
      'the node writes its own events',
    )
    const positions = all.map((r) => r.event!.position)
    t.ok(
      positions.every((p, i) => p.commit === p.prepare && (i === 0 || p.commit > positions[i - 1]!.commit)),
      'commit = prepare, increasing byte offsets',
    )
    const ours = all.filter((r) => r.event?.streamId === stream)
    t.same(
      ours.map((r) => [r.event!.type, r.event!.data, r.event!.metadata, r.event!.revision]),
      [
        ['A', { n: 1 }, { by: 'spec' }, 0n],
        ['B', { n: 2 }, { by: 'spec' }, 1n],
      ],
    )
    t.same(written.position, ours[1]!.event!.position, 'the append reports the position of its last record')
    t.ok(ours[0]!.event!.created instanceof Date && Math.abs(ours[0]!.event!.created.getTime() - Date.now()) < 60_000)

    const from: Position = ours[1]!.event!.position
    const forwards = []
    for await (const r of client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: 1 })) forwards.push(r)
    t.equal(forwards[0]?.event?.id, ours[1]!.event!.id, 'forwards from a position includes it')
    const backwards = []
    for await (const r of client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: 1 })) backwards.push(r)
    t.equal(backwards[0]?.event?.id, ours[0]!.event!.id, 'backwards from a position starts before it')
    const last = []
    for await (const r of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) last.push(r)
    t.equal(last[0]?.event?.id, ours[1]!.event!.id, 'backwards from the end starts at the last record')
  })

  t.test('wrong expected version carries the stream, expected and actual revisions', async (t) => {
    const stream = `wev-${randomUUID()}`
    await client.appendToStream(stream, [event('A'), event('B')])
    const refused = await client.appendToStream(stream, [event('C')], { expectedRevision: 0n }).catch((e: unknown) => e)
    t.type(refused, WrongExpectedVersionError)
    const wrong = refused as WrongExpectedVersionError
    t.same([wrong.streamName, wrong.expectedVersion, wrong.actualVersion], [stream, 0n, 1n])
    const missing = await client
      .appendToStream(`missing-${randomUUID()}`, [event('C')], { expectedRevision: 3n })
      .catch((e: unknown) => e)
    t.equal((missing as WrongExpectedVersionError).actualVersion, 'no_stream', 'a missing stream is no_stream')
    const notFound = await (async () => {
      for await (const _ of client.readStream(`missing-${randomUUID()}`)) void _
    })().catch((e: unknown) => e)
    t.type(notFound, StreamNotFoundError, 'reading a missing stream is "stream not found"')
  })

  t.test('re-appending recorded ids is idempotent by id only: the original result, contents unchecked', async (t) => {
    const stream = `idem-${randomUUID()}`
    const a = event('A', { v: 1 })
    const b = event('B', { v: 2 })
    const first = await client.appendToStream(stream, [a, b], { expectedRevision: NO_STREAM })
    await client.appendToStream(stream, [event('C')])
    const again = await client.appendToStream(stream, [a, b], { expectedRevision: NO_STREAM })
    t.same([again.nextExpectedRevision, again.position], [first.nextExpectedRevision, first.position])
    const changed = await client.appendToStream(stream, [event('B', { v: 99 }, b.id)], { expectedRevision: 0n })
    t.equal(
      changed.nextExpectedRevision,
      1n,
      'a re-used id with other data is taken as a replay (the server cannot tell)',
    )
    const corrupted = await client.appendToStream(stream, [a, event('X')]).catch((e: unknown) => e)
    t.type(corrupted, WrongExpectedVersionError, 'part of a recorded batch is "corrupted idempotency"')
    const read = []
    for await (const r of client.readStream(stream)) read.push(r.event!.type)
    t.same(read, ['A', 'B', 'C'], 'recorded once')
  })

  t.test('an append of no events answers the position of the empty record it writes, not an event', async (t) => {
    const stream = `empty-${randomUUID()}`
    const written = await client.appendToStream(stream, [event('A')])
    const empty = await client.appendToStream(stream, [], { expectedRevision: 0n })
    t.equal(empty.nextExpectedRevision, 0n)
    t.ok(empty.position!.commit > written.position!.commit, 'a record after the last event')
    t.equal(empty.position!.commit, empty.position!.prepare)
    const after = await client.appendToStream(stream, [event('B')])
    const read = []
    for await (const r of client.readAll({ direction: FORWARDS, fromPosition: written.position! })) read.push(r.event!)
    t.same(
      read.filter((e) => e.streamId === stream).map((e) => [e.type, e.position]),
      [
        ['A', written.position],
        ['B', after.position],
      ],
      'reads skip the empty record; the next event lies after it',
    )
    t.ok(after.position!.commit > empty.position!.commit)
  })

  t.test('catch-up subscription: server-side filter, caught-up, then live, with checkpoints', async (t) => {
    const start = (await client.appendToStream(`sub-${randomUUID()}`, [event('Before')])).position!
    double.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected')
    const checkpoints: Position[] = []
    const subscription = client.subscribeToAll({
      fromPosition: start,
      filter: excludeSystemEvents({
        maxSearchWindow: 1,
        checkpointInterval: 1,
        checkpointReached: (_s, p) => void checkpoints.push(p),
      }),
    })
    let caughtUp = false
    subscription.on('caughtUp', () => (caughtUp = true))
    const stream = `sub-${randomUUID()}`
    const seen: string[] = []
    setTimeout(() => {
      void client.appendToStream(stream, [event('Live1')]).then(() => {
        double.writeSystemEvent('$stats-127.0.0.1:2113', '$statsCollected')
        return client.appendToStream(stream, [event('Live2')])
      })
    }, 50)
    for await (const resolved of subscription) {
      t.notOk(resolved.event!.type.startsWith('$'), 'no system event passes the filter')
      seen.push(resolved.event!.type)
      if (seen.length === 2) break
    }
    t.same(seen, ['Live1', 'Live2'], 'starts after the checkpoint (exclusive), then follows live')
    t.ok(caughtUp, 'signals caught-up')
    t.ok(checkpoints.length >= 1, 'filtered-out events still move the checkpoint')
  })
})
