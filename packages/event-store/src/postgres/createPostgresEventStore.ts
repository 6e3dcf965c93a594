import type { SqlClient } from '@gsr/db'
import { AppendSignal } from '../appendSignal.ts'
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  HeldBackEvents,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../EventStore.ts'
import { EventIdConflictError, WrongExpectedRevisionError } from '../errors.ts'
import { startOfLog } from '../position.ts'
import { subscribeByPolling } from '../subscribeByPolling.ts'
import { appendGroupStatement } from './appendGroupStatement.ts'
import { GroupCommitter, type GroupCommitOptions, type PendingRequest } from './GroupCommitter.ts'

export interface PostgresEventStoreOptions {
  /** How often a caught-up subscription polls for events appended by other processes. */
  readonly pollIntervalMs?: number
  /** Default events per read while a subscription catches up. */
  readonly subscriptionBatchSize?: number
  /**
   * Coalesce concurrent appends of this process into shared transactions (one statement and one
   * commit for many appends); each caller still gets its own result or conflict. On by default
   * (it adapts: a lone append still goes alone, at once); `false` sends every append alone.
   */
  readonly groupCommit?: boolean | StoreGroupCommitOptions
}

export interface StoreGroupCommitOptions extends GroupCommitOptions {
  /**
   * Appends of at least this many events go alone, past the queue; default none: since
   * migration 005 a group of 8 appends of 10 events takes 0.6–0.7 of the database CPU of 8 alone.
   */
  readonly aloneFrom?: number
}

interface AppendRequest {
  readonly streamName: string
  readonly expected: ExpectedRevision
  readonly count: number
  /** The events as JSON text: one parameter whatever the batch size. */
  readonly batch: string
}

interface EventRow {
  sequence: number
  stream_name: string
  revision: number
  id: string
  type: string
  data: unknown
  metadata: EventMetadata
  recorded_at: Date
  commit: number
  hash: string
}

interface AppendedRow {
  revision: number
  sequence: number
  commit: number
}

interface ExistingRow {
  id: string
  stream_name: string
  type: string
  same_data: boolean
  revision: number
  sequence: number
  commit: number
}

/** One signal per client: every store over the same client wakes the others' subscriptions. */
const appendSignals = new WeakMap<SqlClient, AppendSignal>()
function appendSignalOf(sql: SqlClient): AppendSignal {
  let signal = appendSignals.get(sql)
  if (!signal) appendSignals.set(sql, (signal = new AppendSignal()))
  return signal
}

const eventColumns =
  "sequence, stream_name, revision, event_id::text AS id, type, data, metadata, recorded_at, transaction_id::text::int8 AS commit, encode(hash, 'hex') AS hash"

/** Only rows of transactions older than every running one: those can no longer be joined by a lower position. */
const visibleToReaders = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())'

/**
 * The statement of one append on its own: (stream, event count, the events as a JSON array,
 * expected revision as text). Exported so a benchmark can send exactly what the store sends.
 */
export const appendStatement = `SELECT out_revision AS revision, out_sequence AS sequence, out_commit AS commit
  FROM es_append($1::text, $2::int8, $3::text::jsonb, $4::text)`

/**
 * The event store on PostgreSQL, over node-postgres or PGlite with the same SQL. Run
 * `eventStoreMigrations` first. The store does not own `sql`: `close` ends subscriptions only.
 *
 * An append is one statement (so one implicit transaction, the shortest possible): the
 * es_append function moves the stream's revision (the expected-revision check is its
 * WHERE/ON CONFLICT clause, serialised by the stream row's lock) and inserts the events. Only when it changes nothing
 * or hits a used event id do we look closer, to tell a retry (success, original result) from
 * a conflict.
 */
