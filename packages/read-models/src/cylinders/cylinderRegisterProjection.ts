import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { upcastCylinderEvent, type CylinderEventData } from '@gsr/events/cylinders'
import type { Projection } from '@gsr/projections'
import { chinaDate } from '@gsr/domain'
import { appendRows, BatchRows } from '../BatchRows.ts'
import { cylinderRegisterMigrations, type CylinderRegisterTables } from './cylinderRegisterTables.ts'
import { prefillFactsMigrations } from './prefillFacts.ts'

const cylinderStreamTypes = [
  'CylinderRegistered',
  'CylinderEntrusted',
  'CylinderEntrustmentEnded',
  'CylinderInspected',
  'CylinderScrapped',
  'CylinderMarkedRefurbished',
]

type CylinderRow = CylinderRegisterTables['cyl_cylinders']
type EntrustmentRow = CylinderRegisterTables['cyl_entrustments']

type StreamEvent = { type: 'CylinderRegistered'; data: CylinderEventData<'CylinderRegistered'> } | ChangeEvent
type ChangeEvent =
  | { type: 'CylinderEntrusted'; data: CylinderEventData<'CylinderEntrusted'> }
  | { type: 'CylinderEntrustmentEnded'; data: CylinderEventData<'CylinderEntrustmentEnded'> }
  | { type: 'CylinderInspected'; data: CylinderEventData<'CylinderInspected'> }
  | { type: 'CylinderScrapped'; data: CylinderEventData<'CylinderScrapped'> }
  | { type: 'CylinderMarkedRefurbished'; data: CylinderEventData<'CylinderMarkedRefurbished'> }
/** The scheduler's due/overdue event about a cylinder: remembered so the due-date source skips it next time. */
type ScheduledEvent = { type: 'InspectionDue' | 'InspectionOverdue'; data: { dueDate: string } }

/**
 * Read model `cylinder_register`: the register (one row per code, with what the pre-fill check
 * needs in that row), entrustments, each cylinder's history, fills and pre-fill check answers.
 * Cylinder and entrustment rows go through BatchRows (loaded once a batch, evolved in log order,
 * written once); history, fills and checks are appended (appendRows), one statement each per
 * batch (offline uploads and bulk registrations arrive in thousands).
 */
export const cylinderRegisterProjection: Projection = {
  name: 'cylinder_register',
  // 2: an inspection dated before the latest (or the registration) is not the last result (f5399e2).
  version: 2,
  migrations: [...cylinderRegisterMigrations, ...prefillFactsMigrations],
  eventTypes: [...cylinderStreamTypes, 'CylinderFilled', 'CylinderFillChecked', 'InspectionDue', 'InspectionOverdue'],

  async apply(events, tx) {
    const cylinders: { key: string; event: StreamEvent | ScheduledEvent }[] = []
    const entrustments: { id: string; event: Extract<ChangeEvent, { type: `CylinderEntrust${string}` }> }[] = []
    const fills: object[] = []
    const checks: object[] = []
    const history: object[] = []
    for (const recorded of events) {
      if (recorded.type === 'InspectionDue' || recorded.type === 'InspectionOverdue') {
        const data = recorded.data as { subjectKind?: string; subjectId?: string; dueDate?: string }
        if (data.subjectKind === 'cylinder' && data.subjectId && data.dueDate)
          cylinders.push({ key: data.subjectId, event: { type: recorded.type, data: { dueDate: data.dueDate } } })
        continue
      }
      const event = upcastCylinderEvent(recorded)
      if (!event) continue
      const position = { position_commit: recorded.position.commit, position_prepare: recorded.position.prepare }
      switch (event.type) {
        case 'CylinderFilled': {
          const e = event.data
          fills.push({
            fill_id: e.fillId,
            event_id: recorded.id,
            cylinder_code: e.cylinderCode,
            station_id: e.stationId,
            region_code: e.regionCode,
            operator_id: e.operatorId,
            filled_at: e.filledAt,
            fill_date: chinaDate(e.filledAt),
            gas: e.gas,
            quantity_kg: e.quantityKg,
            pre_fill_checks: e.preFillChecks,
            post_fill_checks: e.postFillChecks,
            prefill_check_id: e.prefillCheckId ?? null,
            terminal_id: e.terminalId ?? null,
            ...position,
          })
          break
        }
        case 'CylinderFillChecked': {
          const e = event.data
          checks.push({
            check_id: e.checkId,
            event_id: recorded.id,
            cylinder_code: e.cylinderCode,
            station_id: e.stationId,
            region_code: e.regionCode,
            operator_id: e.operatorId ?? null,
            checked_at: e.checkedAt,
            check_date: chinaDate(e.checkedAt),
            decision: e.decision,
            reasons: e.reasons,
            basis: e.basis,
            ...position,
          })
          break
        }
        case 'CylinderEntrusted':
        case 'CylinderEntrustmentEnded':
          entrustments.push({ id: recorded.id, event })
          history.push(historyRow(event, recorded))
          cylinders.push({ key: event.data.cylinderCode, event })
          break
        case 'CylinderRegistered':
        case 'CylinderInspected':
        case 'CylinderScrapped':
        case 'CylinderMarkedRefurbished':
          history.push(historyRow(event, recorded))
          cylinders.push({ key: event.data.cylinderCode, event })
          break
        default:
          break
      }
    }
    await new BatchRows<CylinderRow>('cyl_cylinders', 'code').evolveAll(tx, cylinders, evolveCylinder)
    await writeEntrustments(tx, entrustments)
    await appendRows(tx, 'cyl_history', history)
    await appendRows(tx, 'cyl_fills', fills)
    await appendRows(tx, 'cyl_fill_checks', checks)
  },

  async reset(tx) {
    await tx.query('TRUNCATE cyl_cylinders, cyl_entrustments, cyl_history, cyl_fills, cyl_fill_checks')
  },
}

