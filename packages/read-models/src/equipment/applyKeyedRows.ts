import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { parseEquipmentEvent, type EquipmentEvent } from '@gsr/events/equipment'
import { upsertRows } from './upsertRows.ts'

/** A register with one row per subject, evolved event by event (equipment_register, pipeline_register). */
export interface KeyedRows<Row extends object> {
  readonly table: string
  readonly key: keyof Row & string
  readonly jsonColumns: readonly (keyof Row & string)[]
  /** The row an event is about; undefined: not this register's. */
  keyOf(event: EquipmentEvent): string | undefined
  /** The row after the event; the same object when nothing changed, undefined for "no row yet". */
  evolve(row: Row | undefined, event: EquipmentEvent): Row | undefined
}

/**
 * Applies a batch: loads the rows the batch touches in one query, evolves them in memory in
 * log order, writes each changed row back once (upsertRows).
 */
export async function applyKeyedRows<Row extends object>(
  rows: KeyedRows<Row>,
  events: readonly RecordedEvent[],
  tx: SqlExecutor,
): Promise<void> {
  const parsed: { key: string; event: EquipmentEvent }[] = []
  for (const recorded of events) {
    const event = parseEquipmentEvent(recorded)
    const key = event && rows.keyOf(event)
    if (event && key !== undefined) parsed.push({ key, event })
  }
  if (parsed.length === 0) return
  const keys = [...new Set(parsed.map((p) => p.key))]
  const loaded = await tx.query<Row>(`SELECT * FROM ${rows.table} WHERE ${rows.key} = ANY($1)`, [keys])
  const current = new Map<string, Row | undefined>(loaded.rows.map((r) => [String(r[rows.key]), r]))
  const touched = new Set<string>()
  for (const { key, event } of parsed) {
    const before = current.get(key)
    const after = rows.evolve(before, event)
    if (after !== before) {
      current.set(key, after)
      touched.add(key)
    }
  }
  const changed = [...touched].map((k) => current.get(k)).filter((r): r is Row => r !== undefined)
  await upsertRows(tx, rows.table, rows.key, rows.jsonColumns, changed)
}
