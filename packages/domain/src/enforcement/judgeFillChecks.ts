import type { ViolationFinding } from './ViolationFinding.ts'
import type { FillFact } from './judgeCylinderFill.ts'

/** The check items a fill must answer, from the fill-check rule table in force on the fill day. */
export interface RequiredFillChecks {
  readonly preFill: readonly string[]
  readonly postFill: readonly string[]
}

/**
 * Practice 4 (未实施充装前后检查制度): a fill whose pre-fill or post-fill check leaves a required
 * item unanswered; one violation per incomplete check, naming the missing items.
 */
export function judgeFillChecks(fill: FillFact, required: RequiredFillChecks): ViolationFinding[] {
  const found: ViolationFinding[] = []
  const check = (
    subReason: 'pre_fill_check_incomplete' | 'post_fill_check_incomplete',
    answered: readonly string[],
    items: readonly string[],
  ) => {
    const missing = items.filter((item) => !answered.includes(item))
    if (missing.length === 0) return
    found.push({
      category: 'fill_checks_missing',
      subReason,
      subjectKind: 'fill',
      subjectId: fill.fillId,
      organisationId: fill.stationId,
      region: fill.region,
      occurredAt: fill.filledAt,
      evidence: [fill.eventId],
      details: { cylinderCode: fill.cylinderCode, missingItems: missing },
    })
  }
  check('pre_fill_check_incomplete', fill.preFillItems, required.preFill)
  check('post_fill_check_incomplete', fill.postFillItems, required.postFill)
  return found
}
