import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'

/**
 * Stream `rectification-order-<orderId>`: a rectification order (责令改正/整改通知书) an
 * enforcement team issues to an organisation, its delivery and its re-check (复查).
 */
export const RectificationOrderId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const rectificationOrderStreamName = (orderId: string): string => `rectification-order-${orderId}`

/** A problem the order is about: a violation (`/enforcement/violations`) or a field finding, with its kind. */
export const OrderedProblem = z.strictObject({
  source: z.enum(['violation', 'finding']),
  id: z.string().min(1).max(200),
  /** The violation category (a finding's: the category its kind proves), the "kind" of a rebound. */
  category: z.string().min(1).max(64),
})

/** An article the order cites, as the rule table `rectificationOrderRules` gave it on the issue day. */
export const LegalBasis = z.strictObject({
  category: z.string().min(1).max(64),
  article: z.string().min(1).max(200),
})

export const RectificationOrderIssued = defineEvent(
  'RectificationOrderIssued',
  z.strictObject({
    orderId: RectificationOrderId,
    enforcementOrganisationId: OrganisationId,
    region: RegionCode,
    organisationId: OrganisationId.describe('the organisation ordered to rectify'),
    problems: z.array(OrderedProblem).min(1).max(100),
    issuedOn: IsoDate,
    deadline: IsoDate,
    legalBasis: z.array(LegalBasis).min(1).max(100),
    rule: z.strictObject({ name: z.string(), version: z.string() }),
    requirements: z.string().max(4096).optional(),
  }),
)

export const RectificationOrderDelivered = defineEvent(
  'RectificationOrderDelivered',
  z.strictObject({
    orderId: RectificationOrderId,
    region: RegionCode,
    deliveredOn: IsoDate,
    method: z.enum(['in_person', 'post', 'electronic', 'posted_at_premises']),
  }),
)

/** The re-check (复查) at or after the deadline. */
export const RectificationOrderRechecked = defineEvent(
  'RectificationOrderRechecked',
  z.strictObject({
    orderId: RectificationOrderId,
    region: RegionCode,
    recheckedOn: IsoDate,
    outcome: z.enum(['rectified', 'not_rectified']),
    notes: z.string().max(4096).optional(),
  }),
)

/** A failed re-check escalates the order (a case is opened from it later, issue 17 item 3). */
export const RectificationOrderEscalated = defineEvent(
  'RectificationOrderEscalated',
  z.strictObject({
    orderId: RectificationOrderId,
    region: RegionCode,
    organisationId: OrganisationId,
    escalatedOn: IsoDate,
    reason: z.literal('not_rectified'),
  }),
)
