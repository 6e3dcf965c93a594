import { z } from 'zod'
import { regionPrefix } from '@gsr/events'
import { chinaDate } from '@gsr/domain'
import {
  fillCheckCompleteness,
  fillingWorkCategory,
  operatorCertificateStatusOn,
  prefillCheck,
} from '@gsr/domain/cylinders'
import { prefillDenyReasonLabels, type CylinderType, type PrefillDenyReason } from '@gsr/events/cylinders'
import type { FastifyRequest } from 'fastify'
import {
  canRead,
  dateWindowProblemsOf,
  eventMetadata,
  factId,
  forbidden,
  identity,
  pageOf,
  ProblemError,
  problemResponses,
  type KitApp,
  type ServiceContext,
  requestNow,
} from '@gsr/http-kit'
import { dailyFillSummary, fillCursor, fillsByStationAndDay, loadPrefillFacts } from '@gsr/read-models/cylinders'
import { checkBeforeFill } from '../checkBeforeFill.ts'
import { recordFills } from '../recordFills.ts'
import {
  FillBatchBody,
  FillBatchReply,
  FillBody,
  FillReply,
  PrefillCheckBody,
  PrefillCheckReply,
  StationDayQuery,
} from './fillSchemas.ts'

const tags = ['filling']

const labelled = (reasons: readonly PrefillDenyReason[]) =>
  reasons.map((code) => ({ code, ...prefillDenyReasonLabels[code] }))

