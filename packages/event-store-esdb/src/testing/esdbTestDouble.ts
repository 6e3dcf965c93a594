import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import {
  Server,
  ServerCredentials,
  status,
  type ServerReadableStream,
  type ServerWritableStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js'
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb'
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb'
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb'

/**
 * TEST DOUBLE of a KurrentDB/EventStoreDB node, in process: the server side of the gRPC calls
 * `@eventstore/db-client` makes (ServerFeatures.GetSupportedMethods on connect, Streams.Append,
 * Streams.Read for stream and `$all` reads and catch-up subscriptions), built on the client's own
 * generated service definitions, so the real client talks to it over a real loopback socket.
 * It keeps everything in memory and is not a database. Each rule below names the server source it
 * follows (EventStore/EventStore, src/EventStore.Core/...); see the package README.
 */

const require = createRequire(import.meta.url)
const shared = require('@eventstore/db-client/generated/shared_pb.js') as typeof SharedPb
const streamsPb = require('@eventstore/db-client/generated/streams_pb.js') as typeof StreamsPb
const featuresPb = require('@eventstore/db-client/generated/serverfeatures_pb.js') as typeof ServerFeaturesPb
const { StreamsService } = require('@eventstore/db-client/generated/streams_grpc_pb.js') as {
  StreamsService: ServiceDefinition
}
const { ServerFeaturesService } = require('@eventstore/db-client/generated/serverfeatures_grpc_pb.js') as {
  ServerFeaturesService: ServiceDefinition
}

type ReadReq = StreamsPb.ReadReq
type ReadResp = StreamsPb.ReadResp
type AppendReq = StreamsPb.AppendReq
type AppendResp = StreamsPb.AppendResp

/** One event in the double's transaction log. */
export interface DoubleEvent {
  readonly streamName: string
  readonly revision: number
  readonly id: string
  readonly type: string
  readonly contentType: string
  readonly data: Uint8Array
  readonly metadata: Uint8Array
  /** Ticks of 100 ns since the Unix epoch, as the client's convertCreatedToDate reads them. */
  readonly created: bigint
  /** Log position of the event's record: commit and prepare positions are both this one. */
  readonly logPosition: number
}

export interface EsdbTestDoubleOptions {
  /**
   * After every `n` appends the double writes a `$statsCollected` event to
   * `$stats-127.0.0.1:2113`, as a real node does on its stats timer; default off.
   */
  readonly statsEveryAppends?: number
}

export interface DoubleCalls {
  appends: number
  /** Reads of a stream or of `$all` (not subscriptions). */
  reads: number
  /** Catch-up subscriptions to `$all`, and how many of them had a server-side filter. */
  subscriptions: number
  filteredSubscriptions: number
  /** Events written to subscribers: what a slow one holds back shows here. */
  subscriptionEventsSent: number
}

export interface EsdbTestDouble {
  /** `esdb://127.0.0.1:<port>?tls=false`, for `createEsdbEventStore` or `EventStoreDBClient`. */
  readonly connectionString: string
  /** Everything in `$all`, in log order, system events included. */
  readonly log: readonly DoubleEvent[]
  /** Calls served so far: how often a client asked, and how. */
  readonly calls: DoubleCalls
  /** Writes a server-owned event (`$`-prefixed stream and type), as the node itself does. */
  writeSystemEvent(streamName: string, type: string): DoubleEvent
  /** Ends every connection and call (a restart or a network cut), refuses connections for
   * `downForMs`, then listens again on the same port with the same log. */
  dropConnections(downForMs?: number): Promise<void>
  close(): Promise<void>
}

// Fixed part of a prepare record's size on disk: positions are byte offsets, not counters.
const RECORD_OVERHEAD = 90
const TICKS_PER_MS = 10_000n
const ALL_STREAM_END = 'end'

/** Starts the double on 127.0.0.1 at a free port. */
export async function startEsdbTestDouble(options: EsdbTestDoubleOptions = {}): Promise<EsdbTestDouble> {
  const log: DoubleEvent[] = []
  const streams = new Map<string, DoubleEvent[]>()
  const listeners = new Set<() => void>()
  let nextLogPosition = 0
  let appends = 0
  const calls: DoubleCalls = {
    appends: 0,
    reads: 0,
    subscriptions: 0,
    filteredSubscriptions: 0,
    subscriptionEventsSent: 0,
  }

  function writeRecord(
    streamName: string,
    proposed: { id: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array },
  ): DoubleEvent {
    const stream = streams.get(streamName) ?? []
    streams.set(streamName, stream)
    const event: DoubleEvent = {
      streamName,
      revision: stream.length,
      ...proposed,
      created: BigInt(Date.now()) * TICKS_PER_MS,
      logPosition: nextLogPosition,
    }
    nextLogPosition +=
      RECORD_OVERHEAD +
      Buffer.byteLength(streamName) +
      proposed.type.length +
      proposed.data.length +
      proposed.metadata.length
    stream.push(event)
    log.push(event)
    return event
  }

  function notify() {
    for (const listener of listeners) listener()
  }

  function writeSystemEvent(streamName: string, type: string): DoubleEvent {
    const data = Buffer.from(JSON.stringify({ at: new Date().toISOString() }))
    const event = writeRecord(streamName, {
      id: randomUUID(),
      type,
      contentType: 'application/json',
      data,
      metadata: new Uint8Array(),
    })
    notify()
    return event
  }

  // A fresh node's log is never empty: it writes its own settings and metadata first.
  writeSystemEvent('$settings', '$settings')
  writeSystemEvent('$$$scavenges', '$metadata')

  function newServer(): Server {
    const server = new Server()
    server.addService(ServerFeaturesService, {
      getSupportedMethods(_call: unknown, callback: (error: null, value: ServerFeaturesPb.SupportedMethods) => void) {
        const methods = ['read', 'append'].map((name) =>
          new featuresPb.SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name),
        )
        callback(
          null,
          new featuresPb.SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('0.0.0-test-double'),
        )
      },
    })
    server.addService(StreamsService, {
      append: (
        call: ServerReadableStream<AppendReq, AppendResp>,
        callback: (error: unknown, value?: AppendResp) => void,
      ) => handleAppend(call, callback),
      read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
        handleRead(call).catch((error: unknown) => {
          if (!call.cancelled) call.destroy(error instanceof Error ? error : new Error(String(error)))
        })
      },
    } as UntypedServiceImplementation)
    return server
  }

  function handleAppend(
    call: ServerReadableStream<AppendReq, AppendResp>,
    callback: (error: unknown, value?: AppendResp) => void,
  ) {
    let appendOptions: StreamsPb.AppendReq.Options | undefined
    const proposed: { id: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array }[] = []
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) appendOptions = request.getOptions()
      const message = request.getProposedMessage()
      if (message) {
        const map = message.getMetadataMap()
        proposed.push({
          id: message.getId()!.getString(),
          type: map.get('type') ?? '',
          contentType: map.get('content-type') ?? 'application/octet-stream',
          data: message.getData_asU8(),
          metadata: message.getCustomMetadata_asU8(),
        })
      }
    })
    call.on('end', () => {
      calls.appends++
      if (!appendOptions) return callback({ code: status.INVALID_ARGUMENT, details: 'options expected first' })
      const streamName = Buffer.from(appendOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8')
      callback(null, append(streamName, appendOptions, proposed))
    })
  }

  function append(
    streamName: string,
    appendOptions: StreamsPb.AppendReq.Options,
    proposed: { id: string; type: string; contentType: string; data: Uint8Array; metadata: Uint8Array }[],
  ): AppendResp {
    const stream = streams.get(streamName) ?? []
    const current = stream.length - 1 // -1: no stream
    const Case = streamsPb.AppendReq.Options.ExpectedStreamRevisionCase
    const expectedCase = appendOptions.getExpectedStreamRevisionCase()
    const expected =
      expectedCase === Case.REVISION
        ? Number(appendOptions.getRevision())
        : expectedCase === Case.NO_STREAM
          ? -1
          : undefined
    const decision = checkCommit(
      stream,
      current,
      expectedCase === Case.STREAM_EXISTS ? 'exists' : (expected ?? 'any'),
      proposed,
    )
    const response = new streamsPb.AppendResp()
    if (decision.kind === 'wrong') {
      const wrong = new streamsPb.AppendResp.WrongExpectedVersion()
      if (expectedCase === Case.REVISION) wrong.setExpectedRevision(String(expected))
      else if (expectedCase === Case.NO_STREAM) wrong.setExpectedNoStream(new shared.Empty())
      else if (expectedCase === Case.STREAM_EXISTS) wrong.setExpectedStreamExists(new shared.Empty())
      else wrong.setExpectedAny(new shared.Empty())
      if (current < 0) wrong.setCurrentNoStream(new shared.Empty())
      else wrong.setCurrentRevision(String(current))
      return response.setWrongExpectedVersion(wrong)
    }
    let last: DoubleEvent | undefined
    // StorageWriterService.WritePrepares: a write of no events still writes one empty prepare
    // record (no data, not an event: reads skip it) and the append answers its position.
    let emptyRecord: number | undefined
    if (decision.kind === 'idempotent') last = stream[decision.lastRevision]
    else if (proposed.length === 0) {
      emptyRecord = nextLogPosition
      nextLogPosition += RECORD_OVERHEAD + Buffer.byteLength(streamName)
    } else {
      for (const event of proposed) last = writeRecord(streamName, event)
      appends++
      if (options.statsEveryAppends && appends % options.statsEveryAppends === 0) {
        writeRecord('$stats-127.0.0.1:2113', {
          id: randomUUID(),
          type: '$statsCollected',
          contentType: 'application/json',
          data: Buffer.from('{}'),
          metadata: new Uint8Array(),
        })
      }
      notify()
    }
    const success = new streamsPb.AppendResp.Success()
    const revision = last?.revision ?? current
    if (revision < 0) success.setNoStream(new shared.Empty())
    else success.setCurrentRevision(String(revision))
    // Streams.Append.cs: Position.FromInt64(CommitPosition, PreparePosition), both the last record's
    // (WriteEvents.ClientSuccessMsg passes CommitPosition twice): a write's, its last event's
    // record (StorageChaser: CommitChased at the TransactionEnd prepare); a replay's, the
    // replayed last event's record (IndexWriter.CheckCommit: IdempotentLogPosition).
    const position = last?.logPosition ?? emptyRecord
    if (position !== undefined)
      success.setPosition(
        new streamsPb.AppendResp.Position().setCommitPosition(String(position)).setPreparePosition(String(position)),
      )
    else success.setNoPosition(new shared.Empty())
    return response.setSuccess(success)
  }

  async function handleRead(call: ServerWritableStream<ReadReq, ReadResp>) {
    const readOptions = call.request.getOptions()!
    if (!readOptions.hasSubscription()) calls.reads++
    else {
      calls.subscriptions++
      if (readOptions.hasFilter()) calls.filteredSubscriptions++
    }
    const backwards = readOptions.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS
    const filter = toFilter(readOptions)
    const uuidAsString = readOptions.getUuidOption()?.hasString() ?? true
    const write = (response: ReadResp) => writeWithBackpressure(call, response)
    const eventResponse = (event: DoubleEvent) =>
      new streamsPb.ReadResp().setEvent(toReadEvent(event, uuidAsString, readOptions.hasAll()))

    if (readOptions.hasStream()) {
      const streamOptions = readOptions.getStream()!
      const streamName = Buffer.from(streamOptions.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8')
      const stream = streams.get(streamName)
      if (!stream) {
        const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(
          new shared.StreamIdentifier().setStreamName(Buffer.from(streamName)),
        )
        await write(new streamsPb.ReadResp().setStreamNotFound(notFound))
        return call.end()
      }
      const count = Number(readOptions.getCount())
      const from = streamOptions.hasRevision()
        ? Number(streamOptions.getRevision())
        : streamOptions.hasEnd() === backwards
          ? backwards
            ? stream.length - 1
            : 0
          : backwards
            ? -1
            : stream.length
      const selected = backwards ? stream.slice(0, from + 1).reverse() : stream.slice(from)
      for (const event of selected.slice(0, count)) await write(eventResponse(event))
      return call.end()
    }

    const allOptions = readOptions.getAll()!
    const position = allOptions.hasPosition()
      ? Number(allOptions.getPosition()!.getCommitPosition())
      : allOptions.hasEnd()
        ? ALL_STREAM_END
        : 0

    if (!readOptions.hasSubscription()) {
      const count = Number(readOptions.getCount())
      // AllReader.cs: forwards from a position is inclusive; backwards reads what lies before it.
      const selected = backwards
        ? log.filter((e) => position === ALL_STREAM_END || e.logPosition < position).reverse()
        : log.filter((e) => position !== ALL_STREAM_END && e.logPosition >= position)
      let sent = 0
      for (const event of selected) {
        if (sent >= count) break
        if (filter && !filter.matches(event)) continue
        await write(eventResponse(event))
        sent++
      }
      return call.end()
    }

    // A catch-up subscription: confirmation, the past after the checkpoint (exclusive), caught-up,
    // then live events, written only as fast as the client reads them.
    await write(
      new streamsPb.ReadResp().setConfirmation(
        new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
      ),
    )
    let next =
      position === ALL_STREAM_END
        ? log.length
        : allOptions.hasPosition()
          ? log.findIndex((e) => e.logPosition > position)
          : 0
    if (next < 0) next = log.length
    const checkpointEvery = filter ? filter.window * filter.checkpointMultiplier : 0
    let scanned = 0
    let caughtUp = false
    while (!call.cancelled) {
      while (next < log.length && !call.cancelled) {
        const event = log[next++]!
        scanned++
        if (!filter || filter.matches(event)) {
          await write(eventResponse(event))
          calls.subscriptionEventsSent++
        } else if (checkpointEvery && scanned % checkpointEvery === 0) {
          await write(
            new streamsPb.ReadResp().setCheckpoint(
              new streamsPb.ReadResp.Checkpoint()
                .setCommitPosition(String(event.logPosition))
                .setPreparePosition(String(event.logPosition)),
            ),
          )
        }
      }
      if (!caughtUp) {
        caughtUp = true
        await write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()))
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          listeners.delete(wake)
          call.off('cancelled', wake)
          resolve()
        }
        listeners.add(wake)
        call.on('cancelled', wake)
      })
    }
  }

  function listen(server: Server, address: string): Promise<number> {
    return new Promise<number>((resolve, reject) =>
      server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    )
  }
  let server = newServer()
  const port = await listen(server, '127.0.0.1:0')

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    log,
    calls,
    writeSystemEvent,
    async dropConnections(downForMs = 0) {
      // A node restart or a network cut: every call and connection ends, the log stays.
      server.forceShutdown()
      for (const listener of listeners) listener()
      await new Promise((resolve) => setTimeout(resolve, downForMs))
      server = newServer()
      await listen(server, `127.0.0.1:${port}`)
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const listener of listeners) listener()
        // Clients keep their channel (and subscriptions their calls) open: end them after a grace.
        const force = setTimeout(() => {
          server.forceShutdown()
          resolve()
        }, 200)
        server.tryShutdown(() => {
          clearTimeout(force)
          resolve()
        })
      }),
  }
}

