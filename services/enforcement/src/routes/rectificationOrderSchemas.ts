import { z } from 'zod'
import { HappenedDate, IsoDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import { RectificationOrderId } from '@gsr/events/enforcement'
import { occurredAt } from './occurredAt.ts'

export const IssueOrderBody = z
  .strictObject({
    orderId: RectificationOrderId.optional().describe('default: a new id'),
    region: RegionCode.describe('the region the order is issued in (the team’s region or below)'),
    organisationId: OrganisationId.describe('the organisation ordered to rectify'),
    problems: z
      .array(
        z.strictObject({
          source: z.enum(['violation', 'finding']),
          id: z.string().min(1).max(200).describe('a violation id (/enforcement/violations) or a field finding id'),
        }),
      )
      .min(1)
      .max(100),
    issuedOn: HappenedDate,
    deadline: ScheduledDate.optional().describe('default: issuedOn + the rule table’s term'),
    requirements: z.string().max(4096).optional().describe('what must be done (整改要求)'),
    occurredAt,
  })
  .meta({
    examples: [
      {
        region: '330106',
        organisationId: 'org-station',
        problems: [{ source: 'violation', id: 'fill_checks_missing:pre_fill_check_incomplete:fill:F-1' }],
        issuedOn: '2026-03-02',
        deadline: '2026-03-17',
      },
    ],
  })

export const OrderParams = z.strictObject({ orderId: RectificationOrderId })

export const DeliverBody = z
  .strictObject({
    deliveredOn: HappenedDate,
    method: z.enum(['in_person', 'post', 'electronic', 'posted_at_premises']),
    occurredAt,
  })
  .meta({ examples: [{ deliveredOn: '2026-03-03', method: 'in_person' }] })

export const RecheckBody = z
  .strictObject({
    recheckedOn: HappenedDate.describe('at or after the deadline'),
    outcome: z.enum(['rectified', 'not_rectified']).describe('not_rectified escalates the order (for a case)'),
    notes: z.string().max(4096).optional(),
    occurredAt,
  })
  .meta({ examples: [{ recheckedOn: '2026-03-17', outcome: 'rectified' }] })

export const orderStatuses = ['issued', 'delivered', 'rectified', 'not_rectified'] as const

export const OrderQuery = z.strictObject({
  region: RegionCode.optional().describe('region and below; default: the caller’s scope'),
  status: z
    .enum([...orderStatuses, 'open', 'overdue'])
    .optional()
    .describe('status on `on`; open: not re-checked; overdue: past the deadline without a re-check'),
  organisationId: z.string().min(1).max(64).optional(),
  on: IsoDate.optional().describe('as of this day (China time); default today'),
  after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const RectificationOrder = z.object({
  orderId: z.string(),
  enforcementOrganisationId: z.string(),
  region: z.string(),
  organisationId: z.string(),
  organisationName: z.string().nullable().describe('from the organisation directory; null when not registered there'),
  problems: z.array(z.object({ source: z.enum(['violation', 'finding']), id: z.string(), category: z.string() })),
  issuedOn: z.string(),
  deadline: z.string(),
  legalBasis: z.array(z.object({ category: z.string(), article: z.string() })),
  rule: z.object({ name: z.string(), version: z.string() }),
  requirements: z.string().nullable(),
  deliveredOn: z.string().nullable(),
  deliveryMethod: z.string().nullable(),
  recheckedOn: z.string().nullable(),
  outcome: z.enum(['rectified', 'not_rectified']).nullable(),
  escalatedOn: z.string().nullable().describe('a failed re-check escalates the order (for a case)'),
  on: z.string(),
  status: z.enum(orderStatuses).describe('on `on`'),
  overdue: z.boolean().describe('past the deadline on `on` without a re-check by then'),
  overdueSince: z
    .string()
    .nullable()
    .describe('the day the scheduler raised RectificationOrderOverdue (逾期未复查): the day after the deadline'),
  rebound: z
    .object({ orderId: z.string(), categories: z.array(z.string()), rectifiedOn: z.string() })
    .nullable()
    .describe(
      '反弹: the earlier order, found rectified, whose kind of problem came back within the rule table’s window',
    ),
  evidence: z.object({ issuedEventId: z.string() }),
})
