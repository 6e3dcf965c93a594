import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { parseEquipmentEvent, type EquipmentEvent } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'
import type { EquipmentRegisterTable } from './EquipmentReadModelDB.ts'
import { upsertRows } from './upsertRows.ts'

/**
 * Read model `equipment_register`: one row per registered piece of equipment, its owner,
 * status, next due date and whether it is due/overdue now (as the scheduler's events say).
 */
const eventTypes = [
  'EquipmentRegistered',
  'EquipmentTransferred',
  'EquipmentSuspended',
  'EquipmentResumed',
  'EquipmentCancelled',
  'InspectionResultRecorded',
  'PeriodicInspectionDeclared',
  'InspectionDue',
  'InspectionOverdue',
] as const

type Row = EquipmentRegisterTable

function keyOf(event: EquipmentEvent): string | undefined {
  switch (event.type) {
    case 'EquipmentRegistered':
    case 'EquipmentTransferred':
    case 'EquipmentSuspended':
    case 'EquipmentResumed':
    case 'EquipmentCancelled':
      return event.data.registrationCode
    case 'InspectionResultRecorded':
    case 'PeriodicInspectionDeclared':
    case 'InspectionDue':
    case 'InspectionOverdue':
      return event.data.subjectKind === 'equipment' ? event.data.subjectId : undefined
    default:
      return undefined
  }
}

/** Evolves a row by one event; undefined means "no row yet, nothing to do". */
export function evolveEquipmentRow(row: Row | undefined, event: EquipmentEvent): Row | undefined {
  if (event.type === 'EquipmentRegistered') {
    const d = event.data
    return {
      registration_code: d.registrationCode,
      category: d.category,
      organisation_id: d.organisationId,
      region: d.region,
      location: d.location,
      attributes: d.attributes,
      safety_grade: d.attributes.safetyGrade ?? null,
      subtype: d.attributes.subtype ?? null,
      status: 'active',
      put_into_service_date: d.putIntoServiceDate,
      registered_on: d.registeredOn,
      registration_deadline: d.registrationDeadline,
      late: d.late,
      next_due_date: d.nextInspectionDue,
      due_state: 'ok',
      due_since: null,
      overdue_since: null,
      declared_for_due_date: null,
      declared_on: null,
      declared_in_time: null,
      last_inspection_date: null,
      last_inspection_kind: null,
      last_inspection_conclusion: null,
      last_inspection_report: null,
      status_since: d.registeredOn,
    }
  }
  if (!row) return undefined
  switch (event.type) {
    case 'EquipmentTransferred':
      return {
        ...row,
        organisation_id: event.data.toOrganisationId,
        region: event.data.toRegion,
        location: event.data.location,
      }
    case 'EquipmentSuspended':
      return { ...row, status: 'suspended', status_since: event.data.suspendedOn }
    case 'EquipmentResumed':
      return { ...row, status: 'active', status_since: event.data.resumedOn }
    case 'EquipmentCancelled':
      return { ...row, status: 'cancelled', status_since: event.data.cancelledOn }
    case 'InspectionResultRecorded': {
      const d = event.data
      const next = {
        ...row,
        last_inspection_date: d.inspectionDate,
        last_inspection_kind: d.kind,
        last_inspection_conclusion: d.conclusion,
        last_inspection_report: d.reportNumber,
        safety_grade: d.safetyGrade ?? row.safety_grade,
      }
      // A passing inspection moves the due date and clears due/overdue; a fail leaves them.
      if (d.nextDueDate === undefined) return next
      return { ...next, next_due_date: d.nextDueDate, due_state: 'ok', due_since: null, overdue_since: null }
    }
    case 'PeriodicInspectionDeclared':
      return {
        ...row,
        declared_for_due_date: event.data.dueDate,
        declared_on: event.data.declaredOn,
        declared_in_time: event.data.inTime,
      }
    case 'InspectionDue':
      // Raised for an older due date (the scheduler read a stale register): not about now.
      if (event.data.dueDate !== row.next_due_date || row.due_state !== 'ok') return row
      return { ...row, due_state: 'due', due_since: event.data.dueOn }
    case 'InspectionOverdue':
      if (event.data.dueDate !== row.next_due_date) return row
      return { ...row, due_state: 'overdue', overdue_since: event.data.overdueSince }
    default:
      return row
  }
}

export const equipmentRegisterProjection: Projection = {
  name: 'equipment_register',
  eventTypes,
  migrations: [
    {
      name: 'equipment_register_001_create',
      up: `
        CREATE TABLE equipment_register (
          registration_code text PRIMARY KEY,
          category text NOT NULL,
          organisation_id text NOT NULL,
          region text NOT NULL,
          location text NOT NULL,
          attributes jsonb NOT NULL,
          safety_grade int,
          subtype text,
          status text NOT NULL,
          put_into_service_date text NOT NULL,
          registered_on text NOT NULL,
          registration_deadline text NOT NULL,
          late boolean NOT NULL,
          next_due_date text,
          due_state text NOT NULL,
          due_since text,
          overdue_since text,
          declared_for_due_date text,
          declared_on text,
          declared_in_time boolean,
          last_inspection_date text,
          last_inspection_kind text,
          last_inspection_conclusion text,
          last_inspection_report text,
          status_since text NOT NULL
        );
        CREATE INDEX equipment_register_org_idx ON equipment_register (organisation_id, registration_code);
        CREATE INDEX equipment_register_region_idx ON equipment_register (region text_pattern_ops);
        CREATE INDEX equipment_register_due_idx ON equipment_register (next_due_date, registration_code);
      `,
    },
  ],
  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    const parsed: { key: string; event: EquipmentEvent }[] = []
    for (const recorded of events) {
      const event = parseEquipmentEvent(recorded)
      const key = event && keyOf(event)
      if (event && key !== undefined) parsed.push({ key, event })
    }
    if (parsed.length === 0) return
    const keys = [...new Set(parsed.map((p) => p.key))]
    const { rows } = await tx.query<Row>('SELECT * FROM equipment_register WHERE registration_code = ANY($1)', [keys])
    const current = new Map<string, Row | undefined>(rows.map((r) => [r.registration_code, r]))
    const touched = new Set<string>()
    for (const { key, event } of parsed) {
      const before = current.get(key)
      const after = evolveEquipmentRow(before, event)
      if (after !== before) {
        current.set(key, after)
        touched.add(key)
      }
    }
    const changed = [...touched].map((k) => current.get(k)).filter((r): r is Row => r !== undefined)
    await upsertRows(tx, 'equipment_register', 'registration_code', ['attributes'], changed)
  },
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM equipment_register')
  },
}
