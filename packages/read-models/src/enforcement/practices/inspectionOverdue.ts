import { inspectionCuresOverdue, judgeInspectionOverdue, violationId } from '@gsr/domain/enforcement'
import type { Practice } from './Practice.ts'

/**
 * 1b Past the inspection due date without a passing inspection (超期未检), from the scheduler's
 * `InspectionOverdue`. Facts: none (the event carries them). Judge: judgeInspectionOverdue.
 * Cure: a passing or conditionally passing result for the subject (inspectionCuresOverdue).
 */
export const inspectionOverdue: Practice = {
  name: 'equipment_unregistered_or_uninspected/inspection_overdue',
  eventTypes: ['InspectionOverdue', 'InspectionResultRecorded'],
  begin: (batch) => ({
    async apply({ recorded, event }) {
      if (event.type === 'InspectionOverdue') {
        const d = event.data
        for (const f of judgeInspectionOverdue({ eventId: recorded.id, ...d })) {
          if (batch.found(violationId(f))) continue
          // Re-raised for a due date already recorded (or already cured): not a new violation.
          const { rows } = await batch.tx.query('SELECT 1 FROM enf_violations WHERE id = $1', [violationId(f)])
          if (rows.length === 0)
            batch.record(f, recorded, batch.refsOf(recorded), `inspection:${d.subjectKind}:${d.subjectId}`)
        }
      } else if (event.type === 'InspectionResultRecorded') {
        const d = event.data
        if (d.subjectKind === 'cylinder') return
        const probe = {
          eventId: '',
          subjectKind: d.subjectKind,
          subjectId: d.subjectId,
          organisationId: '',
          region: '',
          dueDate: '',
          overdueSince: '',
        }
        if (inspectionCuresOverdue({ eventId: recorded.id, ...d }, probe))
          await batch.cure(`inspection:${d.subjectKind}:${d.subjectId}`, recorded)
      }
    },
  }),
}
