import type { PenaltyCaseStage } from './penaltyCaseDecider.ts'

/** One referral to the police and its receipt, as the read model keeps them. */
export interface CaseReferralFacts {
  readonly referredOn: string
  readonly receivedOn: string | null
  readonly outcome: 'accepted' | 'declined' | null
}

/** A case's dated facts (field days), as the read model keeps them. */
export interface PenaltyCaseFacts {
  readonly openedOn: string
  readonly decisionDue: string
  readonly extendedOn: string | null
  readonly extendedDue: string | null
  readonly investigatedOn: string | null
  readonly decidedOn: string | null
  readonly closedOn: string | null
  readonly droppedOn: string | null
  /** Oldest first. */
  readonly referrals: readonly CaseReferralFacts[]
}

const by = (day: string | null, on: string): boolean => day !== null && day <= on

/** The stage on day `on`: what had happened by then. */
export function penaltyCaseStageOn(c: PenaltyCaseFacts, on: string): PenaltyCaseStage {
  if (by(c.droppedOn, on)) return 'dropped'
  if (by(c.closedOn, on)) return 'closed'
  if (by(c.decidedOn, on)) return 'decided'
  if (by(c.investigatedOn, on)) return 'investigated'
  return 'opened'
}

export type CaseReferralState = 'pending' | 'accepted' | 'declined'

/** The latest referral made by `on`, and its state then (pending until the receipt's day). */
export function caseReferralOn(
  c: PenaltyCaseFacts,
  on: string,
): { readonly referredOn: string; readonly state: CaseReferralState } | undefined {
  const latest = c.referrals.filter((r) => r.referredOn <= on).at(-1)
  if (!latest) return undefined
  const state = latest.outcome !== null && by(latest.receivedOn, on) ? latest.outcome : 'pending'
  return { referredOn: latest.referredOn, state }
}

/** The decision due day in force on `on` (an extension counts from its approval day). */
export function caseDecisionDueOn(c: PenaltyCaseFacts, on: string): string {
  return by(c.extendedOn, on) && c.extendedDue !== null ? c.extendedDue : c.decisionDue
}

/**
 * Overdue (超期未决) on `on`: past the decision due day without a decision, dropping or closure by
 * then, unless the police had accepted the case by then (it is theirs). Time under a pending
 * referral counts (the registry does not suspend the term).
 */
export function isCaseOverdueOn(c: PenaltyCaseFacts, on: string): boolean {
  const stage = penaltyCaseStageOn(c, on)
  if (caseReferralOn(c, on)?.state === 'accepted') return false
  return (stage === 'opened' || stage === 'investigated') && caseDecisionDueOn(c, on) < on
}