export function createPostgresEventStore(sql: SqlClient, options: PostgresEventStoreOptions = {}): EventStore {
  const pollIntervalMs = options.pollIntervalMs ?? 50
  const subscriptionBatchSize = options.subscriptionBatchSize ?? 500
  const appended = appendSignalOf(sql)
  const subscriptions = new Set<AbortController>()

  const groupCommit = options.groupCommit ?? true
  const groupOptions = typeof groupCommit === 'object' ? groupCommit : {}
  const groupCommitter = groupCommit
    ? new GroupCommitter<AppendRequest, AppendResult>(appendGroup, {
        // PGlite is one connection: a second group in flight would only wait for the first.
        maxInFlight: sql.dialect === 'pglite' ? 1 : 4,
        ...groupOptions,
      })
    : undefined
  const aloneFrom = groupOptions.aloneFrom ?? Number.POSITIVE_INFINITY

  async function appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    appendOptions: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = appendOptions.expectedRevision ?? 'any'
    if (events.length === 0) return appendNothing(streamName, expected)
    assertDistinctIds(streamName, events)
    const batch = JSON.stringify(
      events.map((event) => ({ id: event.id, type: event.type, data: event.data ?? null, metadata: event.metadata })),
    )
    const request: AppendRequest = { streamName, expected, count: events.length, batch }
    const result =
      groupCommitter && request.count < aloneFrom ? await groupCommitter.submit(request) : await appendAlone(request)
    appended.notify()
    return result
  }

  /** One append, one statement (es_append, see eventStoreMigrations), one implicit transaction. */
  async function appendAlone(request: AppendRequest): Promise<AppendResult> {
    let rows: AppendedRow[]
    try {
      // Prepared once per connection (node-postgres): 0.85-0.88 of the unnamed statement's time.
      rows = (
        await sql.query<AppendedRow>(
          appendStatement,
          [request.streamName, request.count, request.batch, String(request.expected)],
          { name: 'es_append' },
        )
      ).rows
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      return explainRefusal(request, error)
    }
    return rows.length > 0 ? resultOf(rows) : explainRefusal(request)
  }

  /**
   * Several appends in one statement (es_append_group: one round trip, one transaction),
   * split into rounds that hold each stream at most once. Refused appends change nothing and
   * raise nothing; they are explained after the commit. If the group fails as a whole (a bad
   * event in one append, a stream busy in another transaction, an id raced in by another
   * process), it is halved until the append at fault runs alone, so only that one fails.
   */
  async function appendGroup(group: PendingRequest<AppendRequest, AppendResult>[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [PendingRequest<AppendRequest, AppendResult>]
      return appendAlone(only.request).then(only.resolve, only.reject)
    }
    const results = new Map<number, AppendedRow>()
    try {
      const { rows } = await sql.query<AppendedRow & { i: number }>(appendGroupStatement, [
        intoRounds(group.map((pending) => pending.request)),
      ])
      for (const row of rows) results.set(row.i, row)
    } catch {
      // One append at fault fails the whole statement: halve the group, one half after the other
      // (they may share streams), so the rest still share commits and the fault ends up alone.
      const half = Math.ceil(group.length / 2)
      await appendGroup(group.slice(0, half))
      await appendGroup(group.slice(half))
      return
    }
    await Promise.all(
      group.map(async (pending, i) => {
        const row = results.get(i)
        if (row) return pending.resolve(resultOf([row]))
        // An 'any' append is refused by the group only when its stream was created meanwhile, or
        // as a replay: alone, it waits for that stream or recognises the replay.
        if (pending.request.expected === 'any')
          return appendAlone(pending.request).then(pending.resolve, pending.reject)
        return explainRefusal(pending.request).then(pending.resolve, pending.reject)
      }),
    )
  }

  /** An append that changed nothing was either a replay of recorded events or a revision conflict. */
  async function explainRefusal(request: AppendRequest, cause?: unknown): Promise<AppendResult> {
    return (
      (await originalResult(request.streamName, request.batch, request.count)) ??
      throwRevisionConflict(request.streamName, request.expected, cause)
    )
  }

  /**
   * The result of the earlier append of these very events (same ids, stream, types, data, in
   * order), or undefined when none of the ids is used. A partial or different match is a conflict.
   */
  async function originalResult(streamName: string, batch: string, count: number): Promise<AppendResult | undefined> {
    const { rows } = await sql.query<ExistingRow>(
      // LIMIT 1 keeps the lateral subquery an index probe per id (no join plan that scans es_events).
      `SELECT e.event_id::text AS id, e.stream_name, e.type, e.data = x.doc->'data' AS same_data,
              e.revision, e.sequence, e.transaction_id::text::int8 AS commit
         FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS x(doc, ord)
        CROSS JOIN LATERAL (
          SELECT * FROM es_events WHERE event_id = (x.doc->>'id')::uuid LIMIT 1
        ) AS e
        ORDER BY x.ord`,
      [batch],
    )
    if (rows.length === 0) return undefined
    const sent = JSON.parse(batch) as { id: string; type: string }[]
    const first = rows[0]!
    const same =
      rows.length === count &&
      rows.every(
        (row, i) =>
          row.stream_name === streamName &&
          row.type === sent[i]?.type &&
          row.same_data &&
          row.revision === first.revision + i,
      )
    if (!same) {
      const differing = rows.find(
        (row, i) => row.stream_name !== streamName || row.type !== sent[i]?.type || !row.same_data,
      )
      throw new EventIdConflictError((differing ?? first).id, streamName)
    }
    const last = rows[rows.length - 1]!
    return {
      nextExpectedRevision: last.revision,
      position: { commit: last.commit, prepare: last.sequence },
      replayed: true,
    }
  }

  async function currentRevision(streamName: string): Promise<number | undefined> {
    const { rows } = await sql.query<{ revision: number }>('SELECT revision FROM es_streams WHERE stream_name = $1', [
      streamName,
    ])
    return rows[0]?.revision
  }

  async function throwRevisionConflict(
    streamName: string,
    expected: ExpectedRevision,
    cause?: unknown,
  ): Promise<never> {
    const actual = await currentRevision(streamName)
    if (cause !== undefined && matches(expected, actual)) throw cause
    throw new WrongExpectedRevisionError(streamName, expected, actual ?? 'no_stream')
  }

  async function appendNothing(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const actual = await currentRevision(streamName)
    if (!matches(expected, actual)) throw new WrongExpectedRevisionError(streamName, expected, actual ?? 'no_stream')
    return { nextExpectedRevision: actual ?? -1, position: (await headPosition()) ?? startOfLog, replayed: false }
  }

  async function readStream(streamName: string, readOptions: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await sql.query<EventRow>(
      `SELECT ${eventColumns} FROM es_events
        WHERE stream_name = $1 AND revision >= $2::int8
        ORDER BY revision LIMIT $3::int8`,
      [streamName, readOptions.fromRevision ?? 0, readOptions.maxCount ?? null],
    )
    return rows.map(toRecordedEvent)
  }

  async function readAll(readOptions: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = readOptions.after ?? startOfLog
    const { rows } = await sql.query<EventRow>(
      `SELECT ${eventColumns} FROM es_events
        WHERE (transaction_id, sequence) > ($1::text::xid8, $2::int8) AND ${visibleToReaders}
        ORDER BY transaction_id, sequence LIMIT $3::int8`,
      [String(after.commit), after.prepare, readOptions.maxCount ?? null],
    )
    return rows.map(toRecordedEvent)
  }

  async function headPosition(): Promise<GlobalPosition | undefined> {
    const { rows } = await sql.query<{ commit: number; prepare: number }>(
      `SELECT transaction_id::text::int8 AS commit, sequence AS prepare FROM es_events
        WHERE ${visibleToReaders}
        ORDER BY transaction_id DESC, sequence DESC LIMIT 1`,
    )
    const row = rows[0]
    return row ? { commit: row.commit, prepare: row.prepare } : undefined
  }

  async function heldBack(): Promise<HeldBackEvents> {
    // One statement, one snapshot: the held-back count and the readable head agree.
    const { rows } = await sql.query<{
      events: number
      oldest: Date | null
      commit: number | null
      prepare: number | null
    }>(
      `SELECT held.events, held.oldest, head.commit, head.prepare
         FROM (SELECT count(*)::int8 AS events, min(recorded_at) AS oldest FROM es_events
                WHERE NOT (${visibleToReaders})) AS held
         LEFT JOIN (SELECT transaction_id::text::int8 AS commit, sequence AS prepare FROM es_events
                     WHERE ${visibleToReaders}
                     ORDER BY transaction_id DESC, sequence DESC LIMIT 1) AS head ON true`,
    )
    const row = rows[0]
    return {
      events: row?.events ?? 0,
      oldestRecordedAt: row?.oldest ?? undefined,
      horizon: row?.commit != null && row.prepare != null ? { commit: row.commit, prepare: row.prepare } : startOfLog,
    }
  }

  function subscribeToAll(subscribeOptions: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    return { [Symbol.asyncIterator]: () => subscription(subscribeOptions) }
  }

  async function* subscription(subscribeOptions: SubscribeOptions): AsyncGenerator<RecordedEvent> {
    // close() ends every subscription of this store, as well as the caller's own signal.
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
        waitForAppend: (wait) => appended.wait(wait),
      })
    } finally {
      subscriptions.delete(controller)
    }
  }

  return {
    appendToStream,
    readStream,
    readAll,
    subscribeToAll,
    headPosition,
    heldBack,
    async close() {
      for (const controller of subscriptions) controller.abort()
      subscriptions.clear()
    },
  }
}

