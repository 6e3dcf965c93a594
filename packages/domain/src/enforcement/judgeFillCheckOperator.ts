import type { ViolationFinding } from './ViolationFinding.ts'

/** A pre-fill check (充装前检查) as far as this rule cares. */
export interface FillCheckFact {
  readonly eventId: string
  readonly checkId: string
  readonly cylinderCode: string
  readonly stationId: string
  readonly region: string
  /** ISO instant of the check. */
  readonly checkedAt: string
  readonly decision: 'allow' | 'deny'
  readonly operatorId?: string | undefined
}

/**
 * Practice 4 (未实施充装前后检查制度), sub-reason `pre_fill_check_without_operator`: a pre-fill
 * check that allowed a fill without naming who would fill checked nobody's certificate (the
 * operator's P certificate is part of the check, TSG R0006 / TSG Z6001). A check that refused
 * the fill led to no fill and is no finding.
 */
export function judgeFillCheckOperator(check: FillCheckFact): ViolationFinding[] {
  if (check.decision !== 'allow' || check.operatorId !== undefined) return []
  return [
    {
      category: 'fill_checks_missing',
      subReason: 'pre_fill_check_without_operator',
      subjectKind: 'fill_check',
      subjectId: check.checkId,
      organisationId: check.stationId,
      region: check.region,
      occurredAt: check.checkedAt,
      evidence: [check.eventId],
      details: { cylinderCode: check.cylinderCode },
    },
  ]
}
