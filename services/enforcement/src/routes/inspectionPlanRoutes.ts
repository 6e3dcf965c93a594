import type { FastifyRequest } from 'fastify'
import { DomainError } from '@gsr/domain'
import {
  inspectionPlanDecider,
  inspectionSamplingRules,
  riskGrades,
  type InspectionPlanCommand,
} from '@gsr/domain/enforcement'
import { regionPrefix } from '@gsr/events'
import { inspectionPlanStreamName } from '@gsr/events/enforcement'
import {
  canActInRegion,
  commandRoute,
  fieldOccurredAt,
  identity,
  listScope,
  loadState,
  notFound,
  problemResponses,
  recordCommand,
  requireRegion,
  type KitApp,
  type ServiceContext,
  requestNow,
} from '@gsr/http-kit'
import { z } from 'zod'
import { listInspectionPlans, planVisitInspections } from '@gsr/read-models/enforcement'
import { pageOf } from './enforcementQuery.ts'
import { newRecordRoute } from './newRecordRoute.ts'
import {
  CommitPlanBody,
  DrawPlanBody,
  PlanListQuery,
  PlanParams,
  PlanSummary,
  PublicPlan,
} from './inspectionPlanSchemas.ts'
import { riskCatalogue } from './riskCatalogue.ts'

const tags = ['enforcement: risk catalogue and random inspection']
/** Plans are made and drawn by enforcement teams (operators and admins, not viewers). */
const writers = ['enforcement'] as const

const refused = (code: string, field: string, en: string, zh: string) =>
  new DomainError(code, { en, 'zh-CN': zh }, [field])

/**
 * Random inspection plans (双随机、一公开): commit (sha256 of the seed, the catalogue snapshot of
 * the region graded on `plannedOn` as the log stands at the commit, the roster, the
 * exclusions), draw (the seed revealed; inspectionPlanDecider), and the published list.
 * The roster is carried by the plan: member ids (kit_members) of the planning team.
 */
