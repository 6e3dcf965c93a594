/**
 * A fact that becomes true as days pass, other than an inspection due date (those are
 * `DueDate`s): the scheduler appends it on its stream, dated `on`, with the derived `id`, so a
 * rerun records it once. Example: a rectification order overdue without a re-check.
 */
export interface ScheduledFact {
  readonly id: string
  readonly streamName: string
  /** The day it became true, YYYY-MM-DD (the event's occurredAt is its start, China time). */
  readonly on: string
  readonly event: { readonly type: string; readonly data: unknown }
  readonly schemaVersion: number
}

/** Where scheduled facts come from (a read model): those true on `today` and not yet raised. */
export interface ScheduledFactSource {
  readonly name: string
  facts(today: string): Promise<readonly ScheduledFact[]>
}
