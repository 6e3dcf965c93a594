import type { Migration, SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { parseEnforcementEvent, type EnforcementEvent } from '@gsr/events/enforcement'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'

/**
 * Read model `supervision_inspections`: one row per routine supervision inspection (日常监督
 * 检查), with its field day and month, so the lists and the statistics by region and month
 * (done, with problems, clean) read the rows alone. Recorded once: a row never changes.
 */
export interface SupervisionInspectionRow {
  inspection_id: string
  enforcement_organisation_id: string
  region: string
  organisation_id: string
  site: string | null
  subject_kind: string
  inspected_on: string
  /** YYYY-MM of `inspected_on`, for the statistics. */
  inspected_month: string
  inspectors: { name: string; certificateNumber?: string | undefined }[]
  items: { itemId: string; result: 'passed' | 'failed' | 'not_applicable'; notes?: string | undefined }[]
  result: 'no_problem' | 'problems_found'
  finding_ids: string[]
  photo_references: string[]
  assignment_id: string | null
  checklist: { name: string; version: string }
  notes: string | null
  recorded_event_id: string
}

export interface SupervisionInspectionTables {
  enf_supervision_inspections: SupervisionInspectionRow
}

const migrations: readonly Migration[] = [
  {
    name: 'supervision_inspections_001_tables',
    up: `
      CREATE TABLE enf_supervision_inspections (
        inspection_id text PRIMARY KEY,
        enforcement_organisation_id text NOT NULL,
        region text NOT NULL,
        organisation_id text NOT NULL,
        site text,
        subject_kind text NOT NULL,
        inspected_on text NOT NULL,
        inspected_month text NOT NULL,
        inspectors jsonb NOT NULL,
        items jsonb NOT NULL,
        result text NOT NULL,
        finding_ids jsonb NOT NULL,
        photo_references jsonb NOT NULL,
        assignment_id text,
        checklist jsonb NOT NULL,
        notes text,
        recorded_event_id text NOT NULL
      );
      CREATE INDEX enf_supervision_inspections_region ON enf_supervision_inspections (region, inspected_on, inspection_id);
      CREATE INDEX enf_supervision_inspections_organisation ON enf_supervision_inspections (organisation_id, inspected_on);
    `,
  },
]

/** The row after one event (pure); a row is written once, by its SupervisionInspectionRecorded. */
export function evolveSupervisionInspection(
  row: SupervisionInspectionRow | undefined,
  event: EnforcementEvent,
  eventId: string,
): SupervisionInspectionRow | undefined {
  if (event.type !== 'SupervisionInspectionRecorded') return row
  const e = event.data
  return {
    inspection_id: e.inspectionId,
    enforcement_organisation_id: e.enforcementOrganisationId,
    region: e.region,
    organisation_id: e.organisationId,
    site: e.site ?? null,
    subject_kind: e.subjectKind,
    inspected_on: e.inspectedOn,
    inspected_month: e.inspectedOn.slice(0, 7),
    inspectors: e.inspectors,
    items: e.items,
    result: e.result,
    finding_ids: e.findingIds,
    photo_references: e.photoReferences,
    assignment_id: e.assignmentId ?? null,
    checklist: e.checklist,
    notes: e.notes ?? null,
    recorded_event_id: eventId,
  }
}

export const supervisionInspectionsProjectionName = 'supervision_inspections'

export function supervisionInspectionsProjection(): Projection {
  return {
    name: supervisionInspectionsProjectionName,
    migrations,
    eventTypes: ['SupervisionInspectionRecorded'],
    async apply(events: readonly RecordedEvent[], tx: SqlExecutor) {
      const items = events.flatMap((recorded) => {
        const event = parseEnforcementEvent(recorded)
        return event?.type === 'SupervisionInspectionRecorded'
          ? [{ key: event.data.inspectionId, event: { id: recorded.id, event } }]
          : []
      })
      await new BatchRows<SupervisionInspectionRow>('enf_supervision_inspections', 'inspection_id').evolveAll(
        tx,
        items,
        (row, { id, event }) => evolveSupervisionInspection(row, event, id),
      )
    },
    async reset(tx) {
      await tx.query('DELETE FROM enf_supervision_inspections')
    },
  }
}
