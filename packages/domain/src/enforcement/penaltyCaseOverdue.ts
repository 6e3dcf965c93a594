import type { EnforcementEventOf } from '@gsr/events/enforcement'
import { enforcementSchemaVersionOf, penaltyCaseStreamName } from '@gsr/events/enforcement'
import { addDays } from '../calendar.ts'
import { gsrEventNamespace, uuidv5 } from '../equipment/uuidv5.ts'
import type { ScheduledFact } from '../ScheduledFact.ts'
import { caseDecisionDueOn, isCaseOverdueOn, type PenaltyCaseFacts } from './penaltyCaseStatus.ts'

/** An undecided case as the scheduler sees it. */
export interface OpenPenaltyCase {
  readonly caseId: string
  readonly region: string
  readonly organisationId: string
  readonly facts: PenaltyCaseFacts
}

/**
 * The scheduler's pure part for penalty cases: PenaltyCaseOverdue, dated the first day after the
 * decision due day in force (an approved extension counts), once `today` has reached it, if the
 * case was overdue then and still is today (isCaseOverdueOn: not decided, closed or dropped, not
 * accepted by the police). Its id is derived from case + due day.
 */
export function penaltyCaseOverdueFact(c: OpenPenaltyCase, today: string): ScheduledFact | undefined {
  const decisionDue = caseDecisionDueOn(c.facts, today)
  const overdueSince = addDays(decisionDue, 1)
  if (today < overdueSince) return undefined
  if (!isCaseOverdueOn(c.facts, overdueSince) || !isCaseOverdueOn(c.facts, today)) return undefined
  const event: EnforcementEventOf<'PenaltyCaseOverdue'> = {
    type: 'PenaltyCaseOverdue',
    data: { caseId: c.caseId, region: c.region, organisationId: c.organisationId, decisionDue, overdueSince },
  }
  return {
    id: uuidv5(`PenaltyCaseOverdue:${c.caseId}:${decisionDue}`, gsrEventNamespace),
    streamName: penaltyCaseStreamName(c.caseId),
    on: overdueSince,
    event,
    schemaVersion: enforcementSchemaVersionOf('PenaltyCaseOverdue'),
  }
}
