import t from 'tap'
import { ANY, NO_STREAM, WrongExpectedVersionError, type JSONRecordedEvent } from '@eventstore/db-client'
import { EventIdConflictError, WrongExpectedRevisionError, type NewEvent } from '@gsr/event-store'
import {
  fromEsdbError,
  fromEsdbEvent,
  fromEsdbPosition,
  isSystemEvent,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
} from './esdbMapping.ts'

const metadata = {
  actor: { organisationId: 'org-1', userId: 'u-1', role: 'filler' },
  occurredAt: '2026-03-04T05:06:07.000Z',
  correlationId: 'c-1',
  causationId: 'k-1',
  schemaVersion: 2,
}

t.test('expected revisions map to the client constants and bigints', async (t) => {
  t.equal(toEsdbExpectedRevision('any'), ANY)
  t.equal(toEsdbExpectedRevision('no_stream'), NO_STREAM)
  t.equal(toEsdbExpectedRevision(0), 0n)
  t.equal(toEsdbExpectedRevision(41), 41n)
  t.throws(() => toEsdbExpectedRevision(-1), RangeError, 'a negative revision is a caller bug')
  t.throws(() => toEsdbExpectedRevision(1.5), RangeError)
})

t.test('wrong expected version becomes the typed conflict with the actual revision', async (t) => {
  const behind = fromEsdbError(
    new WrongExpectedVersionError(undefined, { streamName: 'cylinder-1', expected: 3n, current: 5n }),
    'cylinder-1',
    3,
  )
  t.type(behind, WrongExpectedRevisionError)
  t.match(behind, { streamName: 'cylinder-1', expected: 3, actual: 5 })

  for (const current of [NO_STREAM, -1n] as const) {
    const missing = fromEsdbError(
      new WrongExpectedVersionError(undefined, { streamName: 'cylinder-2', expected: 0n, current }),
      'cylinder-2',
      0,
    )
    t.match(missing, { expected: 0, actual: 'no_stream' }, `missing stream reported as ${String(current)}`)
  }

  const exists = fromEsdbError(
    new WrongExpectedVersionError(undefined, { streamName: 'cylinder-3', expected: NO_STREAM, current: 0n }),
    'cylinder-3',
    'no_stream',
  )
  t.match(exists, { expected: 'no_stream', actual: 0 })

  const reused = fromEsdbError(
    new WrongExpectedVersionError(undefined, { streamName: 'cylinder-4', expected: ANY, current: 2n }),
    'cylinder-4',
    'any',
    'e-1',
  )
  t.type(reused, EventIdConflictError, 'with any, the server refuses a half-matching replay this way')
  t.match(reused, { eventId: 'e-1', streamName: 'cylinder-4' })

  const other = new Error('unavailable')
  t.equal(fromEsdbError(other, 's', 'any'), other, 'other errors pass through unchanged')
})

t.test('new events become JSON events with the metadata as the event metadata', async (t) => {
  const event: NewEvent = {
    id: '0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4',
    type: 'CylinderFilled',
    data: { kg: 12 },
    metadata,
  }
  t.same(toEsdbEvent(event), {
    id: event.id,
    contentType: 'application/json',
    type: 'CylinderFilled',
    data: { kg: 12 },
    metadata,
  })
  t.same(toEsdbEvent({ ...event, data: undefined }).data, null, 'missing data is stored as null')
})

t.test('recorded events map back with numeric revisions and positions', async (t) => {
  const created = new Date('2026-03-04T05:06:08.000Z')
  const recorded = {
    streamId: 'cylinder-9',
    id: '0b7c1f2e-3d4a-4b5c-8d6e-7f8091a2b3c4',
    isJson: true,
    revision: 7n,
    type: 'CylinderFilled',
    created,
    data: { kg: 12 },
    metadata,
    position: { commit: 123456n, prepare: 123400n },
  } as unknown as JSONRecordedEvent
  t.same(fromEsdbEvent(recorded), {
    id: recorded.id,
    type: 'CylinderFilled',
    data: { kg: 12 },
    metadata,
    streamName: 'cylinder-9',
    revision: 7,
    position: { commit: 123456, prepare: 123400 },
    recordedAt: created,
  })
  t.throws(() => fromEsdbEvent({ ...recorded, isJson: false } as unknown as JSONRecordedEvent), /not JSON/)
})

t.test('positions round-trip and system events are recognised', async (t) => {
  const position = { commit: 9_007_199_254_740_000, prepare: 42 }
  t.same(fromEsdbPosition(toEsdbPosition(position)), position)
  t.same(toEsdbPosition({ commit: 5, prepare: 4 }), { commit: 5n, prepare: 4n })
  t.ok(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: '$statsCollected' }))
  t.ok(isSystemEvent({ streamId: '$$$scavenges', type: '$metadata' }))
  t.ok(isSystemEvent({ streamId: 'cylinder-1', type: '$>' }), 'link events')
  t.notOk(isSystemEvent({ streamId: 'cylinder-1', type: 'CylinderFilled' }))
})
