import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { upcastCylinderEvent, type CylinderEventData } from '@gsr/events/cylinders'
import type { Projection } from '@gsr/projections'
import { cylinderRegisterMigrations } from './cylinderRegisterTables.ts'
import { prefillFactsMigrations } from './prefillFacts.ts'
import { chinaDate } from '@gsr/domain'

const cylinderStreamTypes = [
  'CylinderRegistered',
  'CylinderEntrusted',
  'CylinderEntrustmentEnded',
  'CylinderInspected',
  'CylinderScrapped',
  'CylinderMarkedRefurbished',
]

/**
 * Read model `cylinder_register`: the register (one row per code, with what the pre-fill check
 * needs in that row), entrustments, each cylinder's history, fills and pre-fill check answers.
 * Fills, checks, registrations and history rows of a batch are written with one INSERT each
 * (offline uploads and bulk registrations arrive in thousands); other changes of a cylinder row
 * (entrustment, inspection, scrapping) one event at a time, after the registrations before them.
 */
export const cylinderRegisterProjection: Projection = {
  name: 'cylinder_register',
  migrations: [...cylinderRegisterMigrations, ...prefillFactsMigrations],
  eventTypes: [...cylinderStreamTypes, 'CylinderFilled', 'CylinderFillChecked', 'InspectionDue', 'InspectionOverdue'],

  async apply(events, tx) {
    const fills: Record<string, unknown>[] = []
    const checks: Record<string, unknown>[] = []
    const history: Record<string, unknown>[] = []
    // Registrations are written in bulk; any other change of a cylinder row first writes the
    // registrations seen before it (it may update one of them).
    let registrations: Record<string, unknown>[] = []
    const flushRegistrations = async () => {
      if (registrations.length === 0) return
      await insertRegistrations(registrations, tx)
      registrations = []
    }
    for (const recorded of events) {
      if (recorded.type === 'InspectionDue' || recorded.type === 'InspectionOverdue') {
        await flushRegistrations()
        await applyScheduled(recorded, tx)
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
        case 'CylinderRegistered': {
          history.push(historyRow(event, recorded))
          registrations.push(registrationRow(event.data))
          break
        }
        case 'CylinderEntrusted':
        case 'CylinderEntrustmentEnded':
        case 'CylinderInspected':
        case 'CylinderScrapped':
        case 'CylinderMarkedRefurbished':
          history.push(historyRow(event, recorded))
          await flushRegistrations()
          await applyCylinderEvent(event, recorded.id, tx)
          break
        default:
          break
      }
    }
    await flushRegistrations()
    if (history.length > 0) {
      await tx.query(
        `INSERT INTO cyl_history
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           event_id text, cylinder_code text, type text, occurred_at timestamptz, position_commit int8,
           position_prepare int8, organisation_id text, data jsonb)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify(history)],
      )
    }
    if (fills.length > 0) {
      await tx.query(
        `INSERT INTO cyl_fills
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           fill_id text, event_id text, cylinder_code text, station_id text, region_code text, operator_id text,
           filled_at timestamptz, fill_date text, gas text, quantity_kg float8, pre_fill_checks jsonb,
           post_fill_checks jsonb, prefill_check_id text, terminal_id text, position_commit int8, position_prepare int8)
         ON CONFLICT (station_id, fill_date, filled_at, fill_id) DO NOTHING`,
        [JSON.stringify(fills)],
      )
    }
    if (checks.length > 0) {
      await tx.query(
        `INSERT INTO cyl_fill_checks
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           check_id text, event_id text, cylinder_code text, station_id text, region_code text, operator_id text,
           checked_at timestamptz, check_date text, decision text, reasons jsonb, basis jsonb,
           position_commit int8, position_prepare int8)
         ON CONFLICT (check_id) DO NOTHING`,
        [JSON.stringify(checks)],
      )
    }
  },

  async reset(tx) {
    await tx.query('TRUNCATE cyl_cylinders, cyl_entrustments, cyl_history, cyl_fills, cyl_fill_checks')
  },
}

type StreamEvent = { type: 'CylinderRegistered'; data: CylinderEventData<'CylinderRegistered'> } | ChangeEvent
type ChangeEvent =
  | { type: 'CylinderEntrusted'; data: CylinderEventData<'CylinderEntrusted'> }
  | { type: 'CylinderEntrustmentEnded'; data: CylinderEventData<'CylinderEntrustmentEnded'> }
  | { type: 'CylinderInspected'; data: CylinderEventData<'CylinderInspected'> }
  | { type: 'CylinderScrapped'; data: CylinderEventData<'CylinderScrapped'> }
  | { type: 'CylinderMarkedRefurbished'; data: CylinderEventData<'CylinderMarkedRefurbished'> }

/** The cylinder's history row (for the trace): every event of its own stream. */
function historyRow(event: StreamEvent, recorded: RecordedEvent): Record<string, unknown> {
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

function registrationRow(e: CylinderEventData<'CylinderRegistered'>): Record<string, unknown> {
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
    rule_version: e.ruleVersion,
  }
}

/** Registrations in one statement (a bulk registration or a rebuild brings thousands per batch). */
async function insertRegistrations(rows: readonly Record<string, unknown>[], tx: SqlExecutor): Promise<void> {
  await tx.query(
    `INSERT INTO cyl_cylinders (code, cylinder_type, gas, manufacturer, serial_number, manufacture_date,
       owner_organisation_id, station_id, region_code, refurbished, registered_on, next_inspection_date,
       design_life_end_date, last_inspection_date, rule_version)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
       code text, cylinder_type text, gas text, manufacturer text, serial_number text, manufacture_date text,
       owner_organisation_id text, station_id text, region_code text, refurbished boolean, registered_on text,
       next_inspection_date text, design_life_end_date text, last_inspection_date text, rule_version text)
     ON CONFLICT (code) DO NOTHING`,
    [JSON.stringify(rows)],
  )
}

/** Changes of a registered cylinder's row, one event at a time (they are few). */
async function applyCylinderEvent(event: ChangeEvent, eventId: string, tx: SqlExecutor): Promise<void> {
  const code = event.data.cylinderCode
  switch (event.type) {
    case 'CylinderEntrusted': {
      const e = event.data
      const period = { from: e.entrustedFrom, until: e.entrustedUntil ?? null }
      await tx.query(
        `UPDATE cyl_cylinders
         SET entrustments = jsonb_set(entrustments, ARRAY[$2::text],
               COALESCE(entrustments -> $2::text, '[]'::jsonb) || jsonb_build_array($3::jsonb))
         WHERE code = $1`,
        [code, e.stationId, JSON.stringify(period)],
      )
      await tx.query(
        `INSERT INTO cyl_entrustments (cylinder_code, station_id, owner_organisation_id, entrusted_from, entrusted_until, event_id)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
        [code, e.stationId, e.ownerOrganisationId, e.entrustedFrom, e.entrustedUntil ?? null, eventId],
      )
      return
    }
    case 'CylinderEntrustmentEnded': {
      const e = event.data
      // Close the open periods of this station: until = the last day it may fill.
      await tx.query(
        `UPDATE cyl_cylinders
         SET entrustments = jsonb_set(entrustments, ARRAY[$2::text], (
           SELECT COALESCE(jsonb_agg(CASE WHEN p ->> 'until' IS NULL OR p ->> 'until' > $3
                                        THEN jsonb_set(p, '{until}', to_jsonb($3::text)) ELSE p END), '[]'::jsonb)
           FROM jsonb_array_elements(COALESCE(entrustments -> $2::text, '[]'::jsonb)) AS p))
         WHERE code = $1`,
        [code, e.stationId, e.endedOn],
      )
      await tx.query(
        `UPDATE cyl_entrustments SET ended_on = $3
         WHERE cylinder_code = $1 AND station_id = $2 AND ended_on IS NULL`,
        [code, e.stationId, e.endedOn],
      )
      return
    }
    case 'CylinderInspected': {
      const e = event.data
      await tx.query(
        `UPDATE cyl_cylinders
         SET last_inspection_date = $2, last_inspection_result = $3,
             next_inspection_date = COALESCE($4, next_inspection_date),
             design_life_end_date = COALESCE($5, design_life_end_date),
             scrapped_on = CASE WHEN $3 = 'scrap' THEN COALESCE(scrapped_on, $2) ELSE scrapped_on END
         WHERE code = $1`,
        [code, e.inspectionDate, e.result, e.nextInspectionDate ?? null, e.designLifeEndDate ?? null],
      )
      return
    }
    case 'CylinderScrapped':
      await tx.query('UPDATE cyl_cylinders SET scrapped_on = COALESCE(scrapped_on, $2) WHERE code = $1', [
        code,
        event.data.scrappedOn,
      ])
      return
    case 'CylinderMarkedRefurbished':
      // Declared at registration: refused always (no day); found later: from the first finding's day.
      await tx.query(
        `UPDATE cyl_cylinders SET refurbished_on = CASE WHEN refurbished THEN refurbished_on ELSE $2 END,
           refurbished = true WHERE code = $1`,
        [code, event.data.markedOn],
      )
      return
  }
}

/** The scheduler's due/overdue events for cylinders: remembered so the source skips them next time. */
async function applyScheduled(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
  const data = recorded.data as { subjectKind?: string; subjectId?: string; dueDate?: string }
  if (data.subjectKind !== 'cylinder' || !data.subjectId || !data.dueDate) return
  const column = recorded.type === 'InspectionDue' ? 'due_raised_for' : 'overdue_raised_for'
  await tx.query(`UPDATE cyl_cylinders SET ${column} = $2 WHERE code = $1`, [data.subjectId, data.dueDate])
}