type Proposed = { id: string }
type CommitDecision = { kind: 'ok' } | { kind: 'wrong' } | { kind: 'idempotent'; lastRevision: number }

/**
 * IndexWriter.CheckCommit: with `any` (or stream-exists), ids already recorded in this stream,
 * all of them, in order, make an idempotent success; only some of them is "corrupted
 * idempotency", answered as wrong expected version. With an exact revision (or no-stream, -1)
 * behind the stream, the ids found at the following revisions make an idempotent success; a
 * first id that differs is a wrong expected version. Ahead of the stream: wrong expected version.
 */
export function checkCommit(
  stream: readonly { id: string }[],
  current: number,
  expected: number | 'any' | 'exists',
  proposed: readonly Proposed[],
): CommitDecision {
  if (expected === 'exists' && current < 0) return { kind: 'wrong' }
  if (expected === 'any' || expected === 'exists') {
    let start = -1
    for (const [i, event] of proposed.entries()) {
      const at = stream.findIndex((recorded) => recorded.id === event.id)
      if (at < 0 || (i > 0 && at !== start + i)) return i === 0 ? { kind: 'ok' } : { kind: 'wrong' }
      if (i === 0) start = at
    }
    return start < 0 ? { kind: 'ok' } : { kind: 'idempotent', lastRevision: start + proposed.length - 1 }
  }
  if (expected < current) {
    for (const [i, event] of proposed.entries()) {
      if (stream[expected + 1 + i]?.id !== event.id) return { kind: 'wrong' }
    }
    return proposed.length === 0 ? { kind: 'wrong' } : { kind: 'idempotent', lastRevision: expected + proposed.length }
  }
  if (expected > current) return { kind: 'wrong' }
  return { kind: 'ok' }
}

