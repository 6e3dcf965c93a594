/** A complaint's dated facts, as the read model keeps them (no complainant contact). */
export interface ComplaintFacts {
  readonly receivedOn: string
  readonly replyDue: string
  /** Every assignment in order, with the day the team refused or accepted it. */
  readonly assignments: readonly {
    readonly teamOrganisationId: string
    readonly assignedOn: string
    readonly refusedOn: string | null
    readonly reason: string | null
    readonly acceptedOn: string | null
  }[]
  readonly handledOn: string | null
  readonly repliedOn: string | null
  readonly satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null
  readonly satisfactionOn: string | null
  readonly verifiedOn: string | null
}

export const complaintStatuses = ['received', 'assigned', 'accepted', 'handled', 'replied', 'verified'] as const
export type ComplaintStatus = (typeof complaintStatuses)[number]

const by = (day: string | null, on: string): day is string => day !== null && day <= on

/** The team the ticket is with on `on` (assigned and not refused by then), or undefined (awaiting assignment). */
export function complaintTeamOn(c: ComplaintFacts, on: string) {
  const current = c.assignments.findLast((a) => a.assignedOn <= on)
  return current && !by(current.refusedOn, on) ? current : undefined
}

/** The ticket's status on `on` (field days): what had happened by then. After a refusal: `received` again. */
export function complaintStatusOn(c: ComplaintFacts, on: string): ComplaintStatus {
  if (by(c.verifiedOn, on)) return 'verified'
  if (by(c.repliedOn, on)) return 'replied'
  if (by(c.handledOn, on)) return 'handled'
  const team = complaintTeamOn(c, on)
  if (!team) return 'received'
  return by(team.acceptedOn, on) ? 'accepted' : 'assigned'
}

/** Not replied by `on`: the ticket still owes the complainant a reply. */
export const awaitsReplyOn = (c: ComplaintFacts, on: string): boolean => !by(c.repliedOn, on)

export type LedgerReason = 'unreplied_past_deadline' | 'late_reply' | 'dissatisfied'

/**
 * Why the ticket is on the special rectification ledger (不满意工单整改台账) on `on`: not replied
 * by its deadline (from the day after it), replied late, or recorded dissatisfied; and not
 * verified closed by then. Empty: not on the ledger.
 */
export function ledgerReasonsOn(c: ComplaintFacts, on: string): LedgerReason[] {
  if (by(c.verifiedOn, on)) return []
  const reasons: LedgerReason[] = []
  if (c.replyDue < on && !by(c.repliedOn, on)) reasons.push('unreplied_past_deadline')
  if (by(c.repliedOn, on) && c.repliedOn > c.replyDue) reasons.push('late_reply')
  if (c.satisfaction === 'dissatisfied' && by(c.satisfactionOn, on)) reasons.push('dissatisfied')
  return reasons
}
