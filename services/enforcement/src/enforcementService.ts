import { Readable } from 'node:stream'
import type { FastifyRequest } from 'fastify'
import { createKysely } from '@gsr/db'
import { reportingDelay, chinaDate } from '@gsr/domain'
import { pipelineRateLabels, shortfallReasonLabels, violationCatalogue } from '@gsr/domain/enforcement'
import { regionPrefix } from '@gsr/events'
import {
  canActInRegion,
  identity,
  notFound,
  ProblemError,
  problemResponses,
  requireRegion,
  requestLanguage,
  type ServiceContext,
  type ServiceModule,
} from '@gsr/http-kit'
import {
  enforcementProjections,
  lateReportsProjection,
  exportViolationsCsv,
  getViolation,
  listViolations,
  organisationSummary,
  pipelineRates,
  type EnforcementTables,
  type ViolationRecord,
} from '@gsr/read-models/enforcement'
import type { RateFigure as RateFigureValue } from '@gsr/domain/enforcement'
import { z } from 'zod'
import {
  EvidenceEvents,
  IdParams,
  OrganisationParams,
  OrganisationSummary,
  RatesQuery,
  RegionRates,
  SummaryQuery,
  Violation,
  ViolationCsvQuery,
  ViolationQuery,
} from './schemas.ts'

const auth = { kinds: ['enforcement' as const] }
const tags = ['enforcement']

function toViolation(row: ViolationRecord): z.infer<typeof Violation> {
  return {
    id: row.id,
    category: row.category as z.infer<typeof Violation>['category'],
    subReason: row.sub_reason as z.infer<typeof Violation>['subReason'],
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    organisationId: row.organisation_id,
    region: row.region,
    occurredAt: row.occurred_at.toISOString(),
    detectedAt: row.detected_at.toISOString(),
    status: row.status,
    resolvedByEventId: row.resolved_by_event_id,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    evidence: row.evidence,
    details: row.details,
  }
}

function withLabels(rates: readonly RateFigureValue[]) {
  return rates.map((r) => ({ ...r, label: pipelineRateLabels[r.rate], shortfalls: [...r.shortfalls] }))
}

/** The region asked for (default: the caller's own), checked against the caller's scope. */
function scopedRegion(request: FastifyRequest, region: string | undefined): string {
  const asked = region ?? request.principal.region
  requireRegion(request, asked)
  return asked
}

function today(ctx: ServiceContext): string {
  return chinaDate(ctx.clock.now())
}

/**
 * Enforcement queries (执法查询): violations with their evidence, the four 100% rates on any
 * day, organisation summaries with a risk grade. Read-only: everything comes from the
 * enforcement projections, which read only the event log. Enforcement teams only; a team sees
 * its region and below.
 */
export const enforcementService: ServiceModule = {
  name: 'enforcement',
  projections: [...enforcementProjections, lateReportsProjection()],
  async routes(app, ctx) {
    const db = createKysely<EnforcementTables>(ctx.sql)

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
        try {
          const page = await listViolations(db, { ...q, regionPrefix: regionPrefix(region), cursor: q.after })
          return { items: page.items.map(toViolation), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
        } catch (error) {
          if (error instanceof RangeError)
            throw new ProblemError({
              code: 'validation-failed',
              status: 400,
              detail: { en: 'unreadable cursor', 'zh-CN': '无法识别的游标' },
              errors: [{ field: 'after', message: 'not a cursor from this list', in: 'querystring' }],
            })
          throw error
        }
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
        const language = requestLanguage(request)
        const pages = exportViolationsCsv(db, { ...request.query, regionPrefix: regionPrefix(region) }, { language })
        // Streamed page by page: the next page is queried when the socket has taken the last one
        // (a byte stream with a small high-water mark, so at most about one page waits in memory).
        // A failure after the first page ends the reply abruptly, never as a complete-looking file.
        // The first page before the headers: a failure there is still a problem+json reply.
        const first = await pages.next()
        async function* body() {
          // The byte-order mark makes Excel and WPS read the file as UTF-8 (Chinese labels intact).
          yield `\uFEFF${first.done ? '' : first.value}`
          yield* pages
        }
        return (
          reply
            .type('text/csv; charset=utf-8')
            .header('content-language', language)
            .header('content-disposition', 'attachment; filename="violations.csv"')
            // The reply schema documents the body (CSV text); fastify sends a stream as it comes.
            .send(Readable.from(body(), { objectMode: false, highWaterMark: 16 * 1024 }) as unknown as string)
        )
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
            recordedAt: event.recordedAt.toISOString(),
            ...(delay ? { reportDelayDays: delay.delayDays, lateReported: delay.lateReported } : {}),
            data: event.data,
            metadata: event.metadata,
          })
        }
        return { violation: toViolation(row), events }
      },
    )

    app.get(
      '/enforcement/rates',
      {
        config: { auth },
        schema: {
          tags,
          summary: 'The four 100% (四个100%) for gas pressure pipelines, by region, as of a day',
          querystring: RatesQuery,
          response: { 200: RegionRates, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const region = scopedRegion(request, request.query.region)
        const on = request.query.on ?? today(ctx)
        const result = await pipelineRates(db, region, on)
        return {
          region,
          on,
          rates: withLabels(result.rates),
          breakdown: result.breakdown.map((b) => ({ region: b.region, rates: withLabels(b.rates) })),
        }
      },
    )

    app.get(
      '/enforcement/organisations/:organisationId/summary',
      {
        config: { auth },
        schema: {
          tags,
          summary: 'Open violations, the last 12 months by category, and the risk grade A–E',
          params: OrganisationParams,
          querystring: SummaryQuery,
          response: { 200: OrganisationSummary, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        // A registered organisation outside the team's region does not exist for the team.
        const organisation = await identity.getOrganisation(ctx.sql, request.params.organisationId)
        if (organisation && !canActInRegion(request.principal, organisation.region)) throw notFound()
        const on = request.query.on ?? today(ctx)
        const summary = await organisationSummary(
          db,
          request.params.organisationId,
          on,
          regionPrefix(request.principal.region),
        )
        const { day, ...rest } = summary
        return { ...rest, on: day, byCategory: [...summary.byCategory] }
      },
    )

    app.get(
      '/enforcement/catalogue',
      {
        config: { auth },
        schema: {
          tags,
          summary: 'Violation categories, sub-reasons, rate names and shortfall reasons with zh-CN and English labels',
          response: { 200: z.object({ violations: z.unknown(), rates: z.unknown(), shortfallReasons: z.unknown() }) },
        },
      },
      async () => ({
        violations: violationCatalogue,
        rates: pipelineRateLabels,
        shortfallReasons: shortfallReasonLabels,
      }),
    )
  },
}
