import type { ViolationFinding } from './ViolationFinding.ts'
import { operatorCertificateStatusAt, type OperatorCertificateFact } from './operatorCertificateStatusAt.ts'

/** Work done by a person in a work category: a fill (category P) or an operation found in the field. */
export interface OperatorWorkFact {
  readonly eventId: string
  readonly subjectKind: 'fill' | 'finding'
  readonly subjectId: string
  readonly operatorPersonId: string
  readonly workCategory: string
  /** Field day (China time) the work was done. */
  readonly day: string
  readonly occurredAt: string
  readonly organisationId: string
  readonly region: string
}

/** Practice 2 (作业人员无证上岗): no valid certificate for that category on that day. */
export function judgeOperatorWork(
  work: OperatorWorkFact,
  certificates: readonly OperatorCertificateFact[],
): ViolationFinding[] {
  const status = operatorCertificateStatusAt(certificates, work.workCategory, work.day)
  if (status.status === 'valid') return []
  return [
    {
      category: 'operator_uncertified',
      subReason: status.status,
      subjectKind: work.subjectKind,
      subjectId: work.subjectId,
      organisationId: work.organisationId,
      region: work.region,
      occurredAt: work.occurredAt,
      evidence: [work.eventId, ...status.evidence],
      details: {
        operatorPersonId: work.operatorPersonId,
        workCategory: work.workCategory,
        ...(status.certificateNo ? { certificateNo: status.certificateNo } : {}),
      },
    },
  ]
}
