import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { createKysely } from '@gsr/db'
import { chinaTimestamp, reportingDelay } from '@gsr/domain'
import { regionPrefix } from '@gsr/events'
import {
  notFound,
  problemResponses,
  requireOrganisationFilter,
  requireRegion,
  requestLanguage,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import {
  exportViolationsCsv,
  getViolation,
  listViolations,
  type EnforcementTables,
  type ViolationRecord,
} from '@gsr/read-models/enforcement'
import { evidenceBundle, serverAnchorKey } from './evidenceBundle.ts'
import { auth, knownAtOf, pageOf, scopedRegion, sendCsv, tags } from './enforcementQuery.ts'
import { operatesInTeamRegion } from './organisationScope.ts'
import {
  EvidenceBundle,
  EvidenceEvents,
  IdParams,
  Violation,
  ViolationCsvQuery,
  ViolationQuery,
} from './violationSchemas.ts'

function toViolation(row: ViolationRecord): z.infer<typeof Violation> {
  return {
    id: row.id,
    category: row.category as z.infer<typeof Violation>['category'],
    subReason: row.sub_reason as z.infer<typeof Violation>['subReason'],
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    organisationId: row.organisation_id,
    region: row.region,
    // Times people read are China time (+08:00); the same instants as the log's.
    occurredAt: chinaTimestamp(row.occurred_at),
    detectedAt: chinaTimestamp(row.detected_at),
    status: row.status,
    resolvedByEventId: row.resolved_by_event_id,
    resolvedByEventType: row.resolved_by_event_type,
    resolvedAt: row.resolved_at ? chinaTimestamp(row.resolved_at) : null,
    resolvedOn: row.resolved_on,
    evidence: row.evidence,
    details: row.details,
    ...(row.cured_since
      ? { curedSince: { ...row.cured_since, resolvedAt: chinaTimestamp(row.cured_since.resolvedAt) } }
      : {}),
  }
}

/**
 * Violations (五个严厉打击): the list, its CSV export, one violation, its evidence from the log,
 * and its evidence bundle (verifiable offline).
 */
export async function violationRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)
  const anchorKey = serverAnchorKey(ctx)

  app.get(
    '/enforcement/violations',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'Violations (五个严厉打击), newest first, filtered, cursor-paginated',
        querystring: ViolationQuery,
        response: {
          200: z.object({ items: z.array(Violation), next: z.string().optional() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query
      const region = scopedRegion(request, q.region)
      await requireOrganisationFilter(request, ctx.sql, q.organisationId, operatesInTeamRegion(request, ctx, db))
      const page = await pageOf(
        listViolations(db, {
          ...q,
          knownAt: knownAtOf(q.knownAt),
          regionPrefix: regionPrefix(region),
          cursor: q.after,
        }),
      )
      return { items: page.items.map(toViolation), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
    },
  )

  app.get(
    '/enforcement/violations.csv',
    {
      config: { auth },
      schema: {
        tags,
        summary:
          'Violations as CSV (same filters, every page); header and labels follow Accept-Language (zh-CN or English), UTF-8 with a byte-order mark for spreadsheets',
        querystring: ViolationCsvQuery,
        response: { 200: z.string(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const region = scopedRegion(request, request.query.region)
      await requireOrganisationFilter(
        request,
        ctx.sql,
        request.query.organisationId,
        operatesInTeamRegion(request, ctx, db),
      )
      const language = requestLanguage(request)
      const pages = exportViolationsCsv(
        db,
        { ...request.query, knownAt: knownAtOf(request.query.knownAt), regionPrefix: regionPrefix(region) },
        { language },
      )
      // Streamed page by page: the next page is queried when the socket has taken the last one
      // (a byte stream with a small high-water mark, so at most about one page waits in memory).
      // A failure after the first page ends the reply abruptly, never as a complete-looking file.
      // The first page before the headers: a failure there is still a problem+json reply.
      const first = await pages.next()
      async function* body() {
        if (!first.done) yield first.value
        yield* pages
      }
      return sendCsv(reply, { name: 'violations.csv', language, body: body() })
    },
  )

  const loadScoped = async (request: FastifyRequest, id: string) => {
    const row = await getViolation(db, id)
    if (!row) throw notFound()
    requireRegion(request, row.region, { hide: true })
    return row
  }

  app.get(
    '/enforcement/violations/:id',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'One violation',
        params: IdParams,
        response: { 200: Violation, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => toViolation(await loadScoped(request, request.params.id)),
  )

  app.get(
    '/enforcement/violations/:id/evidence',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'A violation with the events that prove it, read back from the log',
        params: IdParams,
        response: { 200: EvidenceEvents, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const row = await loadScoped(request, request.params.id)
      const events = []
      for (const ref of row.evidence) {
        const [event] = await ctx.eventStore.readStream(ref.streamName, { fromRevision: ref.revision, maxCount: 1 })
        if (!event || event.id !== ref.eventId) continue
        const delay = reportingDelay(event.type, event.metadata.occurredAt, event.recordedAt)
        events.push({
          id: event.id,
          type: event.type,
          streamName: event.streamName,
          revision: event.revision,
          recordedAt: chinaTimestamp(event.recordedAt),
          ...(delay ? { reportDelayDays: delay.delayDays, lateReported: delay.lateReported } : {}),
          data: event.data,
          metadata: event.metadata,
        })
      }
      return { violation: toViolation(row), events }
    },
  )

  app.get(
    '/enforcement/violations/:id/evidence-bundle',
    {
      config: { auth },
      schema: {
        tags,
        summary:
          'One JSON file for a court or the police: the violation, its events with their hashes, the chain proof up to a signed anchor (`proof`, checked offline by `gsr verify-bundle`), rule versions, actors, a printable zh-CN/English summary (`summaryHtml`)',
        params: IdParams,
        response: { 200: EvidenceBundle, ...problemResponses(401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const row = await loadScoped(request, request.params.id)
      const bundle = await evidenceBundle(ctx, anchorKey, row, toViolation(row))
      // The id may hold any character: the file name keeps only safe ones.
      const file = `evidence-${row.id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}.json`
      return reply.header('content-disposition', `attachment; filename="${file}"`).send(bundle)
    },
  )
}
