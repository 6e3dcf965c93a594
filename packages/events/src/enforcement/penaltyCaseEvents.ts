import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'

/**
 * Stream `penalty-case-<caseId>`: an administrative penalty case (行政处罚案件) an enforcement
 * team opens (立案) against one organisation, its investigation, an approved extension of the
 * time limit, the decision (处罚决定), closure (结案) or dropping (不予处罚/撤案), and its referral
 * to the police (移送公安, 行刑衔接) with the police's receipt.
 *
 * Money is integer fen (分): `fineFen: 150000` is 1,500.00 yuan. Sums stay exact integers.
 */
export const PenaltyCaseId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const penaltyCaseStreamName = (caseId: string): string => `penalty-case-${caseId}`

/** Integer fen (分), at most 10^12 fen (10 billion yuan): exact in JSON and in sums. */
export const Fen = z.number().int().min(0).max(1_000_000_000_000)

/**
 * What the case was opened from: a violation (`/enforcement/violations`), a field finding, a
 * rectification order whose re-check found it not rectified (escalated), or a complaint (its id
 * as given: complaints are another workflow, not checked here). `categories`: the violation
 * categories it proves (an order: those of its problems; a complaint: none).
 */
export const CaseSource = z.strictObject({
  source: z.enum(['violation', 'finding', 'rectification_order', 'complaint']),
  id: z.string().min(1).max(200),
  categories: z.array(z.string().min(1).max(64)).max(20),
})

/** The closed list of penalty kinds (《行政处罚法》第九条), as this registry records them. */
export const penaltyKinds = ['warning', 'fine', 'confiscation', 'suspension', 'revocation'] as const
export const Penalty = z.strictObject({
  kind: z.enum(penaltyKinds),
  /** For `fine` (罚款) and `confiscation` (没收违法所得, its value): integer fen. */
  amountFen: Fen.optional(),
  description: z.string().max(1000).optional(),
})

export const CaseLegalBasis = z.strictObject({
  category: z.string().min(1).max(64),
  article: z.string().min(1).max(200),
})

const RuleRef = z.strictObject({ name: z.string(), version: z.string() })

export const PenaltyCaseOpened = defineEvent(
  'PenaltyCaseOpened',
  z.strictObject({
    caseId: PenaltyCaseId,
    enforcementOrganisationId: OrganisationId,
    region: RegionCode,
    organisationId: OrganisationId.describe('the party (当事人)'),
    sources: z.array(CaseSource).min(1).max(100),
    openedOn: IsoDate,
    /** openedOn + the rule table's decision term. */
    decisionDue: IsoDate,
    rule: RuleRef,
    summary: z.string().max(4096).optional(),
  }),
)

export const PenaltyCaseInvestigated = defineEvent(
  'PenaltyCaseInvestigated',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    investigatedOn: IsoDate,
    findings: z.string().min(1).max(8192),
    evidenceEventIds: z.array(z.string().min(1).max(200)).max(200).optional(),
  }),
)

/** The decision term extended once, approved by an approver (admin of the team). */
export const PenaltyCaseExtended = defineEvent(
  'PenaltyCaseExtended',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    approvedOn: IsoDate,
    approvedBy: z.string().min(1).max(200),
    extensionDays: z.number().int().min(1).max(366),
    decisionDue: IsoDate,
    reason: z.string().min(1).max(4096),
    rule: RuleRef,
  }),
)

export const PenaltyCaseDecided = defineEvent(
  'PenaltyCaseDecided',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    decidedOn: IsoDate,
    decisionNumber: z.string().min(1).max(200),
    approvedBy: z.string().min(1).max(200),
    penalties: z.array(Penalty).min(1).max(10),
    /** The sum of the fines imposed, integer fen. */
    fineFen: Fen,
    legalBasis: z.array(CaseLegalBasis).min(1).max(100),
    rule: RuleRef,
  }),
)

export const PenaltyCaseClosed = defineEvent(
  'PenaltyCaseClosed',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    closedOn: IsoDate,
    fineCollectedFen: Fen,
    notes: z.string().max(4096).optional(),
  }),
)

export const PenaltyCaseDropped = defineEvent(
  'PenaltyCaseDropped',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    droppedOn: IsoDate,
    /** no_penalty: 不予行政处罚; withdrawn: 撤销立案. */
    kind: z.enum(['no_penalty', 'withdrawn']),
    reason: z.string().min(1).max(4096),
  }),
)

/** A reference to evidence handed over: a URL of this registry and/or an event id. */
export const ReferralEvidence = z.strictObject({
  url: z.string().min(1).max(500).optional(),
  eventId: z.string().min(1).max(200).optional(),
  description: z.string().max(500).optional(),
})

export const PenaltyCaseReferredToPolice = defineEvent(
  'PenaltyCaseReferredToPolice',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    referredOn: IsoDate,
    policeAgency: z.string().min(1).max(200),
    reason: z.string().min(1).max(4096),
    evidence: z.array(ReferralEvidence).min(1).max(500),
  }),
)

/** The police's receipt: accepted (立案, with its criminal case number) or declined (不予立案). */
export const PenaltyCasePoliceReceiptRecorded = defineEvent(
  'PenaltyCasePoliceReceiptRecorded',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    receivedOn: IsoDate,
    outcome: z.enum(['accepted', 'declined']),
    criminalCaseNumber: z.string().min(1).max(200).optional(),
    reason: z.string().min(1).max(4096).optional(),
  }),
)

/**
 * Raised by the scheduler on the case's stream on the first day after its decision due day (the
 * extended one if an extension was approved) without a decision, closure or dropping, unless the
 * police accepted the case (超期未决), as RectificationOrderOverdue is for orders: dated that day,
 * with an id derived from case + due day, so a rerun records it once.
 */
export const PenaltyCaseOverdue = defineEvent(
  'PenaltyCaseOverdue',
  z.strictObject({
    caseId: PenaltyCaseId,
    region: RegionCode,
    organisationId: OrganisationId,
    decisionDue: IsoDate,
    overdueSince: IsoDate,
  }),
)
