import type { PrefillDenyReason } from '@gsr/events/cylinders'
import type { OperatorCertificateStatus } from './operatorCertificateStatus.ts'

/** The operator work category a cylinder fill needs (TSG Z6001: P, 气瓶充装). */
export const fillingWorkCategory = 'P'

/** What the read model knows about a cylinder, for one station, at the time of the check. */
export interface PrefillCylinderFacts {
  readonly ownerOrganisationId: string
  readonly refurbished: boolean
  /** The field day an agency or enforcement found it refurbished; absent: declared at registration (always). */
  readonly refurbishedOn?: string | null | undefined
  readonly nextInspectionDate: string
  readonly designLifeEndDate: string
  readonly lastInspectionResult?: string | null | undefined
  readonly scrapped: boolean
  /** The field day it was scrapped (by its owner, an agency's result, or enforcement): refused from that day. */
  readonly scrappedOn?: string | null | undefined
  /** Entrustments of this cylinder to the asking station (inclusive dates). */
  readonly entrustments: readonly { readonly from: string; readonly until?: string | null | undefined }[]
}

export interface PrefillCheckInput {
  /** Undefined when the code is not registered. */
  readonly cylinder: PrefillCylinderFacts | undefined
  readonly stationId: string
  /** Local date of the check (YYYY-MM-DD, China time). */
  readonly date: string
  /** Present when an operator is named: their P (cylinder filling) certificate status then. */
  readonly operatorStatus?: OperatorCertificateStatus | undefined
}

export interface PrefillCheckAnswer {
  readonly decision: 'allow' | 'deny'
  readonly reasons: readonly PrefillDenyReason[]
}

/**
 * "May station S fill cylinder C now?" Every reason that applies is listed, in a stable order,
 * so the station and enforcement see the whole picture at once. An unregistered cylinder has
 * no facts to check beyond that (and the operator).
 */
export function prefillCheck(input: PrefillCheckInput): PrefillCheckAnswer {
  const reasons: PrefillDenyReason[] = []
  const c = input.cylinder
  const date = input.date
  if (!c) {
    reasons.push('unregistered')
  } else {
    const owned = c.ownerOrganisationId === input.stationId
    const entrusted = c.entrustments.some((e) => e.from <= date && (e.until == null || date <= e.until))
    if (!owned && !entrusted) reasons.push('not_owned_nor_entrusted')
    // A marking counts from its field day: a fill the day before it (uploaded later) was not yet refused.
    if (c.refurbished && (c.refurbishedOn == null || c.refurbishedOn <= date)) reasons.push('refurbished')
    if (date > c.nextInspectionDate) reasons.push('inspection_overdue')
    if (c.lastInspectionResult === 'fail') reasons.push('failed_last_inspection')
    if ((c.scrapped && (c.scrappedOn == null || c.scrappedOn <= date)) || c.lastInspectionResult === 'scrap')
      reasons.push('scrapped')
    if (date > c.designLifeEndDate) reasons.push('past_design_life')
  }
  if (input.operatorStatus !== undefined && input.operatorStatus !== 'valid') reasons.push('operator_not_certified')
  return { decision: reasons.length === 0 ? 'allow' : 'deny', reasons }
}
