import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { runMigrations, type SqlClient, type SqlExecutor } from '@gsr/db'
import {
  comparePositions,
  formatPosition,
  parsePosition,
  startOfLog,
  type EventStore,
  type GlobalPosition,
  type HeldBackEvents,
  type RecordedEvent,
} from '@gsr/event-store'
import type { Projection } from './Projection.ts'
import { checkpointMigrations } from './checkpointMigrations.ts'
import { isTransientFailure } from './isTransientFailure.ts'
import { stderrLogger, type ProjectionLogger } from './ProjectionLogger.ts'
import { SharedBatchReader } from './SharedBatchReader.ts'
import { SharedTransactions } from './SharedTransactions.ts'
import { Wakeup } from './Wakeup.ts'

export interface RetryPolicy {
  /** First delay after a failed batch; doubles per attempt. Default 100 ms. */
  readonly initialDelayMs?: number
  /** Default 30 s. */
  readonly maxDelayMs?: number
}

/**
 * When a batch keeps failing, the runner looks for the events at fault instead of stalling:
 * see the README ("One bad event never stalls a projection") for the rule.
 */
export interface QuarantinePolicy {
  /**
   * Failed attempts of a whole batch (with the backoff between them) before it is applied
   * event by event (each in a savepoint). Default 3; Infinity never quarantines.
   */
  readonly isolateAfterAttempts?: number
  /**
   * Attempts of one event alone before it is quarantined; after each failure the database
   * must still answer a trivial query and the error must not be a transient one, or the event
   * is not at fault and nothing is quarantined. Default 3.
   */
  readonly attemptsAlone?: number
}

export interface ProjectionRunnerOptions {
  readonly store: EventStore
  /** Where the read models and their checkpoints live. */
  readonly sql: SqlClient
  readonly projections: readonly Projection[]
  /** Events read and applied per transaction. Default 500. */
  readonly batchSize?: number
  readonly logger?: ProjectionLogger
  /** How often a caught-up projection re-reads the log when nothing wakes it. Default 1 s. */
  readonly pollIntervalMs?: number
  /** Follow the store's live subscription to wake caught-up projections at once. Default true. */
  readonly liveWakeups?: boolean
  readonly retry?: RetryPolicy
  readonly quarantine?: QuarantinePolicy
  /** At most this many events are counted per lag() measurement. Default 10 000. */
  readonly lagScanLimit?: number
  readonly lease?: LeasePolicy
}

/**
 * Several runners on one database (API replicas, projector processes): each projection's
 * background loop runs only in the runner holding its lease, a row in projection_checkpoints
 * renewed while it runs; another takes it over once it expires (or at once when its holder
 * stops). See the README, "Several processes".
 */
export interface LeasePolicy {
  /** How long a lease lasts unless renewed (renewed every third of it). Default 10 s. */
  readonly ttlMs?: number
  /** This runner's name in `lease_holder`; default host name, process id and a random suffix. */
  readonly holder?: string
}

export type ProjectionStatus = 'stopped' | 'catching-up' | 'live' | 'retrying' | 'standby'

export interface ProjectionLag {
  readonly name: string
  /** The projection's checkpoint. */
  readonly position: GlobalPosition
  readonly headPosition: GlobalPosition | undefined
  readonly eventsBehind: number
  /** True when more events than lagScanLimit are behind: eventsBehind is then a lower bound. */
  readonly eventsBehindIsLowerBound: boolean
  /**
   * recordedAt of the head event minus recordedAt of the last event consumed; during a stall
   * (events held back by an open write transaction), at least the age of the oldest held one.
   */
  readonly secondsBehind: number
  /**
   * Committed events no reader can see yet because an older write transaction is still open
   * (counted in eventsBehind too): non-zero while the gap-safe order stalls.
   */
  readonly eventsHeldBack: number
  readonly lastRecordedAt: Date | undefined
  readonly status: ProjectionStatus
  /** Batches failed in a row (0 when healthy). */
  readonly consecutiveFailures: number
  /** Message of the last failure while consecutiveFailures > 0. */
  readonly lastError?: string
  /** Events the projection skipped because they failed alone (see quarantined()). */
  readonly quarantinedEvents: number
  /** The runner holding the projection's lease, as stored; absent when none does. */
  readonly leaseHolder?: string
}

/** An event a projection could not apply and skipped: kept until a retry applies it or a rebuild. */
export interface QuarantinedEvent {
  readonly projection: string
  readonly eventId: string
  readonly streamName: string
  readonly revision: number
  readonly position: GlobalPosition
  readonly type: string
  /** The error of its last failed attempt. */
  readonly error: string
  /** Failed attempts, alone and in retries. */
  readonly attempts: number
  readonly firstFailedAt: Date
  readonly lastFailedAt: Date
}

export interface QuarantineRetryResult {
  readonly projection: string
  /** 'applied': the events were applied now, out of order; 'rebuilt': the projection was rebuilt. */
  readonly method: 'applied' | 'rebuilt'
  /** Quarantined events retried. */
  readonly retried: number
  /** Of those, the ones now applied. */
  readonly applied: number
  /** What stays in quarantine for this projection afterwards. */
  readonly stillQuarantined: readonly QuarantinedEvent[]
}