/** The cylinder's history row (for the trace): every event of its own stream. */
function historyRow(event: StreamEvent, recorded: RecordedEvent): object {
  return {
    event_id: recorded.id,
    cylinder_code: event.data.cylinderCode,
    type: event.type,
    occurred_at: recorded.metadata.occurredAt,
    position_commit: recorded.position.commit,
    position_prepare: recorded.position.prepare,
    organisation_id: recorded.metadata.actor.organisationId,
    data: event.data,
  }
}

/**
 * The cylinder's row after one event (pure); undefined: not registered (yet). A second
 * registration of a code changes nothing; the other events change a registered row only.
 */
export function evolveCylinder(
  row: CylinderRow | undefined,
  event: StreamEvent | ScheduledEvent,
): CylinderRow | undefined {
  if (event.type === 'CylinderRegistered') return row ?? registeredRow(event.data)
  if (!row) return undefined
  switch (event.type) {
    case 'CylinderEntrusted': {
      const e = event.data
      const periods = [
        ...(row.entrustments[e.stationId] ?? []),
        { from: e.entrustedFrom, until: e.entrustedUntil ?? null },
      ]
      return { ...row, entrustments: { ...row.entrustments, [e.stationId]: periods } }
    }
    case 'CylinderEntrustmentEnded': {
      // Close the open periods of this station: until = the last day it may fill.
      const e = event.data
      const periods = (row.entrustments[e.stationId] ?? []).map((p) =>
        p.until == null || p.until > e.endedOn ? { ...p, until: e.endedOn } : p,
      )
      return { ...row, entrustments: { ...row.entrustments, [e.stationId]: periods } }
    }
    case 'CylinderInspected': {
      const e = event.data
      // The last inspection is the latest-dated agency result (a report entered late is not; a
      // registration's stated date, without a result, is).
      const latest =
        row.last_inspection_result === null ||
        row.last_inspection_date === null ||
        e.inspectionDate >= row.last_inspection_date
      return {
        ...row,
        ...(latest ? { last_inspection_date: e.inspectionDate, last_inspection_result: e.result } : {}),
        next_inspection_date: e.nextInspectionDate ?? row.next_inspection_date,
        design_life_end_date: e.designLifeEndDate ?? row.design_life_end_date,
        scrapped_on: e.result === 'scrap' ? (row.scrapped_on ?? e.inspectionDate) : row.scrapped_on,
      }
    }
    case 'CylinderScrapped':
      return { ...row, scrapped_on: row.scrapped_on ?? event.data.scrappedOn }
    case 'CylinderMarkedRefurbished':
      // Declared at registration: refused always (no day); found later: from the first finding's day.
      return { ...row, refurbished_on: row.refurbished ? row.refurbished_on : event.data.markedOn, refurbished: true }
    case 'InspectionDue':
      return { ...row, due_raised_for: event.data.dueDate }
    case 'InspectionOverdue':
      return { ...row, overdue_raised_for: event.data.dueDate }
  }
}

function registeredRow(e: CylinderEventData<'CylinderRegistered'>): CylinderRow {
  return {
    code: e.cylinderCode,
    cylinder_type: e.cylinderType,
    gas: e.gas,
    manufacturer: e.manufacturer,
    serial_number: e.serialNumber ?? null,
    manufacture_date: e.manufactureDate,
    owner_organisation_id: e.ownerOrganisationId,
    station_id: e.stationId,
    region_code: e.regionCode,
    refurbished: e.refurbished,
    registered_on: e.registeredOn,
    next_inspection_date: e.nextInspectionDate,
    design_life_end_date: e.designLifeEndDate,
    last_inspection_date: e.lastInspectionDate ?? null,
    last_inspection_result: null,
    scrapped_on: null,
    refurbished_on: null,
    entrustments: {},
    due_raised_for: null,
    overdue_raised_for: null,
    rule_version: e.ruleVersion,
  }
}

/**
 * The entrustment rows (one per CylinderEntrusted, whether or not the cylinder is registered):
 * an end closes the station's open ones, those of this batch included.
 */
async function writeEntrustments(
  tx: SqlExecutor,
  events: readonly { id: string; event: Extract<ChangeEvent, { type: `CylinderEntrust${string}` }> }[],
): Promise<void> {
  if (events.length === 0) return
  const rows = new BatchRows<EntrustmentRow>('cyl_entrustments', 'event_id')
  await rows.loadWhere(
    tx,
    'cylinder_code',
    events.map(({ event }) => event.data.cylinderCode),
  )
  for (const { id, event } of events) {
    const e = event.data
    if (event.type === 'CylinderEntrusted') {
      if (rows.get(id)) continue
      rows.set(id, {
        cylinder_code: e.cylinderCode,
        station_id: e.stationId,
        owner_organisation_id: event.data.ownerOrganisationId,
        entrusted_from: event.data.entrustedFrom,
        entrusted_until: event.data.entrustedUntil ?? null,
        ended_on: null,
        event_id: id,
      })
    } else {
      for (const row of [...rows.values()])
        if (row.cylinder_code === e.cylinderCode && row.station_id === e.stationId && row.ended_on === null)
          rows.set(row.event_id, { ...row, ended_on: event.data.endedOn })
    }
  }
  await rows.flush(tx)
}
