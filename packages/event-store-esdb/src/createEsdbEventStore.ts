import { isDeepStrictEqual } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  excludeSystemEvents,
  type AllStreamRecordedEvent,
  type Position,
} from '@eventstore/db-client'
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  chainHashes,
  comparePositions,
  genesisHash,
  implicitChain,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
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
import {
  defaultRetryPolicy,
  isTransientEsdbError,
  retryWhileUnreachable,
  type RetryPolicy,
} from './retryWhileUnreachable.ts'

export interface EsdbEventStoreOptions {
  /** Events a subscription buffers before it pauses the server (backpressure); default 500. */
  readonly subscriptionBatchSize?: number
  /** Events per `$all` read request; default 500. */
  readonly readPageSize?: number
  /** Backoff of reads and subscriptions while the node is unreachable. */
  readonly retry?: RetryPolicy
  /** How long `ping()` (readiness) waits for the node; default 2,000 ms. */
  readonly pingDeadlineMs?: number
  /**
   * How far back an `any` append looks for its own ids (an idempotent retry), default 256
   * events: the server would look through the whole stream, but the adapter appends with the
   * exact revision it chained to, so the server no longer does.
   */
  readonly anyTailSize?: number
}

/**
 * The event store on EventStoreDB/KurrentDB (cluster mode). The server gives streams, expected
 * revisions and a global log; what it does not give, we add: a content check on idempotent
 * replays (the server accepts a re-used id within a stream without comparing data). System
 * events (`$`-streams and types) are the server's: reads skip them, subscriptions filter them out
 * on the server.
 *
 * Known difference from the PostgreSQL adapter: event ids are unique per stream only; the
 * server has no index to refuse an id already used in another stream.
 */
