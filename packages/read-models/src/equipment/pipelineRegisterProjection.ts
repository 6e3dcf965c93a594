import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import type { EquipmentEvent } from '@gsr/events/equipment'
import { olderThanDue } from '@gsr/domain/equipment'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'
import { keyedEquipmentEvents } from './keyedEquipmentEvents.ts'
import { withNextDueDate, withScheduledDueEvent } from './dueColumns.ts'
import type { PipelineRegisterTable } from './EquipmentReadModelDB.ts'
import { pipelineMissingStages } from './pipelineLifecycleGaps.ts'

/**
 * Read model `pipeline_register`: one row per gas pressure pipeline with its lifecycle stages,
 * what is missing (pipelineMissingStages) and what arrived out of order (anomalies).
 */
/** Every event of a pipeline's lifecycle, as both per-pipeline read models (this, enforcement's stages) read them. */
export const pipelineEventTypes = [
  'PipelineConstructionNotified',
  'PipelineConstructionStarted',
  'InstallationInspectionDeclared',
  'PipelineInUseRecorded',
  'PipelineFoundInUse',
  'PipelinePartiesNamed',
  'InspectionResultRecorded',
  'PeriodicInspectionDeclared',
  'InspectionDue',
  'InspectionOverdue',
] as const

type Row = PipelineRegisterTable

function keyOf(event: EquipmentEvent): string | undefined {
  switch (event.type) {
    case 'PipelineConstructionNotified':
    case 'PipelineConstructionStarted':
    case 'InstallationInspectionDeclared':
    case 'PipelineInUseRecorded':
    case 'PipelineFoundInUse':
    case 'PipelinePartiesNamed':
      return event.data.pipelineId
    case 'InspectionResultRecorded':
    case 'PeriodicInspectionDeclared':
    case 'InspectionDue':
    case 'InspectionOverdue':
      return event.data.subjectKind === 'pipeline' ? event.data.subjectId : undefined
    default:
      return undefined
  }
}

function emptyRow(pipelineId: string, region: string): Row {
  return {
    pipeline_id: pipelineId,
    organisation_id: null,
    installer_id: null,
    region,
    name: null,
    location: null,
    grade: null,
    length_meters: null,
    planned_start_date: null,
    notified_on: null,
    construction_started_on: null,
    construction_source: null,
    installation_declared_on: null,
    installation_inspected_on: null,
    installation_conclusion: null,
    found_in_use_on: null,
    in_use_recorded_on: null,
    in_use_complete: null,
    in_use_missing_fields: [],
    put_into_service_date: null,
    safety_grade: null,
    next_due_date: null,
    due_state: 'ok',
    due_since: null,
    overdue_since: null,
    periodic_declared_for_due_date: null,
    periodic_declared_on: null,
    periodic_declared_in_time: null,
    last_inspection_date: null,
    last_inspection_conclusion: null,
    missing_stages: [],
    anomalies: [],
  }
}

function withAnomaly(row: Row, anomaly: string): Row {
  return row.anomalies.includes(anomaly) ? row : { ...row, anomalies: [...row.anomalies, anomaly] }
}

