import type { CheckItemAnswer, CylinderType } from '@gsr/events/cylinders'
import { cylinderTypeRuleOn } from './cylinderTypeRules.ts'

export interface FillCheckCompleteness {
  readonly ruleVersion: string
  /** Required items not answered (or answered not_applicable) in the record. */
  readonly missingPreFill: readonly string[]
  readonly missingPostFill: readonly string[]
  /** Items answered 'not_ok': the fill went ahead anyway. */
  readonly failedPreFill: readonly string[]
  readonly failedPostFill: readonly string[]
  readonly complete: boolean
}

/**
 * Violation category 4 (未实施充装前后检查): does a fill record carry a complete pre-fill and
 * post-fill check for its cylinder type, per `cylinderTypeRules` in force on the fill date?
 */
export function fillCheckCompleteness(
  fill: { preFillChecks: readonly CheckItemAnswer[]; postFillChecks: readonly CheckItemAnswer[] },
  cylinderType: CylinderType,
  fillDate: string,
): FillCheckCompleteness {
  const { version, rule } = cylinderTypeRuleOn(cylinderType, fillDate)
  const answered = (answers: readonly CheckItemAnswer[]) =>
    new Set(answers.filter((a) => a.answer !== 'not_applicable').map((a) => a.item))
  const pre = answered(fill.preFillChecks)
  const post = answered(fill.postFillChecks)
  const missingPreFill = rule.preFillItems.filter((item) => !pre.has(item))
  const missingPostFill = rule.postFillItems.filter((item) => !post.has(item))
  const failed = (answers: readonly CheckItemAnswer[]) =>
    answers.filter((a) => a.answer === 'not_ok').map((a) => a.item)
  return {
    ruleVersion: version,
    missingPreFill,
    missingPostFill,
    failedPreFill: failed(fill.preFillChecks),
    failedPostFill: failed(fill.postFillChecks),
    complete: missingPreFill.length === 0 && missingPostFill.length === 0,
  }
}
