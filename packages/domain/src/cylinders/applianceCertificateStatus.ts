import type { CertificationFailure } from '@gsr/events/cylinders'

/** One CCC certificate as the decider and the certificate register both keep it. */
export interface ApplianceCertificateRecord {
  readonly validFrom: string
  readonly validUntil: string
  /** Failures and reinstatements, in the order they were recorded. */
  readonly changes: readonly {
    readonly kind: CertificationFailure | 'reinstated'
    readonly effectiveFrom: string
  }[]
}

export type ApplianceCertificateStatus = 'valid' | 'not_yet_valid' | 'expired' | 'suspended' | 'revoked' | 'cancelled'

/** The status of a CCC certificate on a date: only 'valid' makes production or sale lawful. */
export function applianceCertificateStatusOn(
  certificate: ApplianceCertificateRecord,
  date: string,
): ApplianceCertificateStatus {
  const effective = certificate.changes.filter((c) => c.effectiveFrom <= date)
  const final = effective.find((c) => c.kind === 'revoked' || c.kind === 'cancelled')
  if (final) return final.kind as 'revoked' | 'cancelled'
  if (date < certificate.validFrom) return 'not_yet_valid'
  if (date > certificate.validUntil || effective.some((c) => c.kind === 'expired')) return 'expired'
  // The latest suspension or reinstatement in force decides (ties: the later record wins).
  let suspended = false
  let latest = ''
  for (const c of effective) {
    if (c.kind !== 'suspended' && c.kind !== 'reinstated') continue
    if (c.effectiveFrom >= latest) {
      latest = c.effectiveFrom
      suspended = c.kind === 'suspended'
    }
  }
  return suspended ? 'suspended' : 'valid'
}
