import type { ViolationFinding } from './ViolationFinding.ts'

/** The scheduler's "inspection overdue" fact for equipment or a pipeline. */
export interface InspectionOverdueFact {
  readonly eventId: string
  readonly subjectKind: string
  readonly subjectId: string
  readonly organisationId: string
  readonly region: string
  readonly dueDate: string
  readonly overdueSince: string
}

export interface InspectionResultFact {
  readonly eventId: string
  readonly subjectKind: string
  readonly subjectId: string
  readonly conclusion: 'pass' | 'conditional_pass' | 'fail'
  readonly inspectionDate: string
}

/**
 * Practice 1b (应检未检): registered equipment past its due date without a passing inspection.
 * Cylinders are left to practice 3: an overdue cylinder is unlawful when it is filled.
 */
export function judgeInspectionOverdue(overdue: InspectionOverdueFact): ViolationFinding[] {
  if (overdue.subjectKind === 'cylinder') return []
  return [
    {
      category: 'equipment_unregistered_or_uninspected',
      subReason: 'inspection_overdue',
      subjectKind: overdue.subjectKind,
      // One violation per missed due date: re-raised overdue events for it are the same violation.
      subjectId: `${overdue.subjectId}@${overdue.dueDate}`,
      organisationId: overdue.organisationId,
      region: overdue.region,
      occurredAt: overdue.overdueSince,
      evidence: [overdue.eventId],
      details: { dueDate: overdue.dueDate, [`${overdue.subjectKind}Id`]: overdue.subjectId },
    },
  ]
}

/** Pass and conditional pass cure an open overdue violation of the same subject; fail does not. */
export function inspectionCuresOverdue(result: InspectionResultFact, overdue: InspectionOverdueFact): boolean {
  return (
    result.subjectKind === overdue.subjectKind && result.subjectId === overdue.subjectId && result.conclusion !== 'fail'
  )
}
