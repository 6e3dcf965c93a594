/**
 * Operator certificates (TSG Z6001) as dated facts, and "was this person certified for work
 * category X on day D?". Days are YYYY-MM-DD in China time; all bounds are inclusive days.
 */
export type OperatorCertificateFact =
  | {
      readonly kind: 'term'
      readonly eventId: string
      readonly certificateNo: string
      readonly categories: readonly string[]
      readonly validFrom: string
      readonly validUntil: string
    }
  | {
      readonly kind: 'suspended'
      readonly eventId: string
      readonly certificateNo: string
      readonly from: string
      readonly until?: string
    }
  | { readonly kind: 'reinstated'; readonly eventId: string; readonly certificateNo: string; readonly on: string }
  | { readonly kind: 'revoked'; readonly eventId: string; readonly certificateNo: string; readonly on: string }

export type OperatorCertificateStatus =
  | { readonly status: 'valid'; readonly certificateNo: string; readonly evidence: readonly string[] }
  | {
      readonly status: 'no_certificate' | 'certificate_expired' | 'certificate_suspended' | 'certificate_revoked'
      readonly certificateNo?: string
      readonly evidence: readonly string[]
    }

interface Suspension {
  from: string
  until?: string | undefined
  eventId: string
}

/** Day before a YYYY-MM-DD day. */
function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
}

export function operatorCertificateStatusAt(
  facts: readonly OperatorCertificateFact[],
  workCategory: string,
  day: string,
): OperatorCertificateStatus {
  const byCertificate = new Map<string, OperatorCertificateFact[]>()
  for (const fact of facts) {
    const list = byCertificate.get(fact.certificateNo) ?? []
    list.push(fact)
    byCertificate.set(fact.certificateNo, list)
  }
  // The certificate whose failure explains the refusal best: the latest term for the category.
  let explanation: { status: OperatorCertificateStatus; from: string } | undefined
  for (const [certificateNo, list] of byCertificate) {
    const terms = list.filter((f) => f.kind === 'term' && f.categories.includes(workCategory))
    if (terms.length === 0) continue
    const suspensions: Suspension[] = []
    let revoked: { on: string; eventId: string } | undefined
    for (const fact of list) {
      if (fact.kind === 'suspended') suspensions.push({ from: fact.from, until: fact.until, eventId: fact.eventId })
      if (fact.kind === 'reinstated') {
        const open = suspensions.findLast((s) => s.from < fact.on && (s.until === undefined || s.until >= fact.on))
        if (open) open.until = previousDay(fact.on)
      }
      if (fact.kind === 'revoked' && (!revoked || fact.on < revoked.on))
        revoked = { on: fact.on, eventId: fact.eventId }
    }
    const current = terms.find((t) => t.kind === 'term' && t.validFrom <= day && day <= t.validUntil)
    const latestStarted = terms
      .filter((t) => t.kind === 'term' && t.validFrom <= day)
      .sort((a, b) => ((a as { validFrom: string }).validFrom < (b as { validFrom: string }).validFrom ? 1 : -1))[0]
    let status: OperatorCertificateStatus
    if (revoked && revoked.on <= day) {
      status = { status: 'certificate_revoked', certificateNo, evidence: [revoked.eventId] }
    } else if (current) {
      const suspension = suspensions.find((s) => s.from <= day && (s.until === undefined || day <= s.until))
      if (!suspension) return { status: 'valid', certificateNo, evidence: [current.eventId] }
      status = { status: 'certificate_suspended', certificateNo, evidence: [suspension.eventId] }
    } else if (latestStarted) {
      status = { status: 'certificate_expired', certificateNo, evidence: [latestStarted.eventId] }
    } else {
      continue
    }
    const from = latestStarted && latestStarted.kind === 'term' ? latestStarted.validFrom : ''
    if (!explanation || from > explanation.from) explanation = { status, from }
  }
  return explanation?.status ?? { status: 'no_certificate', evidence: [] }
}
