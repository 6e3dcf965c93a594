import { z } from 'zod'
import { IsoDate, RegionCode } from '@gsr/events'
import { violationCategories, violationSubReasons } from '@gsr/domain/enforcement'
import { KnownAt } from './enforcementQuery.ts'

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
  status: z.enum(['open', 'resolved']).describe('on `on` and as known at `knownAt` when asked, else now'),
  resolvedByEventId: z.string().nullable().describe('the curing event'),
  resolvedByEventType: z.string().nullable(),
  resolvedAt: z.string().nullable().describe('when the log learnt of the cure'),
  resolvedOn: z.string().nullable().describe('the cure’s field day (China time): resolved from this day on'),
  evidence: z.array(EvidenceRef),
  details: z.record(z.string(), z.unknown()),
  curedSince: z
    .object({
      eventId: z.string(),
      eventType: z.string(),
      resolvedAt: z.string().describe('when the log learnt of the cure: after knownAt'),
      resolvedOn: z.string().describe('the cure’s field day'),
    })
    .optional()
    .describe(
      'only with knownAt: open as reported then, resolved as now known by this cure recorded since (the late fact that changed it)',
    ),
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
    knownAt: KnownAt,
    status: z.enum(['open', 'resolved']).optional().describe('status now, or on `on` / as known at `knownAt`'),
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

/** The evidence bundle's shape; `proof` is passed through as proveEvents made it (its bytes are hashed). */
export const EvidenceBundle = z.object({
  generatedAt: z.string(),
  violation: Violation,
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      streamName: z.string(),
      revision: z.number().int(),
      recordedAt: z.string(),
      hash: z.string().describe('SHA-256 link of the event in its stream (packages/event-store README)'),
    }),
  ),
  ruleVersions: z.array(z.string()).describe('rule-table versions named by the violation or its events'),
  actors: z.array(z.object({ organisationId: z.string(), name: z.string().nullable() })),
  proof: z.unknown().describe('gsr-evidence-proof/1: the anchor, and each event with its chain up to it'),
  summaryHtml: z.string().describe('printable HTML page, zh-CN with English'),
})
