import type { ViolationFinding } from './ViolationFinding.ts'
import type { ViolationSubReason } from './violationCatalogue.ts'
import {
  operatorCertificateStatusOn,
  type OperatorCertificateFact,
  type OperatorCertificateStatus,
} from '../cylinders/operatorCertificateStatus.ts'

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

/** How a certificate status is named as the reason of a violation. */
const subReasons: Record<Exclude<OperatorCertificateStatus, 'valid'>, ViolationSubReason> = {
  missing: 'no_certificate',
  not_yet_valid: 'no_certificate',
  expired: 'certificate_expired',
  suspended: 'certificate_suspended',
  revoked: 'certificate_revoked',
}

/** Practice 2 (作业人员无证上岗): no valid certificate for that category on that day. */
export function judgeOperatorWork(
  work: OperatorWorkFact,
  certificates: readonly OperatorCertificateFact[],
): ViolationFinding[] {
  const status = operatorCertificateStatusOn(certificates, work.workCategory, work.day)
  if (status.status === 'valid') return []
  return [
    {
      category: 'operator_uncertified',
      subReason: subReasons[status.status],
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