function evolveStages(existing: Row | undefined, event: EquipmentEvent): Row | undefined {
  switch (event.type) {
    case 'PipelineConstructionNotified': {
      const d = event.data
      const base = existing ?? emptyRow(d.pipelineId, d.region)
      // Owner, installer and region are those first recorded: a later notification (the log
      // may hold some from before they were refused) never takes a pipeline over.
      let row: Row = {
        ...base,
        organisation_id: base.organisation_id ?? d.organisationId,
        installer_id: base.installer_id ?? d.installerId,
        name: d.name,
        location: d.location,
        grade: d.grade,
        length_meters: d.lengthMeters ?? null,
        planned_start_date: d.plannedStartDate,
        notified_on: d.notifiedOn,
      }
      if (row.construction_started_on !== null && d.notifiedOn > row.construction_started_on) {
        row = withAnomaly(row, 'notified_after_construction_started')
      }
      return row
    }
    case 'PipelineConstructionStarted': {
      const d = event.data
      const base = existing ?? emptyRow(d.pipelineId, d.region)
      const row: Row = {
        ...base,
        organisation_id: base.organisation_id ?? d.organisationId ?? null,
        installer_id: base.installer_id ?? d.installerId ?? null,
        location: base.location ?? d.location ?? null,
        construction_started_on: d.startedOn,
        construction_source: d.source,
      }
      return row.notified_on !== null && row.notified_on > d.startedOn
        ? withAnomaly(row, 'notified_after_construction_started')
        : row
    }
    case 'PipelineInUseRecorded': {
      const d = event.data
      const text = (field: string) => {
        const value = d.record[field]
        return value === undefined || value === '' ? null : String(value)
      }
      const base = existing ?? emptyRow(d.pipelineId, d.region)
      const length = Number(d.record['lengthMeters'])
      const row: Row = {
        ...base,
        organisation_id: base.organisation_id ?? d.organisationId,
        name: base.name ?? text('name'),
        location: base.location ?? text('location'),
        grade: base.grade ?? text('grade'),
        length_meters: base.length_meters ?? (Number.isFinite(length) && length > 0 ? length : null),
        in_use_recorded_on: d.recordedOn,
        in_use_complete: d.complete,
        in_use_missing_fields: d.missingFields,
        put_into_service_date: d.putIntoServiceDate ?? text('putIntoServiceDate') ?? base.put_into_service_date,
        safety_grade: d.safetyGrade ?? base.safety_grade,
      }
      return d.nextInspectionDue !== undefined && d.nextInspectionDue !== base.next_due_date
        ? withNextDueDate(row, d.nextInspectionDue)
        : row
    }
    case 'PipelineFoundInUse': {
      // A finding may be the first the registry hears of a pipeline: it knows it from that day.
      const d = event.data
      const base = existing ?? emptyRow(d.pipelineId, d.region)
      return {
        ...base,
        organisation_id: base.organisation_id ?? d.organisationId ?? null,
        installer_id: base.installer_id ?? d.installerId ?? null,
        location: base.location ?? d.location,
        found_in_use_on:
          base.found_in_use_on === null || d.foundOn < base.found_in_use_on ? d.foundOn : base.found_in_use_on,
      }
    }
    default:
      break
  }
  if (!existing) return undefined
  const row = existing
  switch (event.type) {
    case 'PipelinePartiesNamed':
      return {
        ...row,
        organisation_id: row.organisation_id ?? event.data.organisationId ?? null,
        installer_id: row.installer_id ?? event.data.installerId ?? null,
      }
    case 'InstallationInspectionDeclared':
      return row.installation_inspected_on !== null
        ? withAnomaly(
            { ...row, installation_declared_on: event.data.declaredOn },
            'installation_declared_after_inspection',
          )
        : { ...row, installation_declared_on: event.data.declaredOn }
    case 'InspectionResultRecorded': {
      const d = event.data
      // An older report recorded late (it sets no due date) is not the last inspection.
      if (d.nextDueDate === undefined && olderThanDue(row.last_inspection_date ?? undefined, d.inspectionDate))
        return row
      let next: Row = {
        ...row,
        last_inspection_date: d.inspectionDate,
        last_inspection_conclusion: d.conclusion,
        safety_grade: d.safetyGrade ?? row.safety_grade,
      }
      if (d.kind === 'installation_supervision') {
        next = { ...next, installation_inspected_on: d.inspectionDate, installation_conclusion: d.conclusion }
      }
      return d.nextDueDate === undefined ? next : withNextDueDate(next, d.nextDueDate)
    }
    case 'PeriodicInspectionDeclared':
      return {
        ...row,
        periodic_declared_for_due_date: event.data.dueDate,
        periodic_declared_on: event.data.declaredOn,
        periodic_declared_in_time: event.data.inTime,
      }
    case 'InspectionDue':
    case 'InspectionOverdue':
      return withScheduledDueEvent(row, event)
    default:
      return row
  }
}

export function evolvePipelineRow(existing: Row | undefined, event: EquipmentEvent): Row | undefined {
  const row = evolveStages(existing, event)
  if (!row || row === existing) return row
  return { ...row, missing_stages: pipelineMissingStages(row) }
}

export const pipelineRegisterProjection: Projection = {
  name: 'pipeline_register',
  // 2: an older inspection report recorded late is not the last inspection (4e259e7).
  version: 2,
  eventTypes: pipelineEventTypes,
  migrations: [
    {
      name: 'pipeline_register_001_create',
      up: `
        CREATE TABLE pipeline_register (
          pipeline_id text PRIMARY KEY,
          organisation_id text,
          installer_id text,
          region text NOT NULL,
          name text,
          location text,
          grade text,
          length_meters double precision,
          planned_start_date text,
          notified_on text,
          construction_started_on text,
          construction_source text,
          installation_declared_on text,
          installation_inspected_on text,
          installation_conclusion text,
          in_use_recorded_on text,
          in_use_complete boolean,
          in_use_missing_fields jsonb NOT NULL,
          put_into_service_date text,
          safety_grade int,
          next_due_date text,
          due_state text NOT NULL,
          due_since text,
          overdue_since text,
          periodic_declared_for_due_date text,
          periodic_declared_on text,
          periodic_declared_in_time boolean,
          last_inspection_date text,
          last_inspection_conclusion text,
          missing_stages jsonb NOT NULL,
          anomalies jsonb NOT NULL
        );
        CREATE INDEX pipeline_register_org_idx ON pipeline_register (organisation_id, pipeline_id);
        CREATE INDEX pipeline_register_installer_idx ON pipeline_register (installer_id, pipeline_id);
        CREATE INDEX pipeline_register_region_idx ON pipeline_register (region text_pattern_ops);
        CREATE INDEX pipeline_register_due_idx ON pipeline_register (next_due_date, pipeline_id);
      `,
    },
    {
      name: 'pipeline_register_002_found_in_use',
      up: `ALTER TABLE pipeline_register ADD COLUMN found_in_use_on text;`,
    },
  ],
  apply: (events: readonly RecordedEvent[], tx: SqlExecutor) =>
    new BatchRows<Row>('pipeline_register', 'pipeline_id').evolveAll(
      tx,
      keyedEquipmentEvents(events, keyOf),
      evolvePipelineRow,
    ),
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM pipeline_register')
  },
}
