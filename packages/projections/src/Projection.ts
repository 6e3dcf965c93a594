import type { Migration, SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'

/**
 * A read model fed from the global order. The runner calls `apply` with a batch inside the
 * transaction that also stores the projection's checkpoint, so a crash neither loses nor
 * doubles an effect. `apply` must be a pure function of the events (no clock, no IO besides tx).
 */
export interface Projection {
  /** Unique and stable: the checkpoint is stored under it. */
  readonly name: string
  /** The tables it owns. */
  readonly migrations: readonly Migration[]
  /** Event types it reads; others are skipped (the checkpoint still advances). Omit for all. */
  readonly eventTypes?: readonly string[]
  /**
   * Version of what `apply` makes of the log (default 1). Raise it when a change means rows
   * already written are wrong or incomplete (a new column filled from events, a rule judged
   * anew): the runner's migrate() then rebuilds the projection from the start of the log, once,
   * in whichever process gets there first.
   */
  readonly version?: number
  apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void>
  /**
   * How a quarantined event is retried after a fix. `'apply'`: applied now, out of order, after
   * the events that followed it; right only when an event's effect does not depend on the
   * events around it (its own rows, commutative totals). `'rebuild'` (default): the projection
   * is rebuilt from zero, so the event is applied in its place; events still failing are
   * quarantined again.
   */
  readonly quarantineRetry?: 'apply' | 'rebuild'
  /** Empties its tables for a rebuild from zero. */
  reset(tx: SqlExecutor): Promise<void>
}
