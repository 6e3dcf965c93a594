import { isDeepStrictEqual } from 'node:util'
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client'
import {
  EventIdConflictError,
  comparePositions,
  subscribeByPolling,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeOptions,
} from '@gsr/event-store'
import {
  fromEsdbError,
  fromEsdbEvent,
  fromEsdbPosition,
  isSystemEvent,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
} from './esdbMapping.ts'

export interface EsdbEventStoreOptions {
  /** How often a caught-up subscription polls the log; default 100 ms. */
  readonly pollIntervalMs?: number
  readonly subscriptionBatchSize?: number
}

/**
 * The event store on EventStoreDB/KurrentDB (cluster mode). The server gives streams, expected
 * revisions and a global log; what it does not give, we add: a content check on idempotent
 * replays (the server accepts a re-used id within a stream without comparing data), and
 * subscriptions by polling readAll so the consumer's pace drives the reads (backpressure).
 *
 * Known difference from the PostgreSQL adapter: event ids are unique per stream only; the
 * server has no index to refuse an id already used in another stream.
 */
export function createEsdbEventStore(connectionString: string, options: EsdbEventStoreOptions = {}): EventStore {
  const client = EventStoreDBClient.connectionString(connectionString)
  const pollIntervalMs = options.pollIntervalMs ?? 100
  const subscriptionBatchSize = options.subscriptionBatchSize ?? 500
  const subscriptions = new Set<AbortController>()

  async function appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = appendOptions.expectedRevision ?? 'any'
    let next: number
    try {
      const result = await client.appendToStream(streamName, events.map(toEsdbEvent), {
        expectedRevision: toEsdbExpectedRevision(expected),
      })
      next = Number(result.nextExpectedRevision)
    } catch (error) {
      throw fromEsdbError(error, streamName, expected, events[0]?.id)
    }
    if (events.length === 0)
      return { nextExpectedRevision: next, position: (await headPosition()) ?? { commit: 0, prepare: 0 } }
    // An idempotent replay reports the original revisions: what is stored there must be what we sent.
    const stored = await readStream(streamName, { fromRevision: next - events.length + 1, maxCount: events.length })
    events.forEach((event, i) => {
      const found = stored[i]
      if (
        !found ||
        found.id !== event.id ||
        found.type !== event.type ||
        !isDeepStrictEqual(found.data, asStoredJson(event.data))
      ) {
        throw new EventIdConflictError(event.id, streamName)
      }
    })
    return { nextExpectedRevision: next, position: stored.at(-1)!.position }
  }

  async function readStream(streamName: string, readOptions: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = []
    try {
      const read = client.readStream(streamName, {
        direction: FORWARDS,
        fromRevision: BigInt(readOptions.fromRevision ?? 0),
        ...(readOptions.maxCount !== undefined ? { maxCount: readOptions.maxCount } : {}),
      })
      for await (const resolved of read) if (resolved.event) events.push(fromEsdbEvent(resolved.event))
    } catch (error) {
      if (error instanceof StreamNotFoundError) return []
      throw error
    }
    return events
  }

  async function readAll(readOptions: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = readOptions.after
    const maxCount = readOptions.maxCount ?? Number.POSITIVE_INFINITY
    const events: RecordedEvent[] = []
    if (maxCount <= 0) return events
    // The server's `fromPosition` is inclusive and counts its own events: skip both here.
    const read = client.readAll({ direction: FORWARDS, fromPosition: after ? toEsdbPosition(after) : START })
    for await (const resolved of read) {
      const event = resolved.event
      if (!event || isSystemEvent(event)) continue
      const recorded = fromEsdbEvent(event)
      if (after && comparePositions(recorded.position, after) <= 0) continue
      events.push(recorded)
      if (events.length >= maxCount) break
    }
    return events
  }

  async function headPosition(): Promise<GlobalPosition | undefined> {
    const read = client.readAll({ direction: BACKWARDS, fromPosition: END })
    for await (const resolved of read) {
      if (resolved.event && !isSystemEvent(resolved.event)) return fromEsdbPosition(resolved.event.position)
    }
    return undefined
  }

  async function* subscription(subscribeOptions: SubscribeOptions): AsyncGenerator<RecordedEvent> {
    const controller = new AbortController()
    subscriptions.add(controller)
    try {
      yield* subscribeByPolling(readAll, {
        ...(subscribeOptions.after ? { after: subscribeOptions.after } : {}),
        batchSize: subscribeOptions.batchSize ?? subscriptionBatchSize,
        pollIntervalMs,
        signal: subscribeOptions.signal
          ? AbortSignal.any([subscribeOptions.signal, controller.signal])
          : controller.signal,
      })
    } finally {
      subscriptions.delete(controller)
    }
  }

  return {
    appendToStream,
    readStream,
    readAll,
    subscribeToAll: (subscribeOptions = {}) => ({ [Symbol.asyncIterator]: () => subscription(subscribeOptions) }),
    headPosition,
    async close() {
      for (const controller of subscriptions) controller.abort()
      await client.dispose()
    },
  }
}

/** What the server hands back for `data`: its JSON form (no undefined fields, dates as strings). */
function asStoredJson(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data ?? null)) as unknown
}
