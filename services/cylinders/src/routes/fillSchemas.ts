import { z } from 'zod'
import { HappenedAt, IsoDate, OrganisationId } from '@gsr/events'
import { ClientEventId } from './commandSchemas.ts'
import { CylinderCode, CylinderFilled, PersonId, PrefillDenyReason } from '@gsr/events/cylinders'

export const PrefillCheckBody = z.strictObject({
  cylinderCode: CylinderCode,
  operatorId: PersonId.optional().describe('the operator about to fill: their P certificate is checked too'),
  checkId: ClientEventId.optional().describe('id of this check (client-made for retries); default a new UUID'),
})

const Reason = z.object({ code: PrefillDenyReason, 'zh-CN': z.string(), en: z.string() })

export const PrefillCheckReply = z.object({
  checkId: z.string(),
  cylinderCode: z.string(),
  decision: z.enum(['allow', 'deny']),
  reasons: z.array(Reason),
  checkedAt: z.string(),
})

/** One fill as a station terminal records it; stationId and region come from the credential. */
export const FillBody = CylinderFilled.schema
  .pick({
    cylinderCode: true,
    operatorId: true,
    gas: true,
    quantityKg: true,
    preFillChecks: true,
    postFillChecks: true,
    prefillCheckId: true,
    terminalId: true,
  })
  .extend({
    fillId: ClientEventId.describe('made by the terminal: re-sending the same fill is a no-op'),
    filledAt: HappenedAt,
  })
export type FillBody = z.infer<typeof FillBody>

export const FillReply = z.object({
  fillId: z.string(),
  status: z.enum(['recorded', 'duplicate']),
  /** What the record shows at the time of the fill (informative: the fill is recorded regardless). */
  findings: z.object({
    reasons: z.array(PrefillDenyReason),
    missingPreFill: z.array(z.string()),
    missingPostFill: z.array(z.string()),
  }),
})

export const FillBatchBody = z.strictObject({
  fills: z
    .array(z.unknown())
    .min(1)
    .max(500)
    .describe('fills recorded offline, each shaped like the body of POST /fills; validated one by one'),
})

export const FillBatchReply = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      fillId: z.string().optional(),
      status: z.enum(['recorded', 'duplicate', 'rejected']),
      problem: z
        .object({
          code: z.string(),
          detail: z.string(),
          errors: z.array(z.object({ field: z.string(), message: z.string() })),
        })
        .optional(),
    }),
  ),
  recorded: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
})

export const StationDayQuery = z.strictObject({
  stationId: OrganisationId.optional().describe('default the caller (a station)'),
  date: IsoDate,
  after: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
})