/** Pre-fill check, fill records (single and offline batch), fills by station and day. */
export async function fillRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  /** A station reads its own fills; enforcement those of stations in its region and below (canRead). */
  const requireStationInScope = async (request: FastifyRequest, stationId: string) => {
    const p = request.principal
    const region =
      stationId === p.organisationId ? p.region : (await identity.getOrganisation(ctx.sql, stationId))?.region
    if (!canRead(p, { region: region ?? '', organisationIds: [stationId] })) throw forbidden()
  }
  app.post(
    '/fill-checks',
    {
      config: { auth: { kinds: ['filling_station'] } },
      schema: {
        tags,
        summary: 'May I fill this cylinder now? (充装前核验) Allow, or deny with every reason; the answer is recorded',
        body: PrefillCheckBody,
        response: { 200: PrefillCheckReply, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const p = request.principal
      const now = requestNow(request)
      const answer = await checkBeforeFill(
        ctx,
        {
          ...request.body,
          // Without a checkId, a retry under the same Idempotency-Key asks under the same id.
          checkId: request.body.checkId ?? factId(request, 'fill-check'),
          stationId: p.organisationId,
          regionCode: p.region,
          now,
        },
        eventMetadata(request, now),
      )
      return {
        checkId: answer.checkId,
        cylinderCode: answer.cylinderCode,
        decision: answer.decision,
        reasons: labelled(answer.reasons),
        checkedAt: answer.checkedAt,
      }
    },
  )

  app.post(
    '/fills',
    {
      config: { auth: { kinds: ['filling_station'] } },
      schema: {
        tags,
        summary: 'Record a fill (充装记录), as it happened: accepted even when it shows a violation, never edited',
        body: FillBody,
        response: { 201: FillReply, 200: FillReply, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const p = request.principal
      const fill = request.body
      const [outcome] = await recordFills(
        ctx,
        { stationId: p.organisationId, regionCode: p.region },
        [fill],
        eventMetadata(request),
      )
      if (outcome === 'conflict') {
        throw new ProblemError({
          code: 'fill-id-conflict',
          status: 409,
          errors: [{ field: 'fillId', message: 'already used for a different fill', in: 'body' }],
        })
      }
      // What the register says about this fill (informative; enforcement derives violations from events).
      const date = chinaDate(fill.filledAt)
      const facts = await loadPrefillFacts(ctx.sql, {
        cylinderCode: fill.cylinderCode,
        stationId: p.organisationId,
        operatorId: fill.operatorId,
      })
      const answer = prefillCheck({
        cylinder: facts.cylinder,
        stationId: p.organisationId,
        date,
        operatorStatus: operatorCertificateStatusOn(facts.certificates, fillingWorkCategory, date).status,
      })
      const completeness = facts.cylinder
        ? fillCheckCompleteness(fill, facts.cylinder.cylinderType as CylinderType, date)
        : undefined
      return reply.code(outcome === 'duplicate' ? 200 : 201).send({
        fillId: fill.fillId,
        status: outcome ?? 'recorded',
        findings: {
          reasons: [...answer.reasons],
          missingPreFill: [...(completeness?.missingPreFill ?? [])],
          missingPostFill: [...(completeness?.missingPostFill ?? [])],
        },
      })
    },
  )

  app.post(
    '/fills/batch',
    {
      config: { auth: { kinds: ['filling_station'] } },
      schema: {
        tags,
        summary: 'Upload fills recorded offline: idempotent per fill id, a result per item, partial success',
        body: FillBatchBody,
        response: { 200: FillBatchReply, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const p = request.principal
      type Result = z.infer<typeof FillBatchReply>['results'][number]
      const results: Result[] = []
      const valid: { index: number; fill: FillBody }[] = []
      request.body.fills.forEach((item, index) => {
        const parsed = FillBody.safeParse(item)
        // The date window (rule table dateWindow) per fill, as the kit checks it for POST /fills.
        const outside = parsed.success ? dateWindowProblemsOf(FillBody, parsed.data, request) : []
        if (parsed.success && outside.length === 0) {
          valid.push({ index, fill: parsed.data })
          return
        }
        const fillId = (item as { fillId?: unknown } | null)?.fillId
        results[index] = {
          index,
          ...(typeof fillId === 'string' ? { fillId } : {}),
          status: 'rejected',
          problem: {
            code: 'validation',
            detail: 'the fill is not valid',
            errors: parsed.success
              ? outside.map((p) => ({ field: p.field, message: p.message }))
              : parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
          },
        }
      })
      const outcomes = await recordFills(
        ctx,
        { stationId: p.organisationId, regionCode: p.region },
        valid.map((v) => v.fill),
        eventMetadata(request),
      )
      valid.forEach(({ index, fill }, i) => {
        const outcome = outcomes[i]
        results[index] =
          outcome === 'conflict'
            ? {
                index,
                fillId: fill.fillId,
                status: 'rejected',
                problem: {
                  code: 'fill-id-conflict',
                  detail: 'this fill id is already recorded with different content',
                  errors: [{ field: 'fillId', message: 'already used for a different fill' }],
                },
              }
            : { index, fillId: fill.fillId, status: outcome ?? 'recorded' }
      })
      const count = (status: Result['status']) => results.filter((r) => r.status === status).length
      return {
        results,
        recorded: count('recorded'),
        duplicates: count('duplicate'),
        rejected: count('rejected'),
      }
    },
  )

  app.get(
    '/fills',
    {
      config: { auth: { kinds: ['filling_station', 'enforcement', 'administrator'] } },
      schema: {
        tags,
        summary: 'Fills of one station on one day (China time), by time',
        querystring: StationDayQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                fillId: z.string(),
                cylinderCode: z.string(),
                stationId: z.string(),
                regionCode: z.string(),
                operatorId: z.string(),
                filledAt: z.string(),
                fillDate: z.string(),
                gas: z.string(),
                quantityKg: z.number(),
                preFillChecks: z.unknown(),
                postFillChecks: z.unknown(),
                prefillCheckId: z.string().nullable(),
                terminalId: z.string().nullable(),
              }),
            ),
            next: z.string().optional(),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const p = request.principal
      const q = request.query
      const stationId = q.stationId ?? p.organisationId
      await requireStationInScope(request, stationId)
      let rows
      try {
        rows = await fillsByStationAndDay(ctx.sql, { stationId, date: q.date, after: q.after, limit: q.limit })
      } catch {
        throw new ProblemError({ code: 'validation', status: 400, errors: [{ field: 'after', message: 'bad cursor' }] })
      }
      // Enforcement sees fills of stations in its region only.
      const visible =
        p.organisationKind === 'enforcement'
          ? rows.filter((f) => f.regionCode.startsWith(regionPrefix(p.region)))
          : rows
      const page = pageOf(visible, q.limit, fillCursor)
      return { ...page, items: page.items.map((f) => ({ ...f, filledAt: f.filledAt.toISOString() })) }
    },
  )

  app.get(
    '/fills/daily',
    {
      config: { auth: { kinds: ['filling_station', 'enforcement', 'administrator'] } },
      schema: {
        tags,
        summary: 'Fills per day of one station (count and kg)',
        querystring: z.strictObject({
          stationId: z.string().min(1).max(64).optional(),
          from: z.iso.date(),
          to: z.iso.date(),
        }),
        response: {
          200: z.object({
            stationId: z.string(),
            days: z.array(z.object({ date: z.string(), fills: z.number(), quantityKg: z.number() })),
          }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const p = request.principal
      const stationId = request.query.stationId ?? p.organisationId
      await requireStationInScope(request, stationId)
      const days = await dailyFillSummary(ctx.sql, { stationId, from: request.query.from, to: request.query.to })
      return { stationId, days }
    },
  )
}
