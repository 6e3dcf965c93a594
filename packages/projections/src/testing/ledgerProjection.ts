import { sql } from 'kysely'
import { createKysely, type SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import type { Projection } from '../Projection.ts'

interface LedgerTables {
  ledger_applied: { event_id: string; stream_name: string; position: string; type: string }
}

export interface LedgerProjectionOptions {
  /** Projection name and table prefix (`<name>_applied`, `<name>_totals`). Default 'ledger'. */
  readonly name?: string
  readonly eventTypes?: readonly string[]
  /** Runs inside the transaction after the batch's rows are written: throw here to fail mid-batch. */
  readonly afterRows?: (events: readonly RecordedEvent[], tx: SqlExecutor) => Promise<void> | void
  /** Its effects are per event and commutative, so 'apply' is right; default the runner's ('rebuild'). */
  readonly quarantineRetry?: 'apply' | 'rebuild'
}

/**
 * A projection for tests and benchmarks that makes doubled or lost effects visible: one row
 * per applied event in `<name>_applied` (no unique key, so a second apply shows as a second
 * row) and per-stream running totals in `<name>_totals` (increments, not idempotent).
 * Events are expected to carry `{ amount: number }` data; other data counts as 0.
 */
export function ledgerProjection(options: LedgerProjectionOptions = {}): Projection {
  const name = options.name ?? 'ledger'
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`)
  const applied = `${name}_applied` as 'ledger_applied'
  const totals = `${name}_totals`
  return {
    name,
    ...(options.eventTypes ? { eventTypes: options.eventTypes } : {}),
    ...(options.quarantineRetry ? { quarantineRetry: options.quarantineRetry } : {}),
    migrations: [
      {
        name: `${name}_001_tables`,
        up: `
          CREATE TABLE ${applied} (event_id text NOT NULL, stream_name text NOT NULL, position text NOT NULL, type text NOT NULL);
          CREATE INDEX ${applied}_event_id ON ${applied} (event_id);
          CREATE TABLE ${totals} (stream_name text PRIMARY KEY, events int8 NOT NULL, amount int8 NOT NULL);
        `,
      },
    ],
    async apply(events, tx) {
      const db = createKysely<LedgerTables>(tx)
      await db
        .insertInto(applied)
        .values(
          events.map((event) => ({
            event_id: event.id,
            stream_name: event.streamName,
            position: `${event.position.commit}:${event.position.prepare}`,
            type: event.type,
          })),
        )
        .execute()
      await options.afterRows?.(events, tx)
      const perStream = new Map<string, { events: number; amount: number }>()
      for (const event of events) {
        const total = perStream.get(event.streamName) ?? { events: 0, amount: 0 }
        total.events += 1
        total.amount += amountOf(event)
        perStream.set(event.streamName, total)
      }
      const table = sql.table(totals)
      const rows = [...perStream].map(([stream, total]) => sql`(${stream}, ${total.events}, ${total.amount})`)
      await sql`
        INSERT INTO ${table} (stream_name, events, amount) VALUES ${sql.join(rows)}
        ON CONFLICT (stream_name) DO UPDATE
        SET events = ${table}.events + excluded.events, amount = ${table}.amount + excluded.amount
      `.execute(db)
    },
    async reset(tx) {
      await tx.query(`TRUNCATE ${applied}, ${totals}`)
    },
  }
}

function amountOf(event: RecordedEvent): number {
  const data = event.data as { amount?: unknown } | null
  return typeof data?.amount === 'number' ? data.amount : 0
}
