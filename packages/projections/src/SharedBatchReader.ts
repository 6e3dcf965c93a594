import {
  comparePositions,
  formatPosition,
  startOfLog,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@gsr/event-store'

interface Batch {
  readonly events: Promise<RecordedEvent[]>
  /** Read ahead of any caller (see readAhead): only its result as a full batch can be trusted. */
  readonly ahead: boolean
}

/**
 * Lets projections that stand at the same checkpoint share one read of the log (they move in
 * near lockstep while catching up together). Only full batches are kept: the log is append-only
 * and gap-safe, so the `batchSize` events after a position never change; a short batch may grow
 * and is always read afresh. Callers must not mutate the events.
 *
 * With `readAhead`, a caller's full batch also starts the read of the batch after it, so that
 * read runs while the caller applies this one (on PostgreSQL on another connection; PGlite, one
 * connection, runs it before or after). Only the next batch of a caller is read ahead, never a
 * chain of them. A batch read ahead that comes back short, or fails, is read again when asked
 * for: it may have been read before the caller's own view of the log (its head) was taken.
 */
export class SharedBatchReader {
  private readonly batches = new Map<string, Batch>()

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly batchSize: number,
    /** Batches kept; the oldest goes first. */
    private readonly capacity: number,
    private readonly readAhead = false,
  ) {}

  read(after: GlobalPosition): Promise<RecordedEvent[]> {
    const key = formatPosition(after)
    const cached = this.batches.get(key)
    let events: Promise<RecordedEvent[]>
    if (!cached) events = this.fetch(after, key, false)
    else if (!cached.ahead) events = cached.events
    else
      events = cached.events.then(
        (ahead) => (ahead.length === this.batchSize ? ahead : this.fetch(after, key, false)),
        () => this.fetch(after, key, false),
      )
    if (this.readAhead) {
      events.then(
        (batch) => {
          const last = batch.at(-1)
          if (batch.length === this.batchSize && last) this.ahead(last.position)
        },
        () => {},
      )
    }
    return events
  }

  private ahead(after: GlobalPosition): void {
    const key = formatPosition(after)
    if (!this.batches.has(key)) void this.fetch(after, key, true).catch(() => {})
  }

  private fetch(after: GlobalPosition, key: string, ahead: boolean): Promise<RecordedEvent[]> {
    const from = comparePositions(after, startOfLog) === 0 ? {} : { after }
    const events = this.store.readAll({ ...from, maxCount: this.batchSize })
    const batch: Batch = { events, ahead }
    this.batches.set(key, batch)
    const forget = () => {
      if (this.batches.get(key) === batch) this.batches.delete(key)
    }
    events.then((read) => {
      if (read.length < this.batchSize) forget()
    }, forget)
    while (this.batches.size > this.capacity) {
      const oldest = this.batches.keys().next().value
      if (oldest === undefined) break
      this.batches.delete(oldest)
    }
    return events
  }
}
