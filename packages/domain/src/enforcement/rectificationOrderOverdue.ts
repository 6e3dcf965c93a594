import type { EnforcementEventOf } from '@gsr/events/enforcement'
import { enforcementSchemaVersionOf, rectificationOrderStreamName } from '@gsr/events/enforcement'
import { addDays } from '../calendar.ts'
import { gsrEventNamespace, uuidv5 } from '../equipment/uuidv5.ts'
import type { ScheduledFact } from '../ScheduledFact.ts'

/** An open order as the scheduler sees it. */
export interface OpenRectificationOrder {
  readonly orderId: string
  readonly region: string
  readonly organisationId: string
  readonly deadline: string
  readonly recheckedOn: string | null
}

/**
 * The scheduler's pure part for orders: RectificationOrderOverdue, dated the first day after
 * the deadline, once `today` has reached it and no re-check was recorded by then (a re-check
 * on that day or before keeps it from being raised). Its id is derived from order + deadline.
 */
export function rectificationOrderOverdueFact(order: OpenRectificationOrder, today: string): ScheduledFact | undefined {
  const overdueSince = addDays(order.deadline, 1)
  if (today < overdueSince) return undefined
  if (order.recheckedOn !== null && order.recheckedOn <= overdueSince) return undefined
  const event: EnforcementEventOf<'RectificationOrderOverdue'> = {
    type: 'RectificationOrderOverdue',
    data: {
      orderId: order.orderId,
      region: order.region,
      organisationId: order.organisationId,
      deadline: order.deadline,
      overdueSince,
    },
  }
  return {
    id: uuidv5(`RectificationOrderOverdue:${order.orderId}:${order.deadline}`, gsrEventNamespace),
    streamName: rectificationOrderStreamName(order.orderId),
    on: overdueSince,
    event,
    schemaVersion: enforcementSchemaVersionOf('RectificationOrderOverdue'),
  }
}
