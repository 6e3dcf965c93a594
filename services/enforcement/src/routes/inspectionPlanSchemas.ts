import { z } from 'zod'
import { HappenedDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import { InspectionPlanId, InspectorId, RiskGradeLetter } from '@gsr/events/enforcement'
import { occurredAt } from './occurredAt.ts'

export const CommitPlanBody = z
  .strictObject({
    planId: InspectionPlanId.optional().describe('default: a new id'),
    region: RegionCode.describe('the region sampled (the team’s region or below)'),
    plannedOn: HappenedDate.describe('the day the plan is made: the catalogue is graded as of this day'),
    periodFrom: ScheduledDate,
    periodTo: ScheduledDate,
    seedHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('lower-case hex sha256 of the seed (UTF-8); the seed is revealed later to draw'),
    roster: z
      .array(InspectorId)
      .min(1)
      .max(500)
      .describe('the inspectors who may be drawn: member ids of the caller’s organisation'),
    conflicts: z
      .array(z.strictObject({ inspectorId: InspectorId, organisationId: OrganisationId }))
      .max(5000)
      .default([])
      .describe('conflicts of interest (回避): this inspector never visits this organisation'),
    previousPlanId: InspectionPlanId.optional().describe(
      'the team’s previous drawn plan: no inspector visits the same organisation again',
    ),
    occurredAt,
  })
  .meta({
    examples: [
      {
        region: '330106',
        plannedOn: '2026-03-02',
        periodFrom: '2026-03-09',
        periodTo: '2026-06-30',
        seedHash: '5d41402abc4b2a76b9719d911017c592'.padEnd(64, '0'),
        roster: ['mem_a', 'mem_b', 'mem_c'],
      },
    ],
  })

export const DrawPlanBody = z
  .strictObject({
    seed: z.string().min(16).max(256).describe('the seed committed to (sha256 must match seedHash)'),
    drawnOn: HappenedDate,
    occurredAt,
  })
  .meta({ examples: [{ seed: 'a public seed of at least 16 characters', drawnOn: '2026-03-09' }] })

export const PlanParams = z.strictObject({ planId: InspectionPlanId })

export const PublicPlan = z
  .object({
    planId: z.string(),
    enforcementOrganisationId: z.string(),
    region: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    catalogueOn: z.string(),
    knownAt: z.string(),
    status: z.enum(['committed', 'drawn']),
    seedHash: z.string(),
    seed: z.string().nullable().describe('null until revealed'),
    rule: z.object({ name: z.string(), version: z.string() }),
    catalogueRule: z.object({ name: z.string(), version: z.string() }),
    subjects: z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number(), E: z.number() }),
    inspectors: z.number().int(),
    visits: z.array(
      z.object({
        organisationId: z.string(),
        name: z.string().nullable(),
        grade: RiskGradeLetter,
        inspectorIds: z.array(z.string()),
        unstaffed: z.boolean().describe('fewer eligible inspectors than a visit needs'),
        outcome: z
          .enum(['no_problem', 'problems_found'])
          .nullable()
          .describe('the result of the routine inspection of the visit; null until one is recorded'),
        inspection: z
          .string()
          .nullable()
          .describe(
            'link to that routine inspection (日常监督检查): the first by the planning team in the plan’s period',
          ),
      }),
    ),
  })
  .meta({ id: 'PublicInspectionPlan' })

export const PlanListQuery = z.strictObject({
  region: RegionCode.optional().describe('only plans of this region and below (within your scope; else 403)'),
  status: z.enum(['committed', 'drawn']).optional().describe('committed: made, not drawn yet; drawn: seed revealed'),
  after: z.string().min(1).max(200).optional().describe('cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})

export const PlanSummary = z.object({
  planId: z.string(),
  enforcementOrganisationId: z.string(),
  region: z.string(),
  status: z.enum(['committed', 'drawn']),
  plannedOn: z.string().describe('the day the plan was made (the catalogue graded as of it)'),
  periodFrom: z.string(),
  periodTo: z.string(),
  knownAt: z.string(),
  drawnOn: z.string().nullable(),
  subjects: z.number().int().describe('organisations in the catalogue snapshot'),
  inspectors: z.number().int().describe('inspectors on the roster'),
  visits: z.number().int().nullable().describe('visits drawn; null until drawn'),
})