export async function inspectionPlanRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const load = (planId: string) => loadState(ctx.eventStore, inspectionPlanStreamName(planId), inspectionPlanDecider)

  async function checkRoster(request: FastifyRequest, roster: readonly string[]) {
    for (const [index, id] of roster.entries()) {
      const member = await identity.getMember(ctx.sql, id)
      if (!member || member.organisationId !== request.principal.organisationId || member.type !== 'person')
        throw refused(
          'inspector-not-found',
          `roster.${index}`,
          `${id} is not a person of your organisation`,
          `${id} 不是本单位人员`,
        )
    }
  }

  newRecordRoute(app, ctx, '/enforcement/inspection-plans', {
    kinds: writers,
    tags,
    summary: 'Commit a random inspection plan (双随机): sha256 of the seed, the catalogue snapshot, roster, exclusions',
    description:
      'The catalogue of the region graded on plannedOn (riskCatalogueRules), as the log stands now, is recorded with the plan; the sampling ratios come from inspectionSamplingRules in force on periodFrom. The draw happens only when the seed is revealed (POST …/draw). Region outside the team’s: 403.',
    body: CommitPlanBody,
    id: ['planId', 'inspection-plan'],
    stream: inspectionPlanStreamName,
    decider: inspectionPlanDecider,
    fieldDate: (body) => body.plannedOn,
    command: async (request, planId, body) => {
      requireRegion(request, body.region)
      await checkRoster(request, body.roster)
      const previous = body.previousPlanId === undefined ? undefined : await load(body.previousPlanId)
      if (
        previous &&
        (!previous.drawn || previous.committed?.enforcementOrganisationId !== request.principal.organisationId)
      )
        throw refused(
          'previous-plan-not-found',
          'previousPlanId',
          `no drawn plan ${body.previousPlanId} of your organisation`,
          `本单位无已抽取的抽查计划 ${body.previousPlanId}`,
        )
      const knownAt = requestNow(request)
      const entries = await riskCatalogue(ctx, {
        regionPrefix: regionPrefix(body.region),
        on: body.plannedOn,
        // As the log stands now: the snapshot is recorded with the commitment (knownAt = the commit's instant).
        dayField: 'plannedOn',
      })
      const onRoster = new Set(body.roster)
      const command: InspectionPlanCommand = {
        type: 'CommitInspectionPlan',
        data: {
          planId,
          enforcementOrganisationId: request.principal.organisationId,
          region: body.region,
          periodFrom: body.periodFrom,
          periodTo: body.periodTo,
          catalogueOn: body.plannedOn,
          knownAt: knownAt.toISOString(),
          catalogueRule: entries[0]?.assessment.rule ?? { name: 'riskCatalogueRules', version: 'none' },
          catalogue: entries.map((e) => ({ organisationId: e.organisation.id, grade: e.assessment.grade })),
          roster: body.roster,
          excluded: [
            ...body.conflicts.map((c) => ({ ...c, reason: 'conflict_of_interest' as const })),
            ...(previous?.drawn?.visits ?? []).flatMap((v) =>
              v.inspectorIds
                .filter((id) => onRoster.has(id))
                .map((inspectorId) => ({
                  inspectorId,
                  organisationId: v.organisationId,
                  reason: 'previous_plan' as const,
                })),
            ),
          ],
          ...(body.previousPlanId !== undefined ? { previousPlanId: body.previousPlanId } : {}),
          seedHash: body.seedHash,
        },
      }
      return command
    },
  })

  commandRoute(app, '/enforcement/inspection-plans/:planId/draw', {
    kinds: [...writers],
    tags,
    summary: 'Reveal the seed and draw (一公开): the subjects by grade and two inspectors a visit',
    description:
      'sha256(seed) must equal the committed seedHash (422 naming seed). The draw is a pure function of the seed and the committed inputs: `npm run gsr -- replay-plan PLAN` recomputes it. Another region’s plan: 404.',
    params: PlanParams,
    body: DrawPlanBody,
    refusals: [400, 401, 403, 404, 409, 422],
    record: async (request, params, { occurredAt, seed, drawnOn }) => {
      const { planId } = params as z.infer<typeof PlanParams>
      const state = await load(planId)
      if (!state.committed || !canActInRegion(request.principal, state.committed.region)) throw notFound()
      if (drawnOn < state.committed.catalogueOn)
        throw refused(
          'drawn-before-planned',
          'drawnOn',
          `drawn before the plan was made (${state.committed.catalogueOn})`,
          `抽取日期早于计划日期（${state.committed.catalogueOn}）`,
        )
      return recordCommand(
        ctx,
        request,
        inspectionPlanStreamName(planId),
        inspectionPlanDecider,
        { type: 'DrawInspectionPlan', data: { seed } },
        fieldOccurredAt(drawnOn, occurredAt),
      )
    },
  })

  app.get(
    '/enforcement/inspection-plans',
    {
      config: { auth: { kinds: ['enforcement' as const, 'administrator' as const] } },
      schema: {
        tags,
        summary: 'Random inspection plans, newest first: made (committed) or drawn, with their counts',
        description:
          'Enforcement teams: plans of their region and below (region= narrows; outside: 403); administrators: all; any other organisation: 403. Newest first by the day planned, then id; cursor-paginated.',
        querystring: PlanListQuery,
        response: {
          200: z.object({ items: z.array(PlanSummary), next: z.string().optional() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request): Promise<{ items: z.infer<typeof PlanSummary>[]; next?: string }> => {
      const q = request.query as z.infer<typeof PlanListQuery>
      const scope = listScope(request.principal, q.region, { agenciesByRegion: false })
      const page = await pageOf(
        listInspectionPlans(ctx.sql, { scope, status: q.status, after: q.after, limit: q.limit }),
      )
      return {
        items: page.items.map((row) => ({
          planId: row.plan_id,
          enforcementOrganisationId: row.enforcement_organisation_id,
          region: row.region,
          status: row.drawn_on === null ? 'committed' : 'drawn',
          plannedOn: row.catalogue_on,
          periodFrom: row.period_from,
          periodTo: row.period_to,
          knownAt: row.known_at,
          drawnOn: row.drawn_on,
          subjects: row.subjects,
          inspectors: row.inspectors,
          visits: row.visits,
        })),
        ...(page.next ? { next: page.next } : {}),
      }
    },
  )

  app.get(
    '/enforcement/inspection-plans/:planId',
    {
      schema: {
        tags,
        summary: 'A plan’s public list (一公开): the visits drawn, their inspectors, outcome placeholders',
        description:
          'Drawn plans are public to every authenticated caller; a plan not drawn yet is seen only by enforcement teams of its region (others: 404, as unknown). Each visit’s outcome: the first routine inspection of the organisation by the planning team within the period (its result and link); null until one is recorded.',
        params: PlanParams,
        response: { 200: PublicPlan, ...problemResponses(400, 401, 404) },
      },
    },
    async (request): Promise<z.infer<typeof PublicPlan>> => {
      const { committed, drawn } = await load(request.params.planId)
      if (!committed) throw notFound()
      const p = request.principal
      if (!drawn && !(p.organisationKind === 'enforcement' && canActInRegion(p, committed.region))) throw notFound()
      const visits = drawn?.visits ?? []
      const names = await identity.organisationNames(
        ctx.sql,
        visits.map((v) => v.organisationId),
      )
      const inspected = await planVisitInspections(ctx.sql, {
        enforcementOrganisationId: committed.enforcementOrganisationId,
        organisationIds: visits.map((v) => v.organisationId),
        from: committed.periodFrom,
        to: committed.periodTo,
      })
      const subjects = { A: 0, B: 0, C: 0, D: 0, E: 0 }
      for (const o of committed.catalogue) subjects[o.grade] += 1
      const perVisit =
        inspectionSamplingRules.versions.find((v) => v.version === committed.rule.version)?.rules.inspectorsPerVisit ??
        2
      return {
        planId: committed.planId,
        enforcementOrganisationId: committed.enforcementOrganisationId,
        region: committed.region,
        periodFrom: committed.periodFrom,
        periodTo: committed.periodTo,
        catalogueOn: committed.catalogueOn,
        knownAt: committed.knownAt,
        status: drawn ? 'drawn' : 'committed',
        seedHash: committed.seedHash,
        seed: drawn?.seed ?? null,
        rule: committed.rule,
        catalogueRule: committed.catalogueRule,
        subjects: Object.fromEntries(riskGrades.map((g) => [g, subjects[g]])) as typeof subjects,
        inspectors: committed.roster.length,
        visits: visits.map((v) => ({
          organisationId: v.organisationId,
          name: names.get(v.organisationId) ?? null,
          grade: v.grade,
          inspectorIds: v.inspectorIds,
          unstaffed: v.inspectorIds.length < perVisit,
          outcome: (inspected.get(v.organisationId)?.result as 'no_problem' | 'problems_found' | undefined) ?? null,
          inspection: inspected.has(v.organisationId)
            ? `/enforcement/inspections/${encodeURIComponent(inspected.get(v.organisationId)!.inspectionId)}`
            : null,
        })),
      }
    },
  )
}
