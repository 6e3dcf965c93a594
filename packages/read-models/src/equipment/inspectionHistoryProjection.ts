import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { parseEquipmentEvent } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'

/** Read model `inspection_history`: every inspection result, of equipment and pipelines. */
export const inspectionHistoryProjection: Projection = {
  name: 'inspection_history',
  eventTypes: ['InspectionResultRecorded'],
  migrations: [
    {
      name: 'inspection_history_001_create',
      up: `
        CREATE TABLE inspection_history (
          event_id text PRIMARY KEY,
          subject_kind text NOT NULL,
          subject_id text NOT NULL,
          organisation_id text NOT NULL,
          region text NOT NULL,
          agency_id text NOT NULL,
          kind text NOT NULL,
          conclusion text NOT NULL,
          report_number text NOT NULL,
          inspectors jsonb NOT NULL,
          inspection_date text NOT NULL,
          next_due_date text,
          recorded_at timestamptz NOT NULL
        );
        CREATE INDEX inspection_history_subject_idx ON inspection_history (subject_kind, subject_id, inspection_date);
        CREATE INDEX inspection_history_agency_idx ON inspection_history (agency_id, inspection_date);
      `,
    },
  ],
  async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
    for (const recorded of events) {
      const event = parseEquipmentEvent(recorded)
      if (event?.type !== 'InspectionResultRecorded') continue
      const d = event.data
      await tx.query(
        `INSERT INTO inspection_history (event_id, subject_kind, subject_id, organisation_id, region, agency_id, kind,
           conclusion, report_number, inspectors, inspection_date, next_due_date, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13) ON CONFLICT (event_id) DO NOTHING`,
        [
          recorded.id,
          d.subjectKind,
          d.subjectId,
          d.organisationId,
          d.region,
          d.agencyId,
          d.kind,
          d.conclusion,
          d.reportNumber,
          JSON.stringify(d.inspectors),
          d.inspectionDate,
          d.nextDueDate ?? null,
          recorded.recordedAt,
        ],
      )
    }
  },
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.query('DELETE FROM inspection_history')
  },
}
