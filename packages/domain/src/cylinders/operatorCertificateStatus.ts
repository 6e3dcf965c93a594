import type { WorkCategory } from '@gsr/events/cylinders'

/** One certificate as the operator decider and the operator read model both keep it. */
export interface OperatorCertificateRecord {
  readonly certificateNo: string
  readonly categories: readonly string[]
  /** Terms of validity (issue, then each renewal), inclusive dates. */
  readonly terms: readonly { readonly from: string; readonly until: string }[]
  readonly suspensions: readonly { readonly from: string; readonly until?: string | undefined }[]
  readonly revokedOn?: string | undefined
}

export type OperatorCertificateStatus = 'valid' | 'missing' | 'not_yet_valid' | 'expired' | 'suspended' | 'revoked'

/**
 * Did this person hold a valid certificate for `category` on `date` (YYYY-MM-DD, local)?
 * Answers for any past date from the full history. When several certificates cover the
 * category, one valid is enough; otherwise the most telling status is reported.
 */
export function operatorCertificateStatusOn(
  certificates: readonly OperatorCertificateRecord[],
  category: WorkCategory | string,
  date: string,
): OperatorCertificateStatus {
  const rank: Record<OperatorCertificateStatus, number> = {
    missing: 0,
    not_yet_valid: 1,
    expired: 2,
    suspended: 3,
    revoked: 4,
    valid: 5,
  }
  let best: OperatorCertificateStatus = 'missing'
  for (const certificate of certificates) {
    if (!certificate.categories.includes(category)) continue
    const status = statusOfOne(certificate, date)
    if (rank[status] > rank[best]) best = status
  }
  return best
}

function statusOfOne(certificate: OperatorCertificateRecord, date: string): OperatorCertificateStatus {
  if (certificate.revokedOn !== undefined && certificate.revokedOn <= date) return 'revoked'
  const inTerm = certificate.terms.some((term) => term.from <= date && date <= term.until)
  if (!inTerm) return certificate.terms.some((term) => term.from <= date) ? 'expired' : 'not_yet_valid'
  const suspended = certificate.suspensions.some((s) => s.from <= date && (s.until === undefined || date <= s.until))
  return suspended ? 'suspended' : 'valid'
}