export function createEsdbEventStore(connectionString: string, options: EsdbEventStoreOptions = {}): EventStore {
  const client = EventStoreDBClient.connectionString(connectionString)
  const subscriptionBatchSize = options.subscriptionBatchSize ?? 500
  const subscriptions = new Set<AbortController>()
  const readPageSize = options.readPageSize ?? 500
  const headPageSize = 32
  const retryPolicy = options.retry ?? defaultRetryPolicy
  const pingDeadlineMs = options.pingDeadlineMs ?? 2_000
  const anyTailSize = options.anyTailSize ?? 256
  const anyRetries = 50

  async function appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = appendOptions.expectedRevision ?? 'any'
    if (events.length === 0) {
      let next: number
      try {
        const result = await client.appendToStream(streamName, [], {
          expectedRevision: toEsdbExpectedRevision(expected),
        })
        next = Number(result.nextExpectedRevision)
      } catch (error) {
        if (isTransientEsdbError(error)) throw new EventStoreUnavailableError(error)
        throw fromEsdbError(error, streamName, expected)
      }
      return { nextExpectedRevision: next, position: (await headPosition()) ?? { commit: 0, prepare: 0 } }
    }
    return appendChained(streamName, events, expected)
  }

  /**
   * Appends with each event's chain link in its metadata. The link needs the predecessor's
   * hash, so the adapter must know which event its batch follows: with an exact revision that
   * event is read; with `no_stream` there is none; with `any` the stream's last event is read
   * and the append made with its exact revision, retried if another writer got there first (so
   * no batch ever links to an event that is not its predecessor). What the server does for an
   * `any` retry (find the ids in the stream) is done here on the stream's tail.
   *
   * The content check of an idempotent replay (the server compares ids only, and answers a
   * replay exactly as it answers a write) rides on that read: the exact-revision read also takes
   * the `events.length` revisions after the expected one, where the server would find a replay,
   * and the `any` read is the tail; a replay found there is compared here and answered without
   * appending. A fresh write returns the server's answer as it is: its revision and position are
   * those of the batch's last event (package README, "What an append returns"). `no_stream` has
   * no predecessor to read, so its check reads the revisions back after the append, as before.
   */
  async function appendChained(
    streamName: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt++) {
      let exact: ExpectedRevision = expected
      let previous = genesisHash
      if (expected === 'any') {
        const tail = await readTail(streamName)
        const replay = replayedIn(tail, events, streamName)
        if (replay !== undefined) return replayResult(replay, events, streamName)
        const last = tail.at(-1)
        exact = last ? last.revision : 'no_stream'
        if (last) previous = await linkOf(last)
      } else if (typeof expected === 'number') {
        const [predecessor, ...following] = await readStream(streamName, {
          fromRevision: expected,
          maxCount: events.length + 1,
        })
        if (predecessor?.revision === expected) previous = await linkOf(predecessor)
        // The ids the server would find right after the expected revision: a replay, seen before appending.
        if (following.length === events.length && following.every((found, i) => found.id === events[i]!.id))
          return replayResult(following, events, streamName)
      }
      const first = typeof exact === 'number' ? exact + 1 : 0
      const hashes = chainHashes(
        previous,
        events.map((event, i) => ({ ...event, streamName, revision: first + i })),
      )
      let answer: { nextExpectedRevision: bigint; position?: Position }
      try {
        answer = await client.appendToStream(
          streamName,
          events.map((event, i) => toEsdbEvent(event, hashes[i])),
          { expectedRevision: toEsdbExpectedRevision(exact) },
        )
      } catch (error) {
        // Not retried: the server may have written before the connection went (the caller resends the same ids).
        if (isTransientEsdbError(error)) throw new EventStoreUnavailableError(error)
        const mapped = fromEsdbError(error, streamName, exact, events[0]?.id)
        if (expected === 'any' && mapped instanceof WrongExpectedRevisionError && attempt < anyRetries) {
          await sleep(Math.random() * 5 * (attempt + 1))
          continue
        }
        throw mapped
      }
      const next = Number(answer.nextExpectedRevision)
      if (expected === 'no_stream') {
        // No read came before: a replay of a `no_stream` append is told apart only by reading it.
        const stored = await readStream(streamName, { fromRevision: next - events.length + 1, maxCount: events.length })
        return storedAs(stored, events, streamName)
      }
      // The server's answer; without a position (it could not read the replayed event's) the last event's own.
      const position = answer.position
        ? fromEsdbPosition(answer.position)
        : (await readStream(streamName, { fromRevision: next, maxCount: 1 }))[0]?.position
      if (!position) throw new Error(`the append to ${streamName} reported revision ${next}, not readable`)
      return { nextExpectedRevision: next, position }
    }
  }

  /**
   * An event's link. Events appended before the adapter chained (no hash in their metadata)
   * are chained implicitly, in revision order from the stream's start: the server never lets
   * them change, and the first anchor covers them (see @gsr/event-store's README).
   */
  async function linkOf(event: RecordedEvent): Promise<string> {
    if (event.hash) return event.hash
    const upTo = await readStream(event.streamName, { maxCount: event.revision + 1 })
    return implicitChain(upTo).at(-1) ?? genesisHash
  }

  /** The last `anyTailSize` events of a stream, oldest first; empty for a stream that does not exist. */
  async function readTail(streamName: string): Promise<RecordedEvent[]> {
    return retryReads(async () => {
      const events: RecordedEvent[] = []
      try {
        const read = client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: anyTailSize })
        for await (const resolved of read) if (resolved.event) events.push(fromEsdbEvent(resolved.event))
      } catch (error) {
        if (error instanceof StreamNotFoundError) return []
        throw error
      }
      return events.reverse()
    })
  }

  async function readStream(streamName: string, readOptions: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    return retryReads(async () => {
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
    })
  }

  /**
   * One page of `$all`, read to its end. Leaving a read early (a `break` in `for await`) leaves
   * the gRPC call's buffered responses unread: the call never finishes and `client.dispose()`
   * waits for it forever. So every read asks the server for no more than it will consume.
   */
  async function readAllPage(
    direction: typeof FORWARDS | typeof BACKWARDS,
    fromPosition: Position | typeof START | typeof END,
    maxCount: number,
  ): Promise<AllStreamRecordedEvent[]> {
    return retryReads(async () => {
      const page: AllStreamRecordedEvent[] = []
      for await (const resolved of client.readAll({ direction, fromPosition, maxCount })) {
        if (resolved.event) page.push(resolved.event)
      }
      return page
    })
  }

  /** Reads retry while the node is unreachable; when the policy gives up, the port's typed error. */
  async function retryReads<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await retryWhileUnreachable(read, retryPolicy)
    } catch (error) {
      throw isTransientEsdbError(error) ? new EventStoreUnavailableError(error) : error
    }
  }

  /** One read of the log's last record, no retry, within `pingDeadlineMs`: is the node there now? */
  async function ping(): Promise<void> {
    try {
      for await (const resolved of client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        deadline: pingDeadlineMs,
      }))
        void resolved
    } catch (error) {
      throw isTransientEsdbError(error) ? new EventStoreUnavailableError(error) : error
    }
  }

  async function readAll(readOptions: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = readOptions.maxCount ?? Number.POSITIVE_INFINITY
    const events: RecordedEvent[] = []
    let after = readOptions.after
    while (events.length < maxCount) {
      // The server's `fromPosition` is inclusive and counts its own events: skip both here.
      const page = await readAllPage(FORWARDS, after ? toEsdbPosition(after) : START, readPageSize)
      for (const event of page) {
        const recorded = isSystemEvent(event) ? undefined : fromEsdbEvent(event)
        if (recorded && !(after && comparePositions(recorded.position, after) <= 0) && events.length < maxCount)
          events.push(recorded)
      }
      const last = page.at(-1)?.position
      if (page.length < readPageSize || !last) break
      const lastPosition = fromEsdbPosition(last)
      if (after && comparePositions(lastPosition, after) <= 0) break
      after = lastPosition
    }
    return events
  }

  async function headPosition(): Promise<GlobalPosition | undefined> {
    let from: Position | typeof END = END
    for (;;) {
      const page = await readAllPage(BACKWARDS, from, headPageSize)
      const ours = page.find((event) => !isSystemEvent(event))
      if (ours?.position) return fromEsdbPosition(ours.position)
      const oldest = page.at(-1)?.position
      if (page.length < headPageSize || !oldest) return undefined
      from = oldest // backwards reads are exclusive of their start
    }
  }

  /**
   * The server's catch-up subscription to `$all`, resuming after the checkpoint, with a server-side
   * filter that leaves out system events. Backpressure: the client's stream pauses the gRPC call
   * when `batchSize` events wait unread, and HTTP/2 flow control then holds the server back.
   */
  async function* subscription(subscribeOptions: SubscribeOptions): AsyncGenerator<RecordedEvent> {
    const controller = new AbortController()
    subscriptions.add(controller)
    const signal = subscribeOptions.signal
      ? AbortSignal.any([subscribeOptions.signal, controller.signal])
      : controller.signal
    // Where to resume after a lost connection: the last event delivered.
    let after = subscribeOptions.after
    let delay = retryPolicy.initialDelayMs
    try {
      while (!signal.aborted) {
        const subscribed = client.subscribeToAll(
          { fromPosition: after ? toEsdbPosition(after) : START, filter: excludeSystemEvents() },
          { highWaterMark: subscribeOptions.batchSize ?? subscriptionBatchSize },
        )
        const unsubscribe = () => void subscribed.unsubscribe()
        signal.addEventListener('abort', unsubscribe, { once: true })
        try {
          for await (const resolved of subscribed) {
            if (signal.aborted) return
            const event = resolved.event
            // The filter is on event types; a `$`-stream written with an ordinary type stays ours to skip.
            if (!event || isSystemEvent(event)) continue
            const recorded = fromEsdbEvent(event)
            if (after && comparePositions(recorded.position, after) <= 0) continue
            delay = retryPolicy.initialDelayMs
            after = recorded.position
            yield recorded
          }
        } catch (error) {
          if (signal.aborted) return
          if (!isTransientEsdbError(error)) throw error
        } finally {
          signal.removeEventListener('abort', unsubscribe)
          await subscribed.unsubscribe()
        }
        // The call ended without our asking (node restart, network cut): resubscribe after a pause.
        await sleep(delay, undefined, { signal }).catch(() => undefined)
        delay = Math.min(delay * 2, retryPolicy.maxDelayMs)
      }
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
    ping,
    async close() {
      for (const controller of subscriptions) controller.abort()
      await client.dispose()
    },
  }
}

