import { cylinderTypes, type CylinderType } from '@gsr/events/cylinders'
import { cylinderTypeRuleOn } from '../cylinders/cylinderTypeRules.ts'
import type { ViolationFinding } from './ViolationFinding.ts'
import type { FillFact } from './judgeCylinderFill.ts'

/** The check items a fill must answer, from the fill-check rule table in force on the fill day. */
export interface RequiredFillChecks {
  readonly preFill: readonly string[]
  readonly postFill: readonly string[]
}

/**
 * The items required for a cylinder type on a day, from `cylinderTypeRules` (packages/domain/
 * src/cylinders). For a cylinder of unknown type (not registered), the items every type requires.
 */
export function requiredFillChecks(cylinderType: CylinderType | undefined, day: string): RequiredFillChecks {
  if (cylinderType) {
    const { rule } = cylinderTypeRuleOn(cylinderType, day)
    return { preFill: rule.preFillItems, postFill: rule.postFillItems }
  }
  const all = cylinderTypes.map((type) => cylinderTypeRuleOn(type, day).rule)
  const common = (lists: (readonly string[])[]) => lists[0]!.filter((item) => lists.every((l) => l.includes(item)))
  return { preFill: common(all.map((r) => r.preFillItems)), postFill: common(all.map((r) => r.postFillItems)) }
}

/**
 * Practice 4 (未实施充装前后检查制度): a fill whose pre-fill or post-fill check leaves a required
 * item unanswered (`not_applicable` does not answer a required item, as in the cylinder
 * context's `fillCheckCompleteness`); one violation per incomplete check, naming the missing items.
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
