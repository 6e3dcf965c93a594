import { z } from 'zod'
import { IsoDate, IsoDateTime, OrganisationId, RegionCode } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'

/**
 * Stream `inspection-plan-<planId>`: a random inspection plan (双随机、一公开). Commit-reveal:
 * the plan is committed with sha256(seed) and everything the draw depends on (the risk
 * catalogue snapshot, the roster, the exclusions); the draw is recorded only when the seed is
 * revealed and matches, so nobody can try seeds against a known catalogue.
 */
export const InspectionPlanId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,63}$/)
export const inspectionPlanStreamName = (planId: string): string => `inspection-plan-${planId}`

export const RiskGradeLetter = z.enum(['A', 'B', 'C', 'D', 'E'])
/** An inspector: a member id (kit_members) of the enforcement organisation that plans. */
export const InspectorId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/)
const RuleCitation = z.strictObject({ name: z.string(), version: z.string() })

export const InspectionPlanCommitted = defineEvent(
  'InspectionPlanCommitted',
  z.strictObject({
    planId: InspectionPlanId,
    enforcementOrganisationId: OrganisationId,
    region: RegionCode,
    periodFrom: IsoDate,
    periodTo: IsoDate,
    /** The catalogue snapshot: as of this day, as the log stood at `knownAt`. */
    catalogueOn: IsoDate,
    knownAt: IsoDateTime,
    catalogueRule: RuleCitation,
    catalogue: z.array(z.strictObject({ organisationId: OrganisationId, grade: RiskGradeLetter })).max(50_000),
    roster: z.array(InspectorId).min(1).max(500),
    excluded: z
      .array(
        z.strictObject({
          inspectorId: InspectorId,
          organisationId: OrganisationId,
          reason: z.enum(['conflict_of_interest', 'previous_plan']),
        }),
      )
      .max(50_000),
    previousPlanId: InspectionPlanId.optional(),
    /** Lower-case hex sha256 of the seed's UTF-8 bytes. */
    seedHash: z.string().regex(/^[0-9a-f]{64}$/),
    rule: RuleCitation,
  }),
)

export const InspectionPlanDrawn = defineEvent(
  'InspectionPlanDrawn',
  z.strictObject({
    planId: InspectionPlanId,
    region: RegionCode,
    seed: z.string().min(16).max(256),
    visits: z
      .array(
        z.strictObject({
          organisationId: OrganisationId,
          grade: RiskGradeLetter,
          /** Fewer than the rule's inspectors per visit: not enough eligible inspectors (unstaffed). */
          inspectorIds: z.array(InspectorId).max(10),
        }),
      )
      .max(50_000),
  }),
)