/** An idempotent replay found before appending: the original result, after the content check. */
function replayResult(stored: readonly RecordedEvent[], events: readonly NewEvent[], streamName: string): AppendResult {
  return { ...storedAs(stored, events, streamName), replayed: true }
}

/**
 * The result of an append of these very events, found stored at `stored` (same ids, in
 * order): its revision and its last event's position, when the types and data are those sent
 * too; the server compared ids only, so a re-used id with other content is a conflict here.
 */
function storedAs(stored: readonly RecordedEvent[], events: readonly NewEvent[], streamName: string): AppendResult {
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
  const last = stored[events.length - 1]!
  return { nextExpectedRevision: last.revision, position: last.position }
}

/** What the server hands back for `data`: its JSON form (no undefined fields, dates as strings). */
function asStoredJson(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data ?? null)) as unknown
}

/**
 * The stored events of an earlier append of these very events, when they are in the tail (ids in
 * order, consecutive); undefined when none of the ids is there; a conflict when only some are,
 * or in another order (as the server answers such a batch).
 */
function replayedIn(
  tail: readonly RecordedEvent[],
  events: readonly NewEvent[],
  streamName: string,
): RecordedEvent[] | undefined {
  const ids = new Set(events.map((event) => event.id))
  const start = tail.findIndex((event) => ids.has(event.id))
  if (start < 0) return undefined
  const found = tail.slice(start, start + events.length)
  if (found.length !== events.length || found.some((event, i) => event.id !== events[i]!.id))
    throw new EventIdConflictError(events[0]!.id, streamName)
  return found
}
