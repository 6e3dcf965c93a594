/**
 * CCC certificates of household gas appliance models as dated facts, and "was a certificate
 * for this manufacturer's model valid on day D?". Days YYYY-MM-DD, bounds inclusive.
 */
export type ApplianceCertificateFact =
  | {
      readonly kind: 'issued'
      readonly eventId: string
      readonly certificateNo: string
      readonly manufacturerId: string
      readonly modelNo: string
      readonly validFrom: string
      readonly validUntil: string
    }
  | {
      readonly kind: 'failed'
      readonly eventId: string
      readonly certificateNo: string
      readonly failure: 'suspended' | 'revoked' | 'expired' | 'cancelled'
      readonly effectiveFrom: string
    }
  | {
      readonly kind: 'reinstated'
      readonly eventId: string
      readonly certificateNo: string
      readonly effectiveFrom: string
    }

export type ApplianceCertificateStatus =
  | { readonly status: 'valid'; readonly certificateNo: string; readonly evidence: readonly string[] }
  | {
      readonly status:
        | 'never_certified'
        | 'certificate_expired'
        | 'certificate_suspended'
        | 'certificate_revoked'
        | 'certificate_cancelled'
      readonly certificateNo?: string
      readonly evidence: readonly string[]
    }

/** `facts` are those of the certificates issued for the model (any order). */
export function applianceCertificateStatusAt(
  facts: readonly ApplianceCertificateFact[],
  day: string,
): ApplianceCertificateStatus {
  let explanation: { status: ApplianceCertificateStatus; validFrom: string } | undefined
  for (const issued of facts) {
    if (issued.kind !== 'issued' || issued.validFrom > day) continue
    // The last status change in effect on the day; only a suspension can be lifted.
    const changes = facts
      .filter((f) => f.kind !== 'issued' && f.certificateNo === issued.certificateNo && f.effectiveFrom <= day)
      .sort((a, b) =>
        (a as { effectiveFrom: string }).effectiveFrom < (b as { effectiveFrom: string }).effectiveFrom ? -1 : 1,
      )
    let failure: { failure: string; eventId: string } | undefined
    for (const change of changes) {
      if (change.kind === 'failed') {
        if (!failure || failure.failure === 'suspended') failure = { failure: change.failure, eventId: change.eventId }
      } else if (change.kind === 'reinstated' && failure?.failure === 'suspended') {
        failure = undefined
      }
    }
    let status: ApplianceCertificateStatus
    if (failure) {
      status = {
        status: `certificate_${failure.failure}` as 'certificate_revoked',
        certificateNo: issued.certificateNo,
        evidence: [failure.eventId],
      }
    } else if (day > issued.validUntil) {
      status = { status: 'certificate_expired', certificateNo: issued.certificateNo, evidence: [issued.eventId] }
    } else {
      return { status: 'valid', certificateNo: issued.certificateNo, evidence: [issued.eventId] }
    }
    if (!explanation || issued.validFrom > explanation.validFrom) explanation = { status, validFrom: issued.validFrom }
  }
  return explanation?.status ?? { status: 'never_certified', evidence: [] }
}
