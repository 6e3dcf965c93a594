import { createKysely, type SqlExecutor } from '@gsr/db'
import type { ScheduledFactSource } from '@gsr/domain'
import { penaltyCaseOverdueFact } from '@gsr/domain/enforcement'
import type { PenaltyCaseTables } from './penaltyCasesProjection.ts'
import { penaltyCaseFactsOf } from './penaltyCaseQueries.ts'

/**
 * The scheduler's view of penalty cases: those neither decided, closed nor dropped, past their
 * decision due day (the extended one if any) on `today`, without a PenaltyCaseOverdue yet (the
 * row's `overdue_since`). The pure part (penaltyCaseOverdueFact) leaves out the police's cases.
 */
export function penaltyCaseOverdueSource(sql: SqlExecutor): ScheduledFactSource {
  return {
    name: 'penalty_cases',
    async facts(today) {
      const rows = await createKysely<PenaltyCaseTables>(sql)
        .selectFrom('enf_penalty_cases')
        .selectAll()
        .where('decided_on', 'is', null)
        .where('closed_on', 'is', null)
        .where('dropped_on', 'is', null)
        .where('overdue_since', 'is', null)
        .where('decision_due', '<', today)
        .execute()
      return rows.flatMap((r) => {
        const fact = penaltyCaseOverdueFact(
          { caseId: r.case_id, region: r.region, organisationId: r.organisation_id, facts: penaltyCaseFactsOf(r) },
          today,
        )
        return fact ? [fact] : []
      })
    },
  }
}