/**
 * Splits a group into rounds in which no stream appears twice, keeping the order of appends to
 * the same stream, each round sorted by stream name (concurrent groups lock streams in one
 * order); returns the JSON parameter of appendGroupStatement. Indexes refer to the group.
 */
function intoRounds(requests: readonly AppendRequest[]): string {
  const rounds: { streams: Set<string>; items: { stream: string; json: string }[] }[] = []
  requests.forEach((request, i) => {
    // After the last round that already has this stream, so its appends stay in order.
    let target = 0
    rounds.forEach((round, index) => {
      if (round.streams.has(request.streamName)) target = index + 1
    })
    const round = rounds[target] ?? { streams: new Set<string>(), items: [] }
    if (target === rounds.length) rounds.push(round)
    round.streams.add(request.streamName)
    round.items.push({
      stream: request.streamName,
      json:
        `{"i":${i},"stream":${JSON.stringify(request.streamName)},"expected":${JSON.stringify(String(request.expected))},` +
        `"count":${request.count},"events":${request.batch}}`,
    })
  })
  const sorted = rounds.map(({ items }) =>
    items
      .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0))
      .map((item) => item.json)
      .join(','),
  )
  return `[${sorted.map((round) => `[${round}]`).join(',')}]`
}

function resultOf(rows: readonly AppendedRow[]): AppendResult {
  const last = rows.reduce((a, b) => (b.sequence > a.sequence ? b : a))
  return {
    nextExpectedRevision: last.revision,
    position: { commit: last.commit, prepare: last.sequence },
    replayed: false,
  }
}

function matches(expected: ExpectedRevision, actual: number | undefined): boolean {
  if (expected === 'any') return true
  if (expected === 'no_stream') return actual === undefined
  return actual === expected
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function assertDistinctIds(streamName: string, events: readonly NewEvent[]): void {
  const seen = new Set<string>()
  for (const { id } of events) {
    if (!uuidPattern.test(id)) throw new TypeError(`event id must be a UUID, got ${JSON.stringify(id)}`)
    const key = id.toLowerCase()
    if (seen.has(key)) throw new EventIdConflictError(id, streamName)
    seen.add(key)
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    revision: row.revision,
    position: { commit: row.commit, prepare: row.sequence },
    recordedAt: row.recorded_at,
    hash: row.hash,
  }
}
