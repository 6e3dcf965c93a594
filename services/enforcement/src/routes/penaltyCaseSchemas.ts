import { z } from 'zod'
import { HappenedDate, IsoDate, OrganisationId, RegionCode } from '@gsr/events'
import { Fen, PenaltyCaseId, penaltyKinds, ReferralEvidence } from '@gsr/events/enforcement'
import { occurredAt } from './occurredAt.ts'

const text = (max: number) => z.string().min(1).max(max)

export const caseSourceKinds = ['violation', 'finding', 'rectification_order', 'complaint'] as const

export const OpenCaseBody = z
  .strictObject({
    caseId: PenaltyCaseId.optional().describe('default: a new id'),
    region: RegionCode.describe('the region the case is opened in (the team’s region or below)'),
    organisationId: OrganisationId.describe('the party (当事人)'),
    sources: z
      .array(
        z.strictObject({
          source: z.enum(caseSourceKinds),
          id: text(200).describe(
            'a violation id, a field finding id, a rectification order id (re-checked not rectified), or a complaint id (not checked)',
          ),
        }),
      )
      .min(1)
      .max(100),
    openedOn: HappenedDate.describe('立案日期'),
    summary: z.string().max(4096).optional(),
    occurredAt,
  })
  .meta({
    examples: [
      {
        region: '330106',
        organisationId: 'org-station',
        sources: [{ source: 'rectification_order', id: 'RO-2026-001' }],
        openedOn: '2026-04-01',
      },
    ],
  })

export const CaseParams = z.strictObject({ caseId: PenaltyCaseId })

export const InvestigationBody = z
  .strictObject({
    investigatedOn: HappenedDate,
    findings: text(8192).describe('调查终结报告: what the investigation established'),
    evidenceEventIds: z.array(text(200)).max(200).optional(),
    occurredAt,
  })
  .meta({ examples: [{ investigatedOn: '2026-04-20', findings: '现场检查笔录、询问笔录' }] })

export const ExtensionBody = z
  .strictObject({
    approvedOn: HappenedDate.describe('the approval day: by the decision due day'),
    extensionDays: z.number().int().min(1).max(366).optional().describe('default and maximum: the rule table’s'),
    reason: text(4096),
    occurredAt,
  })
  .meta({ examples: [{ approvedOn: '2026-06-20', reason: '案情复杂' }] })

export const DecisionBody = z
  .strictObject({
    decidedOn: HappenedDate,
    decisionNumber: text(200).describe('行政处罚决定书文号'),
    penalties: z
      .array(
        z.strictObject({
          kind: z.enum(penaltyKinds),
          amountFen: Fen.optional().describe('integer fen (分): required for a fine, allowed for a confiscation'),
          description: z.string().max(1000).optional(),
        }),
      )
      .min(1)
      .max(10),
    categories: z
      .array(text(64))
      .min(1)
      .max(20)
      .optional()
      .describe('violation categories punished; default: those of the case’s sources'),
    occurredAt,
  })
  .meta({
    examples: [
      {
        decidedOn: '2026-05-10',
        decisionNumber: '杭西市监罚〔2026〕12号',
        penalties: [{ kind: 'fine', amountFen: 2_000_000 }],
      },
    ],
  })

export const ClosureBody = z
  .strictObject({
    closedOn: HappenedDate,
    fineCollectedFen: Fen.describe('fine collected, integer fen; at most the fine imposed'),
    notes: z.string().max(4096).optional(),
    occurredAt,
  })
  .meta({ examples: [{ closedOn: '2026-06-01', fineCollectedFen: 2_000_000 }] })

export const DroppingBody = z
  .strictObject({
    droppedOn: HappenedDate,
    kind: z.enum(['no_penalty', 'withdrawn']).describe('no_penalty: 不予行政处罚; withdrawn: 撤销立案'),
    reason: text(4096),
    occurredAt,
  })
  .meta({ examples: [{ droppedOn: '2026-05-01', kind: 'no_penalty', reason: '违法行为轻微并及时改正' }] })

export const ReferralBody = z
  .strictObject({
    referredOn: HappenedDate,
    policeAgency: text(200).describe('公安机关'),
    reason: text(4096).describe('涉嫌犯罪的事实'),
    evidence: z
      .array(ReferralEvidence)
      .max(200)
      .optional()
      .describe("more evidence; the sources' evidence (violation evidence bundles, findings, orders) is always listed"),
    occurredAt,
  })
  .meta({
    examples: [{ referredOn: '2026-05-12', policeAgency: '杭州市公安局西湖区分局', reason: '涉嫌重大责任事故' }],
  })

