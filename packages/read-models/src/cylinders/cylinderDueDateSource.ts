import type { SqlExecutor } from '@gsr/db'
import type { DueDate, DueDateSource } from '@gsr/domain/equipment'

/**
 * Cylinders for the inspection scheduler: every cylinder not scrapped whose next periodic
 * inspection date is on or before `until`, from the register (indexed on the due date).
 * The scheduler's InspectionDue / InspectionOverdue go to the cylinder's own stream.
 */
export function cylinderDueDateSource(sql: SqlExecutor): DueDateSource {
  return {
    name: 'cylinders',
    async dueDates(until) {
      const { rows } = await sql.query<{
        code: string
        owner_organisation_id: string
        region_code: string
        next_inspection_date: string
        due_raised_for: string | null
        overdue_raised_for: string | null
      }>(
        `SELECT code, owner_organisation_id, region_code, next_inspection_date, due_raised_for, overdue_raised_for
         FROM cyl_cylinders WHERE scrapped_on IS NULL AND next_inspection_date <= $1
         ORDER BY next_inspection_date, code`,
        [until],
      )
      return rows.map((r): DueDate => {
        const alreadyRaised: ('InspectionDue' | 'InspectionOverdue')[] = []
        if (r.due_raised_for === r.next_inspection_date) alreadyRaised.push('InspectionDue')
        if (r.overdue_raised_for === r.next_inspection_date) alreadyRaised.push('InspectionOverdue')
        return {
          subjectKind: 'cylinder',
          subjectId: r.code,
          streamName: `cylinder-${r.code}`,
          organisationId: r.owner_organisation_id,
          region: r.region_code,
          dueDate: r.next_inspection_date,
          alreadyRaised,
        }
      })
    },
  }
}
