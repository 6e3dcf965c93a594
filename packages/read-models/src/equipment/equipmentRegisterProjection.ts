import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import type { EquipmentEvent } from '@gsr/events/equipment'
import { olderThanDue } from '@gsr/domain/equipment'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'
import { keyedEquipmentEvents } from './keyedEquipmentEvents.ts'
import { withNextDueDate, withScheduledDueEvent } from './dueColumns.ts'
import type { EquipmentRegisterTable } from './EquipmentReadModelDB.ts'

/**
 * Read model `equipment_register`: one row per registered piece of equipment, its owner,
 * status, next due date and whether it is due/overdue now (as the scheduler's events say).
 */
const eventTypes = [
  'EquipmentRegistered',
  'EquipmentTransferOffered',
  'EquipmentTransferDeclined',
  'EquipmentTransferWithdrawn',
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
    case 'EquipmentTransferOffered':
    case 'EquipmentTransferDeclined':
    case 'EquipmentTransferWithdrawn':
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

const noPendingTransfer = {
  pending_transfer_to: null,
  pending_transfer_to_region: null,
  pending_transfer_location: null,
  pending_transfer_offered_on: null,
} as const

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
      // A last inspection the user stated is shown unconfirmed until an agency's result.
      last_inspection_date: d.statedLastInspection?.date ?? null,
      last_inspection_kind: d.statedLastInspection ? 'periodic' : null,
      last_inspection_conclusion: null,
      last_inspection_report: d.statedLastInspection?.reportNumber ?? null,
      last_inspection_confirmed: d.statedLastInspection ? false : null,
      manufacturer: d.manufacturer ?? null,
      serial_number: d.serialNumber ?? null,
      certificate_number: d.certificateNumber ?? null,
      status_since: d.registeredOn,
      ...noPendingTransfer,
    }
  }
  if (!row) return undefined
  switch (event.type) {
    case 'EquipmentTransferOffered':
      return {
        ...row,
        pending_transfer_to: event.data.toOrganisationId,
        pending_transfer_to_region: event.data.toRegion,
        pending_transfer_location: event.data.location,
        pending_transfer_offered_on: event.data.offeredOn,
      }
    case 'EquipmentTransferDeclined':
    case 'EquipmentTransferWithdrawn':
      return { ...row, ...noPendingTransfer }
    case 'EquipmentTransferred':
      return {
        ...row,
        organisation_id: event.data.toOrganisationId,
        region: event.data.toRegion,
        location: event.data.location,
        ...noPendingTransfer,
      }
    case 'EquipmentSuspended':
      return { ...row, status: 'suspended', status_since: event.data.suspendedOn }
    case 'EquipmentResumed':
      return { ...row, status: 'active', status_since: event.data.resumedOn }
    case 'EquipmentCancelled':
      return { ...row, status: 'cancelled', status_since: event.data.cancelledOn }
    case 'InspectionResultRecorded': {
      const d = event.data
      // An older report recorded late (it sets no due date) is not the last confirmed inspection.
      const confirmed = row.last_inspection_confirmed ? row.last_inspection_date : null
      if (d.nextDueDate === undefined && olderThanDue(confirmed ?? undefined, d.inspectionDate)) return row
      const next = {
        ...row,
        last_inspection_date: d.inspectionDate,
        last_inspection_kind: d.kind,
        last_inspection_conclusion: d.conclusion,
        last_inspection_report: d.reportNumber,
        last_inspection_confirmed: true,
        safety_grade: d.safetyGrade ?? row.safety_grade,
      }
      // A passing inspection moves the due date and clears due/overdue; a fail leaves them.
      return d.nextDueDate === undefined ? next : withNextDueDate(next, d.nextDueDate)
    }
    case 'PeriodicInspectionDeclared':
      return {
        ...row,
        declared_for_due_date: event.data.dueDate,
        declared_on: event.data.declaredOn,
        declared_in_time: event.data.inTime,
      }
    case 'InspectionDue':
    case 'InspectionOverdue':
      return withScheduledDueEvent(row, event)
    default:
      return row
  }
}

export const equipmentRegisterProjection: Projection = {
  name: 'equipment_register',
  // 2: manufacturer, serial number and certificate number columns, filled from the whole log.
  // 3: an older inspection report recorded late is not the last inspection (4e259e7).
  version: 3,
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
    {
      // A transfer offered and not yet answered: shown to the owner and to the recipient.
      name: 'equipment_register_002_pending_transfer',
      up: `
        ALTER TABLE equipment_register
          ADD COLUMN pending_transfer_to text,
          ADD COLUMN pending_transfer_to_region text,
          ADD COLUMN pending_transfer_location text,
          ADD COLUMN pending_transfer_offered_on text;
        CREATE INDEX equipment_register_pending_transfer_idx ON equipment_register (pending_transfer_to, registration_code)
          WHERE pending_transfer_to IS NOT NULL;
      `,
    },
    {
      // false: the last inspection as the user stated it, no agency's result yet.
      name: 'equipment_register_003_last_inspection_confirmed',
      up: 'ALTER TABLE equipment_register ADD COLUMN last_inspection_confirmed boolean',
    },
    {
      // What identifies the equipment beyond its code (EquipmentRegistered version 2), and its certificate.
      name: 'equipment_register_004_identity',
      up: `
        ALTER TABLE equipment_register
          ADD COLUMN manufacturer text,
          ADD COLUMN serial_number text,
          ADD COLUMN certificate_number text;
        CREATE INDEX equipment_register_serial_idx ON equipment_register (serial_number, manufacturer)
          WHERE serial_number IS NOT NULL;
      `,
    },
  ],
  apply: (events: readonly RecordedEvent[], tx: SqlExecutor) =>
    new BatchRows<Row>('equipment_register', 'registration_code').evolveAll(
      tx,
      keyedEquipmentEvents(events, keyOf),
      evolveEquipmentRow,
    ),
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM equipment_register')
  },
}