interface Filter {
  matches(event: DoubleEvent): boolean
  readonly window: number
  readonly checkpointMultiplier: number
}

/** Server-side filter (streams.proto FilterOptions): by stream name or event type, regex or prefixes. */
function toFilter(readOptions: StreamsPb.ReadReq.Options): Filter | undefined {
  if (!readOptions.hasFilter()) return undefined
  const filterOptions = readOptions.getFilter()!
  const onStream = filterOptions.hasStreamIdentifier()
  const expression = onStream ? filterOptions.getStreamIdentifier()! : filterOptions.getEventType()!
  const prefixes = expression.getPrefixList()
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined
  return {
    matches(event) {
      const subject = onStream ? event.streamName : event.type
      if (regex) return regex.test(subject)
      return prefixes.some((prefix) => subject.startsWith(prefix))
    },
    // The server's default window when the client asks for `count` is 32 events.
    window: filterOptions.hasMax() ? filterOptions.getMax() : 32,
    checkpointMultiplier: filterOptions.getCheckpointintervalmultiplier() || 1,
  }
}

function toReadEvent(event: DoubleEvent, uuidAsString: boolean, fromAll: boolean): StreamsPb.ReadResp.ReadEvent {
  const id = new shared.UUID()
  if (uuidAsString) id.setString(event.id)
  else {
    const hex = event.id.replaceAll('-', '')
    id.setStructured(
      new shared.UUID.Structured()
        .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
        .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString()),
    )
  }
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(id)
    .setStreamIdentifier(new shared.StreamIdentifier().setStreamName(Buffer.from(event.streamName)))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(String(event.logPosition))
    .setPreparePosition(String(event.logPosition))
    .setData(event.data)
    .setCustomMetadata(event.metadata)
  const map = recorded.getMetadataMap()
  map.set('type', event.type)
  map.set('content-type', event.contentType)
  map.set('created', String(event.created))
  const readEvent = new streamsPb.ReadResp.ReadEvent().setEvent(recorded)
  if (fromAll) readEvent.setCommitPosition(String(event.logPosition))
  else readEvent.setNoPosition(new shared.Empty())
  return readEvent
}

/** Waits for 'drain' when the socket's buffer is full: a slow reader slows the server. */
function writeWithBackpressure(call: ServerWritableStream<ReadReq, ReadResp>, response: ReadResp): Promise<void> {
  if (call.cancelled) return Promise.resolve()
  if (call.write(response)) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done)
      call.off('cancelled', done)
      resolve()
    }
    call.on('drain', done)
    call.on('cancelled', done)
  })
}
