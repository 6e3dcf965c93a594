import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
import { violationCategories, violationSubReasons } from '@gsr/domain/enforcement'

export const EvidenceRef = z.object({
  eventId: z.string(),
  streamName: z.string(),
  revision: z.number().int(),
  type: z.string(),
})

export const Violation = z.object({
  id: z.string(),
  category: z.enum(violationCategories),
  subReason: z.enum(violationSubReasons),
  subjectKind: z.string(),
  subjectId: z.string(),
  organisationId: z.string(),
  region: z.string(),
  occurredAt: z.string().describe('when it happened in the field'),
  detectedAt: z.string().describe('when the log first proved it'),
  status: z.enum(['open', 'resolved']).describe('on `on` when asked, else now'),
  resolvedByEventId: z.string().nullable().describe('the curing event'),
  resolvedByEventType: z.string().nullable(),
  resolvedAt: z.string().nullable().describe('when the log learnt of the cure'),
  resolvedOn: z.string().nullable().describe('the cure’s field day (China time): resolved from this day on'),
  evidence: z.array(EvidenceRef),
  details: z.record(z.string(), z.unknown()),
})

export const ViolationQuery = z
  .strictObject({
    region: RegionCode.optional().describe('region and below; default: the caller’s region'),
    category: z.enum(violationCategories).optional(),
    subReason: z.enum(violationSubReasons).optional(),
    organisationId: z.string().min(1).max(64).optional(),
    from: IsoDate.optional().describe('first field day, inclusive'),
    to: IsoDate.optional().describe('last field day, inclusive'),
    on: IsoDate.optional().describe(
      'the violations as they stood on this field day: occurred by then, each with its status that day (one cured later is open); default: now',
    ),
    status: z.enum(['open', 'resolved']).optional().describe('status now, or on `on`'),
    after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .meta({ examples: [{ region: '330106', category: 'noncompliant_cylinder_filled', status: 'open' }] })

export const ViolationCsvQuery = ViolationQuery.omit({ after: true, limit: true })

export const EvidenceEvents = z.object({
  violation: Violation,
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      streamName: z.string(),
      revision: z.number().int(),
      recordedAt: z.string(),
      reportDelayDays: z.number().int().optional().describe('China days between its field day and its recording'),
      lateReported: z.boolean().optional().describe('recorded later than the dateWindow rule allows (迟报)'),
      data: z.unknown(),
      metadata: z.unknown(),
    }),
  ),
})

// An id escapes every byte outside its safe characters as ~XX: a 128-character subject id may triple.
export const IdParams = z.strictObject({ id: z.string().min(1).max(2000) })
