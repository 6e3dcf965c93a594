import { addDays } from '../calendar.ts'
import { rectificationOrderRules } from './rectificationOrderRules.ts'

/** An order's dated facts, as the read model keeps them. */
export interface RectificationOrderFacts {
  readonly orderId: string
  readonly organisationId: string
  readonly categories: readonly string[]
  readonly issuedOn: string
  readonly deadline: string
  readonly deliveredOn: string | null
  readonly recheckedOn: string | null
  readonly outcome: 'rectified' | 'not_rectified' | null
}

export type RectificationOrderStatus = 'issued' | 'delivered' | 'rectified' | 'not_rectified'

/** The order's state on day `on` (field dates): what had happened by then. */
export function rectificationOrderStatusOn(order: RectificationOrderFacts, on: string): RectificationOrderStatus {
  if (order.recheckedOn !== null && order.recheckedOn <= on && order.outcome !== null) return order.outcome
  if (order.deliveredOn !== null && order.deliveredOn <= on) return 'delivered'
  return 'issued'
}

/** Past its deadline on `on` without a re-check by then (逾期未复查). */
export function isOverdueOn(order: RectificationOrderFacts, on: string): boolean {
  return order.deadline < on && !(order.recheckedOn !== null && order.recheckedOn <= on)
}

/**
 * A rebound (反弹): an earlier order at the same organisation, re-checked rectified before this
 * order was issued, sharing a problem category, with this order issued within the rule table's
 * window (in force on the issue day) after that re-check. The latest such order, or undefined.
 */
export function reboundOf(
  order: RectificationOrderFacts,
  earlier: readonly RectificationOrderFacts[],
): { readonly orderId: string; readonly categories: readonly string[]; readonly rectifiedOn: string } | undefined {
  const window = rectificationOrderRules.inForceOn(order.issuedOn)?.rules.reboundWindowDays
  if (window === undefined) return undefined
  const candidates = earlier
    .filter(
      (e) =>
        e.orderId !== order.orderId &&
        e.organisationId === order.organisationId &&
        e.outcome === 'rectified' &&
        e.recheckedOn !== null &&
        e.recheckedOn < order.issuedOn &&
        order.issuedOn <= addDays(e.recheckedOn, window),
    )
    .map((e) => ({ e, shared: e.categories.filter((c) => order.categories.includes(c)) }))
    .filter(({ shared }) => shared.length > 0)
    .sort((a, b) => b.e.recheckedOn!.localeCompare(a.e.recheckedOn!))
  const latest = candidates[0]
  return latest && { orderId: latest.e.orderId, categories: latest.shared, rectifiedOn: latest.e.recheckedOn! }
}
