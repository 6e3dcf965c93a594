import { addDays } from '../calendar.ts'

/** A suspension's days: from `from` to `until` inclusive; no `until`, until reinstated. */
export interface SuspensionDays {
  readonly from: string
  readonly until?: string | undefined
}

/**
 * What the operator decider (its state) and the status on a day (the folded facts) both know of
 * one certificate: its terms with the categories each covered, its suspensions as reinstatements
 * ended them (`suspensionEndedBy`), its revocation day.
 */
export interface SanctionableCertificate<S extends SuspensionDays> {
  readonly terms: readonly { readonly categories: readonly string[] }[]
  readonly suspensions: readonly S[]
  readonly revokedOn?: string | undefined
}

/** A certificate's sanctions for one work category (TSG Z6001: 暂停, 撤销). */
export interface OperatorSanctions<S extends SuspensionDays> {
  /** Its suspensions; those its revocation cut short end the day before it. */
  readonly suspensions: readonly S[]
  /** In force from this day until a certificate issued for the category is valid from a later day. */
  readonly revokedOn?: string | undefined
}

/**
 * The sanctions a certificate puts on a person for `category`, or undefined when none of its
 * terms ever covered it. They bind the person whichever certificate they work under, and hold
 * on their days whether or not this certificate is then in term. A revoked certificate's
 * suspensions end with it: from its revocation day the revocation is its last word.
 */
export function operatorSanctions<S extends SuspensionDays>(
  certificate: SanctionableCertificate<S>,
  category: string,
): OperatorSanctions<S> | undefined {
  if (!certificate.terms.some((t) => t.categories.includes(category))) return undefined
  const { revokedOn } = certificate
  if (revokedOn === undefined) return { suspensions: certificate.suspensions }
  const lastDay = addDays(revokedOn, -1)
  const suspensions = certificate.suspensions.flatMap((s) =>
    s.from > lastDay ? [] : [s.until !== undefined && s.until <= lastDay ? s : { ...s, until: lastDay }],
  )
  return { suspensions, revokedOn }
}

/**
 * The suspension a reinstatement on `on` ends (TSG Z6001): the latest one still in force on that
 * day or after it, open or with an end date (a dated suspension ends by itself; an early
 * reinstatement ends it sooner, on the day before `on`).
 */
export function suspensionEndedBy<S extends SuspensionDays>(suspensions: readonly S[], on: string): S | undefined {
  return suspensions.findLast((s) => s.until === undefined || s.until >= on)
}
