import { createKysely, type SqlExecutor } from '@gsr/db'
import type { ScheduledFactSource } from '@gsr/domain'
import { rectificationOrderOverdueFact } from '@gsr/domain/enforcement'
import type { RectificationOrderTables } from './rectificationOrdersProjection.ts'

/**
 * The scheduler's view of rectification orders: those past their deadline on `today` with
 * neither a re-check nor a RectificationOrderOverdue yet (the row's `overdue_since`).
 */
export function rectificationOrderOverdueSource(sql: SqlExecutor): ScheduledFactSource {
  return {
    name: 'rectification_orders',
    async facts(today) {
      const rows = await createKysely<RectificationOrderTables>(sql)
        .selectFrom('enf_rectification_orders')
        .select(['order_id', 'region', 'organisation_id', 'deadline', 'rechecked_on'])
        .where('rechecked_on', 'is', null)
        .where('overdue_since', 'is', null)
        .where('deadline', '<', today)
        .execute()
      return rows.flatMap((r) => {
        const fact = rectificationOrderOverdueFact(
          {
            orderId: r.order_id,
            region: r.region,
            organisationId: r.organisation_id,
            deadline: r.deadline,
            recheckedOn: r.rechecked_on,
          },
          today,
        )
        return fact ? [fact] : []
      })
    },
  }
}