export interface CatchUpProgress {
  readonly projection: string
  readonly position: GlobalPosition
  readonly headPosition: GlobalPosition
  /** Events consumed (applied or filtered out) since this catch-up began. */
  readonly eventsProcessed: number
  readonly elapsedMs: number
  readonly eventsPerSecond: number
}

export interface CatchUpOptions {
  /** Names of the projections to catch up; default all. */
  readonly projections?: readonly string[]
  /**
   * Reject after this many failed attempts of one batch (the checkpoint stays before it: the
   * batch is not skipped). Default 5, so a broken projection fails a test or the CLI instead of
   * hanging it; pass Infinity to retry for ever like the background loop does.
   */
  readonly maxAttempts?: number
  /** Called after every committed batch. */
  readonly onProgress?: (progress: CatchUpProgress) => void
}

export interface WaitForOptions {
  readonly projections?: readonly string[]
  /** Default 10 s. */
  readonly timeoutMs?: number
}

export interface ProjectionRunner {
  readonly projections: readonly Projection[]
  /** Creates the checkpoint table and every projection's tables; start/catchUp call it once. */
  migrate(): Promise<void>
  /** Runs every projection in the background: catch up, then follow the log. */
  start(): Promise<void>
  /** Lets running batches commit, then stops. */
  stop(): Promise<void>
  /**
   * Processes until each projection reaches the head as it was when called, then resolves.
   * A failing batch is retried with backoff, then rejects after `maxAttempts` (default 5).
   */
  catchUp(options?: CatchUpOptions): Promise<void>
  /** Empties the projection's tables and resets its checkpoint (one transaction), then catches up. */
  rebuild(name: string, options?: Omit<CatchUpOptions, 'projections'>): Promise<void>
  /** Resolves once the projections have consumed the event at `position` (read-your-writes). */
  waitFor(position: GlobalPosition, options?: WaitForOptions): Promise<void>
  /** Lag per projection, measured now against the store's head. */
  lag(): Promise<ProjectionLag[]>
  /** Makes idle projections re-read the log now (e.g. after an append in this process). */
  wake(): void
  /** Quarantined events of one projection (or all), in log order; `after`/`limit` page through them. */
  quarantined(name?: string, page?: { after?: GlobalPosition; limit?: number }): Promise<QuarantinedEvent[]>
  /**
   * Retries a projection's quarantined events (one, by `eventId`, or all) after a fix: applied
   * now, out of order, when the projection's `quarantineRetry` is 'apply'; otherwise by a
   * rebuild, which retries them all in their place. Events that still fail stay quarantined.
   */
  retryQuarantined(name: string, options?: { eventId?: string }): Promise<QuarantineRetryResult>
}

/** At most this many full batches without an event for a projection are covered by one checkpoint commit. */
const skipAheadBatches = 10

const noneHeldBack: HeldBackEvents = { events: 0, oldestRecordedAt: undefined }

/** Another runner moved the checkpoint under us (a second worker, a rebuild elsewhere). */
class CheckpointMovedError extends Error {}

/** The background loop's lease expired and another runner took it: this one stands by. */
class LeaseLostError extends Error {}

interface Worker {
  readonly projection: Projection
  readonly types: ReadonlySet<string> | undefined
  position: GlobalPosition
  recordedAt: Date | undefined
  status: ProjectionStatus
  failures: number
  lastError: string | undefined
  /** Serialises batches, rebuilds and reloads of this projection within the process. */
  queue: Promise<unknown>
  /** While set, batches commit only if this runner still holds the lease (its background loop holds it). */
  leaseHeld: boolean
  /** Date.now() of the last successful renewal. */
  leaseRenewedAt: number
  /** A rebuild in this process owns the projection from its reset to the head: the background loop waits. */
  rebuilding: boolean
}

interface StepResult {
  /** Events consumed by the committed batch. */
  readonly consumed: number
  /** False when the read came back short: the projection is at the head. */
  readonly more: boolean
  /** The lease passed to another runner before this batch could commit (nothing committed). */
  readonly leaseLost?: boolean
}

