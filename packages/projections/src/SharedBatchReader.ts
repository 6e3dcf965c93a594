import {
  comparePositions,
  formatPosition,
  startOfLog,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@gsr/event-store'

/**
 * Lets projections that stand at the same checkpoint share one read of the log (they move in
 * near lockstep while catching up together). Only full batches are kept: the log is append-only
 * and gap-safe, so the `batchSize` events after a position never change; a short batch may grow
 * and is always read afresh. Callers must not mutate the events.
 */
export class SharedBatchReader {
  private readonly batches = new Map<string, Promise<RecordedEvent[]>>()

  constructor(
    private readonly store: Pick<EventStore, 'readAll'>,
    private readonly batchSize: number,
    /** Batches kept; the oldest goes first. */
    private readonly capacity: number,
  ) {}

  read(after: GlobalPosition): Promise<RecordedEvent[]> {
    const key = formatPosition(after)
    const cached = this.batches.get(key)
    if (cached) return cached
    const from = comparePositions(after, startOfLog) === 0 ? {} : { after }
    const pending = this.store.readAll({ ...from, maxCount: this.batchSize })
    this.batches.set(key, pending)
    const forget = () => {
      if (this.batches.get(key) === pending) this.batches.delete(key)
    }
    pending.then((events) => {
      if (events.length < this.batchSize) forget()
    }, forget)
    while (this.batches.size > this.capacity) {
      const oldest = this.batches.keys().next().value
      if (oldest === undefined) break
      this.batches.delete(oldest)
    }
    return pending
  }
}
