import type { ViolationFinding } from './ViolationFinding.ts'
import type { CylinderStateAt } from './cylinderStateAt.ts'

/** A fill record, as far as the enforcement rules care. */
export interface FillFact {
  readonly eventId: string
  readonly fillId: string
  readonly cylinderCode: string
  readonly stationId: string
  readonly region: string
  readonly operatorPersonId: string
  /** ISO instant of the fill, and its field day in China time. */
  readonly filledAt: string
  readonly day: string
  readonly preFillItems: readonly string[]
  readonly postFillItems: readonly string[]
}

/**
 * Practice 3 (充装不符合要求气瓶): one violation per reason the cylinder was not fillable by
 * this station on the fill day, judged from its state on that day. An unregistered cylinder
 * has no register entry to judge further, so "unregistered" is its only reason.
 */
export function judgeCylinderFill(fill: FillFact, state: CylinderStateAt): ViolationFinding[] {
  const found: ViolationFinding[] = []
  const add = (
    subReason: ViolationFinding['subReason'],
    evidence: readonly string[],
    details?: Record<string, unknown>,
  ) =>
    found.push({
      category: 'noncompliant_cylinder_filled',
      subReason,
      subjectKind: 'fill',
      subjectId: fill.fillId,
      organisationId: fill.stationId,
      region: fill.region,
      occurredAt: fill.filledAt,
      evidence: [fill.eventId, ...evidence],
      details: { cylinderCode: fill.cylinderCode, ...details },
    })
  const registered = state.registered
  if (!registered) {
    add('unregistered', [])
    return found
  }
  const { ownerOrganisationId, refurbished, designLifeEndDate } = registered.value
  if (ownerOrganisationId !== fill.stationId && !state.entrustedTo.has(fill.stationId))
    add('not_owned_nor_entrusted', [registered.eventId], { ownerOrganisationId })
  if (refurbished) add('refurbished', [registered.eventId])
  if (state.nextInspectionDate && fill.day > state.nextInspectionDate.value)
    add('inspection_overdue', [state.nextInspectionDate.eventId], {
      nextInspectionDate: state.nextInspectionDate.value,
    })
  if (state.lastInspection?.value === 'fail') add('failed_last_inspection', [state.lastInspection.eventId])
  if (state.scrapped) add('scrapped', [state.scrapped.eventId], { scrappedOn: state.scrapped.value })
  if (fill.day > designLifeEndDate) add('past_design_life', [registered.eventId], { designLifeEndDate })
  return found
}
