import type { WorkCategory } from '@gsr/events/cylinders'
import { addDays } from '../calendar.ts'
import type { OperatorEvent } from './operatorDecider.ts'

/**
 * Operator certificates (作业人员证, TSG Z6001) as dated facts, one per event, each naming the
 * event that proves it. The one shape both the pre-fill check (what a station is told at a fill)
 * and enforcement (what is later found about that fill) read, so the two cannot disagree.
 * Days are YYYY-MM-DD in China time; all bounds are inclusive days.
 */
export type OperatorCertificateFact =
  | {
      /** Issue or renewal: a term of validity, with the categories it covers. */
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
      readonly until?: string | undefined
    }
  | { readonly kind: 'reinstated'; readonly eventId: string; readonly certificateNo: string; readonly on: string }
  | { readonly kind: 'revoked'; readonly eventId: string; readonly certificateNo: string; readonly on: string }

/** The fact an operator certificate event asserts. */
export function operatorCertificateFact(event: OperatorEvent, eventId: string): OperatorCertificateFact {
  switch (event.type) {
    case 'OperatorCertificateIssued':
    case 'OperatorCertificateRenewed':
      return {
        kind: 'term',
        eventId,
        certificateNo: event.data.certificateNo,
        categories: event.data.categories,
        validFrom: event.data.validFrom,
        validUntil: event.data.validUntil,
      }
    case 'OperatorCertificateSuspended':
      return {
        kind: 'suspended',
        eventId,
        certificateNo: event.data.certificateNo,
        from: event.data.suspendedFrom,
        ...(event.data.suspendedUntil ? { until: event.data.suspendedUntil } : {}),
      }
    case 'OperatorCertificateReinstated':
      return { kind: 'reinstated', eventId, certificateNo: event.data.certificateNo, on: event.data.reinstatedOn }
    case 'OperatorCertificateRevoked':
      return { kind: 'revoked', eventId, certificateNo: event.data.certificateNo, on: event.data.revokedOn }
  }
}

export type OperatorCertificateStatus = 'valid' | 'missing' | 'not_yet_valid' | 'expired' | 'suspended' | 'revoked'

/** The status on a day, the certificate that explains it and the events that prove it. */
export interface OperatorCertificateStanding {
  readonly status: OperatorCertificateStatus
  readonly certificateNo?: string
  readonly evidence: readonly string[]
}

interface Suspension {
  readonly from: string
  until?: string | undefined
  readonly eventId: string
}

/**
 * Did this person hold a valid certificate for `category` on `day`? Answers for any past day
 * from the full history. A term covers the categories it was issued or renewed with. A
 * reinstatement ends the suspension in force from its own day (TSG Z6001), whether that
 * suspension was open or had an end date. When several certificates cover the category, one
 * valid is enough; otherwise the certificate with the latest started term explains the refusal.
 */
export function operatorCertificateStatusOn(
  facts: readonly OperatorCertificateFact[],
  category: WorkCategory | string,
  day: string,
): OperatorCertificateStanding {
  const byCertificate = new Map<string, OperatorCertificateFact[]>()
  for (const fact of facts)
    byCertificate.set(fact.certificateNo, [...(byCertificate.get(fact.certificateNo) ?? []), fact])
  let explanation: { standing: OperatorCertificateStanding; from: string } | undefined
  for (const [certificateNo, list] of byCertificate) {
    const terms = list.flatMap((f) => (f.kind === 'term' && f.categories.includes(category) ? [f] : []))
    if (terms.length === 0) continue
    const suspensions: Suspension[] = []
    let revoked: { on: string; eventId: string } | undefined
    for (const fact of list) {
      if (fact.kind === 'suspended') suspensions.push({ from: fact.from, until: fact.until, eventId: fact.eventId })
      if (fact.kind === 'reinstated') {
        const inForce = suspensions.findLast((s) => s.until === undefined || s.until >= fact.on)
        if (inForce) inForce.until = addDays(fact.on, -1)
      }
      if (fact.kind === 'revoked' && (!revoked || fact.on < revoked.on))
        revoked = { on: fact.on, eventId: fact.eventId }
    }
    const current = terms.find((t) => t.validFrom <= day && day <= t.validUntil)
    const latestStarted = terms
      .filter((t) => t.validFrom <= day)
      .reduce<(typeof terms)[number] | undefined>((l, t) => (!l || t.validFrom > l.validFrom ? t : l), undefined)
    let standing: OperatorCertificateStanding
    if (revoked && revoked.on <= day) {
      standing = { status: 'revoked', certificateNo, evidence: [revoked.eventId] }
    } else if (current) {
      const suspension = suspensions.find((s) => s.from <= day && (s.until === undefined || day <= s.until))
      if (!suspension) return { status: 'valid', certificateNo, evidence: [current.eventId] }
      standing = { status: 'suspended', certificateNo, evidence: [suspension.eventId] }
    } else if (latestStarted) {
      standing = { status: 'expired', certificateNo, evidence: [latestStarted.eventId] }
    } else {
      standing = { status: 'not_yet_valid', evidence: [] }
    }
    const from = latestStarted?.validFrom ?? ''
    if (!explanation || from > explanation.from) explanation = { standing, from }
  }
  return explanation?.standing ?? { status: 'missing', evidence: [] }
}
