import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'
import { RectificationOrderId } from './rectificationOrderEvents.ts'

/**
 * Raised by the scheduler on the order's stream (`rectification-order-<orderId>`) on the first
 * day after its deadline without a re-check (逾期未复查), as InspectionOverdue is for equipment:
 * dated that day, with an id derived from order + deadline, so a rerun records it once.
 */
export const RectificationOrderOverdue = defineEvent(
  'RectificationOrderOverdue',
  z.strictObject({
    orderId: RectificationOrderId,
    region: RegionCode,
    organisationId: OrganisationId,
    deadline: IsoDate,
    overdueSince: IsoDate,
  }),
)
