import type { SqlExecutor } from '@gsr/db'
import type { DueDate, DueDateSource } from '@gsr/domain/equipment'
import { equipmentStreamName, pipelineStreamName } from '@gsr/events/equipment'

/**
 * The scheduler's view of the registers: active equipment and known pipelines whose due
 * date falls on or before `until`. `alreadyRaised` (from due_state) lets the scheduler skip
 * appends it knows are recorded; the deterministic ids make the rest harmless anyway.
 */
function alreadyRaised(dueState: string): NonNullable<DueDate['alreadyRaised']> {
  if (dueState === 'overdue') return ['InspectionDue', 'InspectionOverdue']
  if (dueState === 'due') return ['InspectionDue']
  return []
}

export function equipmentDueDateSource(sql: SqlExecutor): DueDateSource {
  return {
    name: 'equipment_register',
    async dueDates(until) {
      const { rows } = await sql.query<{
        registration_code: string
        organisation_id: string
        region: string
        next_due_date: string
        due_state: string
      }>(
        `SELECT registration_code, organisation_id, region, next_due_date, due_state FROM equipment_register
         WHERE status = 'active' AND next_due_date <= $1 AND due_state <> 'overdue'`,
        [until],
      )
      return rows.map((r) => ({
        subjectKind: 'equipment',
        subjectId: r.registration_code,
        streamName: equipmentStreamName(r.registration_code),
        organisationId: r.organisation_id,
        region: r.region,
        dueDate: r.next_due_date,
        alreadyRaised: alreadyRaised(r.due_state),
      }))
    },
  }
}

export function pipelineDueDateSource(sql: SqlExecutor): DueDateSource {
  return {
    name: 'pipeline_register',
    async dueDates(until) {
      const { rows } = await sql.query<{
        pipeline_id: string
        organisation_id: string
        region: string
        next_due_date: string
        due_state: string
      }>(
        `SELECT pipeline_id, organisation_id, region, next_due_date, due_state FROM pipeline_register
         WHERE organisation_id IS NOT NULL AND next_due_date <= $1 AND due_state <> 'overdue'`,
        [until],
      )
      return rows.map((r) => ({
        subjectKind: 'pipeline',
        subjectId: r.pipeline_id,
        streamName: pipelineStreamName(r.pipeline_id),
        organisationId: r.organisation_id,
        region: r.region,
        dueDate: r.next_due_date,
        alreadyRaised: alreadyRaised(r.due_state),
      }))
    },
  }
}
