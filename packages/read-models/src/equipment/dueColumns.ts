import type { EquipmentEventOf } from '@gsr/events/equipment'
import type { DueState } from './EquipmentReadModelDB.ts'

/**
 * The due/overdue columns the equipment and pipeline registers share, and how they move: a
 * new due date (a passing inspection, an in-use record) clears due/overdue; the scheduler's
 * InspectionDue / InspectionOverdue set them, but only for the row's current due date.
 */
export interface DueColumns {
  next_due_date: string | null
  due_state: DueState
  due_since: string | null
  overdue_since: string | null
}

export function withNextDueDate<Row extends DueColumns>(row: Row, nextDueDate: string): Row {
  return { ...row, next_due_date: nextDueDate, due_state: 'ok', due_since: null, overdue_since: null }
}

export function withScheduledDueEvent<Row extends DueColumns>(
  row: Row,
  event: EquipmentEventOf<'InspectionDue'> | EquipmentEventOf<'InspectionOverdue'>,
): Row {
  // Raised for an older due date (the scheduler read a stale register): not about now.
  if (event.data.dueDate !== row.next_due_date) return row
  if (event.type === 'InspectionDue') {
    return row.due_state === 'ok' ? { ...row, due_state: 'due', due_since: event.data.dueOn } : row
  }
  return { ...row, due_state: 'overdue', overdue_since: event.data.overdueSince }
}