export function createProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const { store, sql } = options
  const batchSize = options.batchSize ?? 500
  const logger = options.logger ?? stderrLogger
  const pollIntervalMs = options.pollIntervalMs ?? 1000
  const initialDelayMs = options.retry?.initialDelayMs ?? 100
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000
  const lagScanLimit = options.lagScanLimit ?? 10_000
  const isolateAfterAttempts = options.quarantine?.isolateAfterAttempts ?? 3
  const attemptsAlone = options.quarantine?.attemptsAlone ?? 3
  const leaseTtlMs = options.lease?.ttlMs ?? 10_000
  const leaseHolder = options.lease?.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`

  const workers = new Map<string, Worker>()
  for (const projection of options.projections) {
    if (workers.has(projection.name)) throw new Error(`duplicate projection name: ${projection.name}`)
    workers.set(projection.name, {
      projection,
      types: projection.eventTypes ? new Set(projection.eventTypes) : undefined,
      position: startOfLog,
      recordedAt: undefined,
      status: 'stopped',
      failures: 0,
      rebuilding: false,
      lastError: undefined,
      queue: Promise.resolve(),
      leaseHeld: false,
      leaseRenewedAt: 0,
    })
  }

  // Reads the next batch while the current one is applied: each worker holds two batches.
  const reader = new SharedBatchReader(store, batchSize, Math.max(4, workers.size * 2), true)
  // PGlite is one connection: batches ready together commit together. PostgreSQL runs them in
  // parallel on the pool's connections instead.
  const shared = new SharedTransactions(sql)
  const batchTransaction: SqlClient['transaction'] =
    sql.dialect === 'pglite' ? (work) => shared.run(work) : (work) => sql.transaction(work)
  const wakeup = new Wakeup()
  /** Resolved by progress of any projection; waitFor re-checks on each. */
  const progress = new Wakeup()
  let migrated: Promise<void> | undefined
  let running: { controllers: AbortController[]; tasks: Promise<void>[] } | undefined

  const select = (names?: readonly string[]): Worker[] =>
    names ? names.map((name) => workerNamed(name)) : [...workers.values()]

  function workerNamed(name: string): Worker {
    const worker = workers.get(name)
    if (!worker) throw new Error(`unknown projection: ${name} (known: ${[...workers.keys()].join(', ')})`)
    return worker
  }

  function exclusive<T>(worker: Worker, fn: () => Promise<T>): Promise<T> {
    const result = worker.queue.then(fn)
    worker.queue = result.catch(() => {})
    return result
  }

  function backoff(attempt: number): number {
    return Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1))
  }

  async function migrate(): Promise<void> {
    migrated ??= (async () => {
      await runMigrations(sql, checkpointMigrations)
      for (const { projection } of workers.values()) await runMigrations(sql, projection.migrations)
      for (const worker of workers.values()) {
        // Only when missing: ON CONFLICT alone would wait for a running batch of another process
        // (its transaction holds this row) and stall this start until that batch commits.
        await sql.query(
          `INSERT INTO projection_checkpoints (name, position, version)
           SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM projection_checkpoints WHERE name = $1)
           ON CONFLICT (name) DO NOTHING`,
          [worker.projection.name, formatPosition(startOfLog), versionOf(worker)],
        )
        await resetIfVersionChanged(worker)
        await reload(worker)
      }
    })().catch((error: unknown) => {
      migrated = undefined
      throw error
    })
    await migrated
  }

  const versionOf = (worker: Worker) => worker.projection.version ?? 1

  /** Empties the projection's tables, quarantine and checkpoint, in the caller's transaction. */
  async function resetInTransaction(tx: SqlExecutor, worker: Worker): Promise<void> {
    const name = worker.projection.name
    await worker.projection.reset(tx)
    // Every event is applied again; those still failing are quarantined again.
    await tx.query('DELETE FROM projection_quarantine WHERE projection = $1', [name])
    await tx.query(
      'UPDATE projection_checkpoints SET position = $2, recorded_at = NULL, version = $3, updated_at = now() WHERE name = $1',
      [name, formatPosition(startOfLog), versionOf(worker)],
    )
  }

  /** Rows made by another version of the projection are rebuilt from the start of the log. */
  async function resetIfVersionChanged(worker: Worker): Promise<void> {
    const name = worker.projection.name
    // Read without a lock first: the same version (every start but a new version's first) must
    // not wait for another process's batch, which holds the row until it commits.
    const { rows: seen } = await sql.query<{ version: number }>(
      'SELECT version FROM projection_checkpoints WHERE name = $1',
      [name],
    )
    if (seen[0]?.version === undefined || seen[0].version === versionOf(worker)) return
    const from = await sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ version: number }>(
        'SELECT version FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
        [name],
      )
      const stored = rows[0]?.version
      if (stored === undefined || stored === versionOf(worker)) return undefined
      await resetInTransaction(tx, worker)
      return stored
    })
    if (from !== undefined) {
      logger.warn(
        { projection: name, from, to: versionOf(worker) },
        'projection version changed: its rows are rebuilt from the start of the log',
      )
    }
  }

  async function reload(worker: Worker): Promise<void> {
    const { rows } = await sql.query<{ position: string; recorded_at: Date | null }>(
      'SELECT position, recorded_at FROM projection_checkpoints WHERE name = $1',
      [worker.projection.name],
    )
    const row = rows[0]
    worker.position = row ? parsePosition(row.position) : startOfLog
    worker.recordedAt = row?.recorded_at ?? undefined
  }

  /**
   * Locks the checkpoint row for the batch's transaction and checks nobody moved it; while the
   * background loop holds the lease, also that it still does (a contender's takeover waits for
   * this row lock, so no batch commits after the lease has passed on).
   */
  async function lockCheckpoint(tx: SqlExecutor, worker: Worker): Promise<void> {
    const { rows } = await tx.query<{ position: string; leased: boolean }>(
      `SELECT position, (lease_holder = $2 AND lease_expires_at > now()) IS TRUE AS leased
       FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
      [worker.projection.name, leaseHolder],
    )
    if (worker.leaseHeld && rows[0]?.leased !== true) throw new LeaseLostError()
    if (rows[0]?.position !== formatPosition(worker.position)) throw new CheckpointMovedError()
  }

  /**
   * lockCheckpoint and moveCheckpoint of a whole batch in one statement, at the start of its
   * transaction: the UPDATE takes the same row lock, moves the checkpoint only from where this
   * runner left it (and, while the lease is held, only if still ours), and a rollback undoes it
   * with the rows. One round trip less per batch; when it matches no row, lockCheckpoint says why.
   */
  async function claimBatch(tx: SqlExecutor, worker: Worker, last: RecordedEvent): Promise<void> {
    const { rowCount } = await tx.query(
      `UPDATE projection_checkpoints SET position = $3, recorded_at = $4, updated_at = now()
       WHERE name = $1 AND position = $2
         AND (NOT $5::bool OR (lease_holder = $6 AND lease_expires_at > now()) IS TRUE)`,
      [
        worker.projection.name,
        formatPosition(worker.position),
        formatPosition(last.position),
        last.recordedAt,
        worker.leaseHeld,
        leaseHolder,
      ],
    )
    if (rowCount === 1) return
    await lockCheckpoint(tx, worker)
    throw new CheckpointMovedError() // the row changed between the two statements: as moved
  }

  /**
   * Takes or renews the projection's lease: free, expired or already ours. Renewed every third
   * of the TTL; false when another runner holds it.
   */
  async function holdLease(worker: Worker): Promise<boolean> {
    if (worker.leaseHeld && Date.now() - worker.leaseRenewedAt < leaseTtlMs / 3) return true
    const before = Date.now()
    const { rows } = await sql.query<{ name: string }>(
      `UPDATE projection_checkpoints
       SET lease_holder = $2, lease_expires_at = now() + make_interval(secs => $3::float8 / 1000)
       WHERE name = $1 AND (lease_holder IS NULL OR lease_holder = $2 OR lease_expires_at <= now())
       RETURNING name`,
      [worker.projection.name, leaseHolder, leaseTtlMs],
    )
    const held = rows.length === 1
    if (held && !worker.leaseHeld) {
      // The previous holder moved the checkpoint: carry on from where it stopped.
      await exclusive(worker, () => reload(worker))
      logger.info({ projection: worker.projection.name, holder: leaseHolder }, 'projection lease taken: applying it')
    } else if (!held && worker.leaseHeld) {
      logger.warn({ projection: worker.projection.name }, 'projection lease lost to another runner: standing by')
    }
    worker.leaseHeld = held
    if (held) worker.leaseRenewedAt = before
    return held
  }

  async function releaseLeases(): Promise<void> {
    await sql.query(
      'UPDATE projection_checkpoints SET lease_holder = NULL, lease_expires_at = NULL WHERE name = ANY($1) AND lease_holder = $2',
      [[...workers.keys()], leaseHolder],
    )
  }

  async function moveCheckpoint(tx: SqlExecutor, worker: Worker, event: RecordedEvent): Promise<void> {
    await tx.query(
      `INSERT INTO projection_checkpoints (name, position, recorded_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET position = $2, recorded_at = $3, updated_at = now()`,
      [worker.projection.name, formatPosition(event.position), event.recordedAt],
    )
  }

  /** After a commit that moved the checkpoint to `event`. */
  function advance(worker: Worker, event: RecordedEvent): void {
    worker.position = event.position
    worker.recordedAt = event.recordedAt
    progress.wake()
  }

  /**
   * One batch: read after the checkpoint, apply and move the checkpoint in one transaction.
   * `isolate` (the batch has failed isolateAfterAttempts times): event by event instead.
   */
  function step(worker: Worker, isolate = false): Promise<StepResult> {
    return exclusive(worker, async () => {
      let events = await reader.read(worker.position)
      let last = events.at(-1)
      if (!last) return { consumed: 0, more: false }
      let more = events.length === batchSize
      const types = worker.types
      const relevantOf = (batch: RecordedEvent[]) => (types ? batch.filter((event) => types.has(event.type)) : batch)
      let relevant = relevantOf(events)
      // A full batch with nothing to apply would commit a checkpoint alone: read on instead (up
      // to skipAheadBatches), so one commit covers the run of batches a filtering projection
      // skips while catching up. Nothing is written for those events, so nothing changes but
      // how often the stored checkpoint moves meanwhile.
      for (let skipped = 1; relevant.length === 0 && more && skipped < skipAheadBatches; skipped++) {
        const next = await reader.read(last.position)
        const nextLast = next.at(-1)
        if (!nextLast) {
          more = false
          break
        }
        events = events.concat(next)
        last = nextLast
        more = next.length === batchSize
        relevant = relevantOf(next)
      }
      const end = last
      try {
        if (isolate) return { consumed: await applyOneByOne(worker, events), more }
        await batchTransaction(async (tx) => {
          // A commit that only moves the checkpoint need not wait for the disk: should the
          // database crash before it is flushed, the events it skipped are read and skipped
          // again. Later commits flush it with them, so no order of commits is ever lost.
          if (relevant.length === 0 && sql.dialect === 'postgres') await tx.query('SET LOCAL synchronous_commit = off')
          await claimBatch(tx, worker, end)
          if (relevant.length > 0) await worker.projection.apply(relevant, tx)
        })
      } catch (error) {
        if (error instanceof LeaseLostError) return { consumed: 0, more: false, leaseLost: true }
        if (!(error instanceof CheckpointMovedError)) throw error
        logger.info({ projection: worker.projection.name }, 'checkpoint moved by another runner; reloading')
        await reload(worker)
        return { consumed: 0, more: true }
      }
      advance(worker, end)
      return { consumed: events.length, more }
    })
  }

  /**
   * Applies a batch that keeps failing event by event: in one transaction, each event in its own
   * savepoint, up to the first that fails; that transaction commits the events before it (they
   * are not lost) with the checkpoint just before it. The failing event is then tried alone and
   * quarantined if it keeps failing, and the rest of the batch goes on the same way. Throws (the
   * caller backs off and tries again from the new checkpoint) when a failure is not the event's.
   */
  async function applyOneByOne(worker: Worker, events: readonly RecordedEvent[]): Promise<number> {
    const types = worker.types
    let index = 0
    while (index < events.length) {
      let failing: RecordedEvent | undefined
      let until = index
      let last: RecordedEvent | undefined
      await sql.transaction(async (tx) => {
        await lockCheckpoint(tx, worker)
        for (until = index; until < events.length; until++) {
          const event = events[until]!
          if (!types || types.has(event.type)) {
            await tx.query('SAVEPOINT gsr_isolated_event')
            try {
              await worker.projection.apply([event], tx)
              await tx.query('RELEASE SAVEPOINT gsr_isolated_event')
            } catch {
              await tx.query('ROLLBACK TO SAVEPOINT gsr_isolated_event')
              failing = event
              break
            }
          }
          last = event
        }
        if (last) await moveCheckpoint(tx, worker, last)
      })
      if (last) advance(worker, last)
      if (!failing) break
      await applyAlone(worker, failing, true)
      index = until + 1
    }
    return events.length
  }

  async function applyAlone(worker: Worker, event: RecordedEvent, relevant: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await sql.transaction(async (tx) => {
          await lockCheckpoint(tx, worker)
          if (relevant) await worker.projection.apply([event], tx)
          await moveCheckpoint(tx, worker, event)
        })
        advance(worker, event)
        return
      } catch (error) {
        if (
          error instanceof CheckpointMovedError ||
          error instanceof LeaseLostError ||
          !relevant ||
          !(await eventMayBeAtFault(error))
        )
          throw error
        if (attempt >= attemptsAlone) return quarantine(worker, event, error, attempt)
        const delay = backoff(attempt)
        logger.warn(
          { err: error, projection: worker.projection.name, eventId: event.id, attempt, retryInMs: delay },
          'event failed alone; retrying it before quarantining it',
        )
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
    }
  }

  /**
   * The rule that keeps transient failures from quarantining anything: the error is not of a
   * kind no event causes (connection, server, concurrency, schema), and the database still
   * answers a trivial query right after it.
   */
  async function eventMayBeAtFault(error: unknown): Promise<boolean> {
    if (isTransientFailure(error)) return false
    try {
      await sql.query('SELECT 1')
      return true
    } catch {
      return false
    }
  }

  /** Records the event in quarantine in the transaction that moves the checkpoint past it. */
  async function quarantine(worker: Worker, event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
    const name = worker.projection.name
    await sql.transaction(async (tx) => {
      await lockCheckpoint(tx, worker)
      await tx.query(
        `INSERT INTO projection_quarantine (projection, event_id, stream_name, stream_revision, position_commit,
           position_prepare, event_type, error, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (projection, event_id) DO UPDATE
         SET error = excluded.error, attempts = projection_quarantine.attempts + excluded.attempts, last_failed_at = now()`,
        [
          name,
          storable(event.id),
          storable(event.streamName),
          event.revision,
          event.position.commit,
          event.position.prepare,
          storable(event.type),
          storable(errorMessage(error)),
          attempts,
        ],
      )
      await moveCheckpoint(tx, worker, event)
    })
    advance(worker, event)
    logger.error(
      {
        err: error,
        projection: name,
        eventId: event.id,
        streamName: event.streamName,
        revision: event.revision,
        position: formatPosition(event.position),
        type: event.type,
        attempts,
      },
      'event quarantined: the projection skipped it and goes on; retry it after a fix (retryQuarantined) or rebuild',
    )
  }

  function recordFailure(worker: Worker, error: unknown, attempt: number): number {
    const delay = backoff(attempt)
    worker.failures = attempt
    worker.lastError = errorMessage(error)
    worker.status = 'retrying'
    logger.error(
      {
        err: error,
        projection: worker.projection.name,
        position: formatPosition(worker.position),
        attempt,
        retryInMs: delay,
        ...(attempt >= isolateAfterAttempts ? { next: 'event by event, quarantining an event at fault' } : {}),
      },
      'projection batch failed; it will be retried, never skipped silently',
    )
    return delay
  }

  function recordSuccess(worker: Worker): void {
    if (worker.failures > 0) {
      logger.info(
        { projection: worker.projection.name, attempts: worker.failures + 1 },
        'projection batch succeeded after retries',
      )
    }
    worker.failures = 0
  }

  /** The background loop of one projection: only while this runner holds its lease. */
  async function runLoop(worker: Worker, signal: AbortSignal): Promise<void> {
    let attempt = 0
    worker.status = 'catching-up'
    while (!signal.aborted) {
      try {
        if (!(await holdLease(worker))) {
          worker.status = 'standby'
          attempt = 0
          // Followed from the checkpoint the holder moves, so waitFor and lag stay true here.
          await exclusive(worker, () => reload(worker))
          progress.wake()
          await wakeup.sleep(Math.min(pollIntervalMs, leaseTtlMs / 4), signal, false)
          continue
        }
        if (worker.rebuilding) {
          await wakeup.sleep(pollIntervalMs, signal)
          continue
        }
        const { more, leaseLost } = await step(worker, attempt >= isolateAfterAttempts)
        if (leaseLost) {
          worker.leaseHeld = false
          logger.warn({ projection: worker.projection.name }, 'projection lease lost to another runner: standing by')
          continue
        }
        recordSuccess(worker)
        attempt = 0
        worker.status = more ? 'catching-up' : 'live'
        if (!more) await wakeup.sleep(Math.min(pollIntervalMs, leaseTtlMs / 3), signal)
      } catch (error) {
        await wakeup.sleep(recordFailure(worker, error, ++attempt), signal, false)
      }
    }
    worker.leaseHeld = false
    worker.status = 'stopped'
  }

  async function followLive(signal: AbortSignal): Promise<void> {
    // The projections poll anyway; the subscription only wakes them early. Should it end (the
    // database gone for a while), they keep polling and it is opened again after a pause.
    while (!signal.aborted) {
      try {
        const head = await store.headPosition()
        for await (const _event of store.subscribeToAll({ ...(head ? { after: head } : {}), batchSize, signal })) {
          wakeup.wake()
          if (signal.aborted) break
        }
      } catch (error) {
        if (!signal.aborted) logger.warn({ err: error }, 'live subscription ended; polling, and reopening it in 5 s')
      }
      await wakeup.sleep(5_000, signal, false)
    }
  }

  async function catchUpWorker(worker: Worker, head: GlobalPosition, options: CatchUpOptions): Promise<void> {
    const started = Date.now()
    let consumed = 0
    let attempt = 0
    while (comparePositions(worker.position, head) < 0) {
      try {
        const result = await step(worker, attempt >= isolateAfterAttempts)
        recordSuccess(worker)
        attempt = 0
        consumed += result.consumed
        const elapsedMs = Date.now() - started
        options.onProgress?.({
          projection: worker.projection.name,
          position: worker.position,
          headPosition: head,
          eventsProcessed: consumed,
          elapsedMs,
          eventsPerSecond: elapsedMs > 0 ? (consumed * 1000) / elapsedMs : 0,
        })
        // Nothing readable up to the head we were given: the head moved back (another store).
        if (result.consumed === 0 && !result.more) return
      } catch (error) {
        attempt += 1
        if (attempt >= (options.maxAttempts ?? 5)) {
          worker.failures = attempt
          worker.lastError = errorMessage(error)
          throw error
        }
        await new Promise((resolve) => setTimeout(resolve, recordFailure(worker, error, attempt)))
      }
    }
  }

  async function catchUp(options: CatchUpOptions = {}): Promise<void> {
    await migrate()
    const selected = select(options.projections)
    const head = await store.headPosition()
    if (!head) return
    const results = await Promise.allSettled(selected.map((worker) => catchUpWorker(worker, head, options)))
    const failed = results.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
  }

  async function rebuild(name: string, options: Omit<CatchUpOptions, 'projections'> = {}): Promise<void> {
    await migrate()
    const worker = workerNamed(name)
    await exclusive(worker, async () => {
      await sql.transaction(async (tx) => {
        await tx.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [name])
        await resetInTransaction(tx, worker)
      })
      worker.position = startOfLog
      worker.recordedAt = undefined
      worker.rebuilding = true
    })
    logger.info({ projection: name }, 'projection reset; rebuilding from the start of the log')
    try {
      await catchUp({ ...options, projections: [name] })
    } finally {
      worker.rebuilding = false
      wakeup.wake()
    }
    logger.info({ projection: name, position: formatPosition(worker.position) }, 'projection rebuilt')
  }

  async function waitFor(position: GlobalPosition, options: WaitForOptions = {}): Promise<void> {
    const selected = select(options.projections)
    const deadline = Date.now() + (options.timeoutMs ?? 10_000)
    const reached = () => selected.every((worker) => comparePositions(worker.position, position) >= 0)
    const never = new AbortController().signal
    while (!reached()) {
      const left = deadline - Date.now()
      if (left <= 0) {
        const behind = selected
          .filter((worker) => comparePositions(worker.position, position) < 0)
          .map(
            (worker) =>
              `${worker.projection.name} at ${formatPosition(worker.position)}` +
              (worker.failures > 0 ? ` (failing ${worker.failures} times: ${worker.lastError ?? '?'})` : ''),
          )
        throw new Error(`projections did not reach position ${formatPosition(position)} in time: ${behind.join('; ')}`)
      }
      if (running) {
        wakeup.wake()
        await progress.sleep(Math.min(left, pollIntervalMs), never)
      } else {
        await catchUp({ projections: selected.map((worker) => worker.projection.name) })
        if (!reached()) await new Promise((resolve) => setTimeout(resolve, Math.min(left, 20)))
      }
    }
  }

  async function lag(): Promise<ProjectionLag[]> {
    const [head, held] = await Promise.all([store.headPosition(), store.heldBack?.() ?? noneHeldBack])
    const stalledSeconds = held.oldestRecordedAt
      ? Math.max(0, (Date.now() - held.oldestRecordedAt.getTime()) / 1000)
      : 0
    const { rows } = await sql.query<{
      name: string
      position: string
      recorded_at: Date | null
      lease_holder: string | null
    }>('SELECT name, position, recorded_at, lease_holder FROM projection_checkpoints WHERE name = ANY($1)', [
      [...workers.keys()],
    ])
    const stored = new Map(rows.map((row) => [row.name, row]))
    const quarantinedCounts = await countQuarantined()
    // Projections at the same checkpoint share one scan of the log.
    const scans = new Map<string, Promise<RecordedEvent[]>>()
    const scan = (position: GlobalPosition) => {
      const key = formatPosition(position)
      let pending = scans.get(key)
      if (!pending) {
        const after = comparePositions(position, startOfLog) === 0 ? {} : { after: position }
        pending = store.readAll({ ...after, maxCount: lagScanLimit })
        scans.set(key, pending)
      }
      return pending
    }
    return Promise.all(
      [...workers.values()].map(async (worker): Promise<ProjectionLag> => {
        const row = stored.get(worker.projection.name)
        const position = row ? parsePosition(row.position) : startOfLog
        const lastRecordedAt = row?.recorded_at ?? undefined
        const base = {
          name: worker.projection.name,
          position,
          headPosition: head,
          lastRecordedAt,
          status: worker.status,
          consecutiveFailures: worker.failures,
          ...(worker.failures > 0 && worker.lastError ? { lastError: worker.lastError } : {}),
          quarantinedEvents: quarantinedCounts.get(worker.projection.name) ?? 0,
          ...(row?.lease_holder ? { leaseHolder: row.lease_holder } : {}),
        }
        if (!head || comparePositions(position, head) >= 0) {
          return {
            ...base,
            eventsBehind: held.events,
            eventsBehindIsLowerBound: false,
            secondsBehind: stalledSeconds,
            eventsHeldBack: held.events,
          }
        }
        const scanned = await scan(position)
        const capped = scanned.length >= lagScanLimit
        // Events that became readable after heldBack() measured them are counted there already.
        const horizon = held.horizon
        const pending = horizon ? scanned.filter((event) => comparePositions(event.position, horizon) <= 0) : scanned
        const headRecordedAt = capped ? new Date() : (pending.at(-1)?.recordedAt ?? new Date())
        const from = lastRecordedAt ?? pending[0]?.recordedAt ?? headRecordedAt
        return {
          ...base,
          eventsBehind: pending.length + held.events,
          eventsBehindIsLowerBound: capped,
          secondsBehind: Math.max(stalledSeconds, (headRecordedAt.getTime() - from.getTime()) / 1000),
          eventsHeldBack: held.events,
        }
      }),
    )
  }

  async function countQuarantined(): Promise<Map<string, number>> {
    const { rows } = await sql.query<{ projection: string; n: number }>(
      'SELECT projection, count(*)::int8 AS n FROM projection_quarantine WHERE projection = ANY($1) GROUP BY projection',
      [[...workers.keys()]],
    )
    return new Map(rows.map((row) => [row.projection, row.n]))
  }

  async function quarantined(
    name?: string,
    page: { after?: GlobalPosition; limit?: number } = {},
  ): Promise<QuarantinedEvent[]> {
    const names = name ? [workerNamed(name).projection.name] : [...workers.keys()]
    const after = page.after ?? { commit: -1, prepare: -1 }
    const { rows } = await sql.query<QuarantineRow>(
      `SELECT projection, event_id, stream_name, stream_revision, position_commit, position_prepare, event_type, error,
         attempts, first_failed_at, last_failed_at
       FROM projection_quarantine
       WHERE projection = ANY($1) AND (position_commit, position_prepare) > ($2, $3)
       ORDER BY projection, position_commit, position_prepare
       LIMIT $4`,
      [names, after.commit, after.prepare, page.limit ?? null],
    )
    return rows.map((row) => ({
      projection: row.projection,
      eventId: row.event_id,
      streamName: row.stream_name,
      revision: row.stream_revision,
      position: { commit: row.position_commit, prepare: row.position_prepare },
      type: row.event_type,
      error: row.error,
      attempts: row.attempts,
      firstFailedAt: row.first_failed_at,
      lastFailedAt: row.last_failed_at,
    }))
  }

  async function retryQuarantined(name: string, options: { eventId?: string } = {}): Promise<QuarantineRetryResult> {
    await migrate()
    const worker = workerNamed(name)
    const chosen = (await quarantined(name)).filter((entry) => !options.eventId || entry.eventId === options.eventId)
    const method = worker.projection.quarantineRetry === 'apply' ? 'applied' : 'rebuilt'
    if (chosen.length === 0) {
      return { projection: name, method, retried: 0, applied: 0, stillQuarantined: await quarantined(name) }
    }
    if (method === 'rebuilt') {
      logger.info({ projection: name, events: chosen.length }, 'retrying quarantined events by a rebuild')
      await rebuild(name)
      const still = await quarantined(name)
      const stillIds = new Set(still.map((entry) => entry.eventId))
      const applied = chosen.filter((entry) => !stillIds.has(entry.eventId)).length
      return { projection: name, method, retried: chosen.length, applied, stillQuarantined: still }
    }
    let applied = 0
    await exclusive(worker, async () => {
      for (const entry of chosen) if (await applyQuarantined(worker, entry)) applied += 1
    })
    return { projection: name, method, retried: chosen.length, applied, stillQuarantined: await quarantined(name) }
  }

  /** Applies one quarantined event now, out of order; deletes its row in the same transaction. */
  async function applyQuarantined(worker: Worker, entry: QuarantinedEvent): Promise<boolean> {
    const name = worker.projection.name
    const where = { projection: name, eventId: entry.eventId, streamName: entry.streamName, revision: entry.revision }
    try {
      const [event] = await store.readStream(entry.streamName, { fromRevision: entry.revision, maxCount: 1 })
      if (!event || event.id !== entry.eventId)
        throw new Error(`event ${entry.eventId} is not at revision ${entry.revision} of ${entry.streamName}`)
      const applied = await sql.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          'DELETE FROM projection_quarantine WHERE projection = $1 AND event_id = $2',
          [name, entry.eventId],
        )
        if (rowCount === 0) return false // another process retried it meanwhile
        await worker.projection.apply([event], tx)
        return true
      })
      if (applied) logger.info(where, 'quarantined event applied on retry (out of order)')
      return applied
    } catch (error) {
      await sql.query(
        `UPDATE projection_quarantine SET error = $3, attempts = attempts + 1, last_failed_at = now()
         WHERE projection = $1 AND event_id = $2`,
        [name, entry.eventId, storable(errorMessage(error))],
      )
      logger.error({ err: error, ...where }, 'quarantined event failed again on retry; it stays quarantined')
      return false
    }
  }

  return {
    projections: options.projections,
    migrate,
    async start() {
      if (running) return
      await migrate()
      // A stop signal for each loop: one shared by all would gather an 'abort' listener per
      // sleeping projection (past ten, Node warns of a leak at every start).
      const controllers: AbortController[] = []
      const stopSignal = () => {
        const controller = new AbortController()
        controllers.push(controller)
        return controller.signal
      }
      const tasks = [...workers.values()].map((worker) => runLoop(worker, stopSignal()))
      if (options.liveWakeups ?? true) tasks.push(followLive(stopSignal()))
      running = { controllers, tasks }
      logger.info({ projections: [...workers.keys()] }, 'projection runner started')
    },
    async stop() {
      const current = running
      if (!current) return
      running = undefined
      for (const controller of current.controllers) controller.abort()
      await Promise.all(current.tasks)
      // Another runner takes over at once instead of after the TTL.
      await releaseLeases().catch((error: unknown) =>
        logger.warn({ err: error }, 'could not release the projection leases; they expire by themselves'),
      )
      logger.info({}, 'projection runner stopped')
    },
    catchUp,
    rebuild,
    waitFor,
    lag,
    wake: () => wakeup.wake(),
    quarantined,
    retryQuarantined,
  }
}

interface QuarantineRow {
  projection: string
  event_id: string
  stream_name: string
  stream_revision: number
  position_commit: number
  position_prepare: number
  event_type: string
  error: string
  attempts: number
  first_failed_at: Date
  last_failed_at: Date
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** PostgreSQL text holds no NUL; an error message quoting the event's data may carry one. */
function storable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u0000/g, '\uFFFD').slice(0, 4000)
}
