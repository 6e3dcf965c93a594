import type { SqlExecutor } from '@gsr/db'
import type { RecordedEvent } from '@gsr/event-store'
import { reportingDelay, chinaDate } from '@gsr/domain'
import { cylinderEventTypes } from '@gsr/events/cylinders'
import { equipmentEventTypes } from '@gsr/events/equipment'
import type { Projection } from '@gsr/projections'
import { appendRows } from '../BatchRows.ts'

export const lateReportsProjectionName = 'enforcement_late_reports'

/**
 * Facts organisations assert. The scheduler's InspectionDue/InspectionOverdue are dated by the
 * day they became true and may be appended later by design (a scheduler catching up), so they
 * are not reports. Nor are a registration code's claim and release: bookkeeping that the
 * registration (a report itself) is unique, dated by it.
 */
const notReports = new Set([
  'InspectionDue',
  'InspectionOverdue',
  'RegistrationCodeClaimed',
  'RegistrationCodeReleased',
])

export const lateReportEventTypes = [...equipmentEventTypes, ...cylinderEventTypes].filter(
  (type) => !notReports.has(type),
)

/** The region a fact belongs to, for the enforcement team's scope. */
function regionOf(data: unknown): string {
  const d = (data ?? {}) as Record<string, unknown>
  const region = d.region ?? d.regionCode ?? d.toRegion
  return typeof region === 'string' ? region : ''
}

/**
 * Read model `enf_late_reports`: every fact recorded more than the rule table's number of days
 * (`dateWindow.lateReportingDays`, per event type) after its field day (迟报), by the reporting
 * organisation (metadata.actor). A pure function of the log: occurredAt and recordedAt are
 * both in the event, so a rebuild marks the same facts.
 */
export function lateReportsProjection(): Projection {
  return {
    name: lateReportsProjectionName,
    eventTypes: lateReportEventTypes,
    migrations: [
      {
        name: 'enforcement_late_reports_001_create',
        up: `
          CREATE TABLE enf_late_reports (
            event_id text PRIMARY KEY,
            event_type text NOT NULL,
            stream_name text NOT NULL,
            revision int NOT NULL,
            organisation_id text NOT NULL,
            region text NOT NULL,
            occurred_at timestamptz NOT NULL,
            recorded_at timestamptz NOT NULL,
            recorded_on text NOT NULL,
            delay_days int NOT NULL
          );
          CREATE INDEX enf_late_reports_org ON enf_late_reports (organisation_id, recorded_on);
          CREATE INDEX enf_late_reports_stream ON enf_late_reports (stream_name, revision);
        `,
      },
    ],
    async apply(events: readonly RecordedEvent[], tx: SqlExecutor): Promise<void> {
      const rows = events.flatMap((event) => {
        const delay = reportingDelay(event.type, event.metadata.occurredAt, event.recordedAt)
        if (!delay?.lateReported) return []
        return [
          {
            event_id: event.id,
            event_type: event.type,
            stream_name: event.streamName,
            revision: event.revision,
            organisation_id: event.metadata.actor.organisationId,
            region: regionOf(event.data),
            occurred_at: event.metadata.occurredAt,
            recorded_at: event.recordedAt.toISOString(),
            recorded_on: chinaDate(event.recordedAt),
            delay_days: delay.delayDays,
          },
        ]
      })
      // One statement per batch (a replayed event's row is kept), not one round trip per row.
      await appendRows(tx, 'enf_late_reports', rows)
    },
    async reset(tx: SqlExecutor): Promise<void> {
      await tx.query('DELETE FROM enf_late_reports')
    },
  }
}
