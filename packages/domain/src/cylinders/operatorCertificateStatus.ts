import type { WorkCategory } from '@gsr/events/cylinders'
import { addDays } from '../calendar.ts'
import type { OperatorEvent } from './operatorDecider.ts'
import { operatorSanctions, suspensionEndedBy, type OperatorSanctions } from './operatorSanctions.ts'

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

type Term = Extract<OperatorCertificateFact, { kind: 'term' }>

interface Suspension {
  readonly from: string
  readonly until?: string | undefined
  readonly eventId: string
}

/** One certificate folded from its facts (in log order: its first term is its issue). */
interface Certificate {
  readonly certificateNo: string
  readonly terms: Term[]
  suspensions: Suspension[]
  revokedOn?: string
  revocationEventId?: string
}

function certificatesOf(facts: readonly OperatorCertificateFact[]): Certificate[] {
  const byNo = new Map<string, Certificate>()
  for (const fact of facts) {
    let c = byNo.get(fact.certificateNo)
    if (!c) byNo.set(fact.certificateNo, (c = { certificateNo: fact.certificateNo, terms: [], suspensions: [] }))
    if (fact.kind === 'term') c.terms.push(fact)
    if (fact.kind === 'suspended') c.suspensions.push({ from: fact.from, until: fact.until, eventId: fact.eventId })
    if (fact.kind === 'reinstated') {
      const ended = suspensionEndedBy(c.suspensions, fact.on)
      const until = addDays(fact.on, -1)
      c.suspensions = c.suspensions.map((s) => (s === ended ? { ...s, until } : s))
    }
    if (fact.kind === 'revoked' && (c.revokedOn === undefined || fact.on < c.revokedOn)) {
      c.revokedOn = fact.on
      c.revocationEventId = fact.eventId
    }
  }
  return [...byNo.values()]
}

const revokedStanding = (c: Certificate): OperatorCertificateStanding => ({
  status: 'revoked',
  certificateNo: c.certificateNo,
  evidence: c.revocationEventId === undefined ? [] : [c.revocationEventId],
})

const latestBy = <T>(items: readonly T[], key: (item: T) => string): T | undefined =>
  items.reduce<T | undefined>((l, i) => (!l || key(i) > key(l) ? i : l), undefined)

/**
 * Was this person qualified for `category` on `day` (作业人员持证上岗)? Answers for any past day
 * from the full history of all their certificates. Qualified only when some certificate covering
 * the category is valid that day AND no certificate of theirs covering it is suspended that day
 * AND no revocation is in force: a sanction in one region binds the person in every region,
 * whichever certificate was issued first. A revocation is in force from its day until a
 * certificate issued for the category (its first term) is valid from a later day: a
 * re-certification; a renewal (复审) of another certificate is not one. A term covers the
 * categories it was issued or renewed with; a certificate is of the category when any of its terms
 * covers it (`operatorSanctions`); a reinstatement ends the suspension in force from its own day.
 * Not qualified: the revocation in force, else the suspension, explains; with no sanction and
 * no valid certificate, the certificate with the latest started term does.
 */
export function operatorCertificateStatusOn(
  facts: readonly OperatorCertificateFact[],
  category: WorkCategory | string,
  day: string,
): OperatorCertificateStanding {
  const held: { certificate: Certificate; sanctions: OperatorSanctions<Suspension> }[] = []
  for (const certificate of certificatesOf(facts)) {
    const sanctions = operatorSanctions(certificate, category)
    if (sanctions) held.push({ certificate, sanctions })
  }
  const recertified = (revokedOn: string, revoked: Certificate) =>
    held.some(({ certificate: c }) => {
      const issue = c.terms[0]
      return (
        c !== revoked && issue?.categories.includes(category) && revokedOn < issue.validFrom && issue.validFrom <= day
      )
    })
  // The sanctions in force on the day: the latest revocation, else the latest begun suspension.
  let revocation: { certificate: Certificate; on: string } | undefined
  let suspension: { certificateNo: string; eventId: string; from: string } | undefined
  for (const { certificate, sanctions } of held) {
    const on = sanctions.revokedOn
    if (on !== undefined && on <= day && (!revocation || on > revocation.on) && !recertified(on, certificate))
      revocation = { certificate, on }
    for (const s of sanctions.suspensions)
      if (s.from <= day && (s.until === undefined || day <= s.until) && (!suspension || s.from > suspension.from))
        suspension = { certificateNo: certificate.certificateNo, eventId: s.eventId, from: s.from }
  }
  if (revocation) return revokedStanding(revocation.certificate)
  if (suspension) {
    return { status: 'suspended', certificateNo: suspension.certificateNo, evidence: [suspension.eventId] }
  }
  let explanation: { standing: OperatorCertificateStanding; from: string } | undefined
  for (const { certificate } of held) {
    const { certificateNo, revokedOn } = certificate
    const terms = certificate.terms.filter((t) => t.categories.includes(category))
    const current = terms.find((t) => t.validFrom <= day && day <= t.validUntil)
    const revoked = revokedOn !== undefined && revokedOn <= day
    if (current && !revoked) return { status: 'valid', certificateNo, evidence: [current.eventId] }
    const latestStarted = latestBy(
      terms.filter((t) => t.validFrom <= day),
      (t) => t.validFrom,
    )
    const standing: OperatorCertificateStanding = revoked
      ? revokedStanding(certificate)
      : latestStarted
        ? { status: 'expired', certificateNo, evidence: [latestStarted.eventId] }
        : { status: 'not_yet_valid', evidence: [] }
    const from = latestStarted?.validFrom ?? ''
    if (!explanation || from > explanation.from) explanation = { standing, from }
  }
  return explanation?.standing ?? { status: 'missing', evidence: [] }
}