export const PoliceReceiptBody = z
  .strictObject({
    receivedOn: HappenedDate,
    outcome: z.enum(['accepted', 'declined']).describe('declined: the case returns to administrative handling'),
    criminalCaseNumber: text(200).optional().describe('required when accepted'),
    reason: text(4096).optional().describe('required when declined'),
    occurredAt,
  })
  .meta({
    examples: [{ receivedOn: '2026-05-20', outcome: 'accepted', criminalCaseNumber: '杭公西刑立字〔2026〕88号' }],
  })

export const caseStages = ['opened', 'investigated', 'decided', 'closed', 'dropped'] as const

export const CaseQuery = z.strictObject({
  region: RegionCode.optional().describe('region and below; default: the caller’s scope'),
  stage: z.enum(caseStages).optional().describe('stage on `on`'),
  overdue: z.enum(['true', 'false']).optional().describe('past the decision due day on `on`, undecided'),
  referral: z
    .enum(['any', 'pending', 'accepted', 'declined'])
    .optional()
    .describe('referred to the police by `on` (any), and the receipt’s state then'),
  organisationId: z.string().min(1).max(64).optional(),
  on: IsoDate.optional().describe('as of this day (China time); default today'),
  after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const StatisticsQuery = z.strictObject({
  region: RegionCode.optional().describe('region and below; default: the caller’s scope'),
  from: IsoDate.optional().describe('first field day; default 1 January of `to`’s year'),
  to: IsoDate.optional().describe('last field day; default today'),
})

const Referral = z.object({
  referredOn: z.string(),
  policeAgency: z.string(),
  reason: z.string(),
  evidence: z.array(
    z.object({ url: z.string().optional(), eventId: z.string().optional(), description: z.string().optional() }),
  ),
  receivedOn: z.string().nullable(),
  outcome: z.enum(['accepted', 'declined']).nullable(),
  criminalCaseNumber: z.string().nullable(),
  declineReason: z.string().nullable(),
  evidenceEventIds: z.object({ referred: z.string(), receipt: z.string().nullable() }),
})

export const PenaltyCase = z.object({
  caseId: z.string(),
  enforcementOrganisationId: z.string(),
  region: z.string(),
  organisationId: z.string(),
  organisationName: z.string().nullable().describe('from the organisation directory; null when not registered there'),
  sources: z.array(z.object({ source: z.enum(caseSourceKinds), id: z.string(), categories: z.array(z.string()) })),
  openedOn: z.string(),
  summary: z.string().nullable(),
  rule: z.object({ name: z.string(), version: z.string() }),
  investigatedOn: z.string().nullable(),
  investigation: z.object({ findings: z.string(), evidenceEventIds: z.array(z.string()) }).nullable(),
  extension: z
    .object({
      approvedOn: z.string(),
      approvedBy: z.string(),
      extensionDays: z.number(),
      reason: z.string(),
      decisionDue: z.string(),
    })
    .nullable(),
  decidedOn: z.string().nullable(),
  decision: z
    .object({
      decisionNumber: z.string(),
      approvedBy: z.string(),
      penalties: z.array(
        z.object({
          kind: z.enum(penaltyKinds),
          amountFen: z.number().int().optional(),
          description: z.string().optional(),
        }),
      ),
      legalBasis: z.array(z.object({ category: z.string(), article: z.string() })),
      rule: z.object({ name: z.string(), version: z.string() }),
    })
    .nullable(),
  fineFen: z.number().int().nullable().describe('fines imposed, integer fen'),
  closedOn: z.string().nullable(),
  fineCollectedFen: z.number().int().nullable().describe('integer fen'),
  droppedOn: z.string().nullable(),
  dropping: z.object({ kind: z.enum(['no_penalty', 'withdrawn']), reason: z.string() }).nullable(),
  referrals: z.array(Referral).describe('oldest first, as recorded (including receipts after `on`)'),
  on: z.string(),
  stage: z.enum(caseStages).describe('on `on`'),
  decisionDue: z.string().describe('on `on` (an extension counts from its approval day)'),
  overdue: z.boolean().describe('past the decision due day on `on`, undecided'),
  overdueSince: z
    .string()
    .nullable()
    .describe('the day the scheduler recorded PenaltyCaseOverdue (超期未决), if by `on`: the day after the due day'),
  referral: z
    .object({ referredOn: z.string(), state: z.enum(['pending', 'accepted', 'declined']) })
    .nullable()
    .describe('the latest referral by `on` and its state then; declined: back in administrative handling'),
  evidence: z.object({ openedEventId: z.string() }),
})

export const CaseStatistics = z.object({
  from: z.string(),
  to: z.string(),
  months: z.array(
    z.object({
      region: z.string(),
      month: z.string().describe('YYYY-MM of field days (China time)'),
      opened: z.number().int(),
      decided: z.number().int(),
      closed: z.number().int(),
      dropped: z.number().int(),
      finesImposedFen: z.number().int().describe('in the decision’s month, integer fen'),
      finesCollectedFen: z.number().int().describe('in the closure’s month, integer fen'),
    }),
  ),
})
