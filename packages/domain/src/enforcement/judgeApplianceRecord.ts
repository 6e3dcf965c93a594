import type { ViolationFinding } from './ViolationFinding.ts'
import { applianceCertificateStatusAt, type ApplianceCertificateFact } from './applianceCertificateStatusAt.ts'
import type { CccRequirement } from './cccRequirementRules.ts'

/** A production or sale record of an appliance model (reported, or found by enforcement). */
export interface ApplianceRecordFact {
  readonly eventId: string
  readonly kind: 'production' | 'sale'
  readonly recordId: string
  readonly category: string
  readonly manufacturerId: string
  readonly modelNo: string
  /** The producer (production) or the seller (sale): who is responsible. */
  readonly organisationId: string
  readonly region: string
  readonly day: string
  readonly quantity: number
}

/**
 * Practice 5 (生产销售未经认证家用燃气具): a production or sale, on a day the CCC requirement
 * applies to the category, of a model with no certificate valid that day.
 */
export function judgeApplianceRecord(
  record: ApplianceRecordFact,
  certificates: readonly ApplianceCertificateFact[],
  /** The `cccRequirementRules` version in force on the record's day; undefined: none was, nothing to judge. */
  requirement: CccRequirement | undefined,
): ViolationFinding[] {
  const requiredFrom = requirement?.requiredFrom[record.category]
  if (requiredFrom === undefined || record.day < requiredFrom) return []
  const status = applianceCertificateStatusAt(certificates, record.day)
  if (status.status === 'valid') return []
  return [
    {
      category: 'uncertified_gas_appliance',
      subReason: status.status,
      subjectKind: record.kind,
      subjectId: record.recordId,
      organisationId: record.organisationId,
      region: record.region,
      occurredAt: record.day,
      evidence: [record.eventId, ...status.evidence],
      details: {
        manufacturerId: record.manufacturerId,
        modelNo: record.modelNo,
        applianceCategory: record.category,
        quantity: record.quantity,
        ...(status.certificateNo ? { certificateNo: status.certificateNo } : {}),
      },
    },
  ]
}
