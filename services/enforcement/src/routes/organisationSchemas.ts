import { z } from 'zod'
import { IsoDate } from '@gsr/events'
import { violationCategories } from '@gsr/domain/enforcement'

export const SummaryQuery = z.strictObject({ on: IsoDate.optional() })
export const OrganisationSummary = z.object({
  organisationId: z.string(),
  on: z.string(),
  openViolations: z.number().int(),
  window: z.object({ from: z.string(), to: z.string() }),
  byCategory: z.array(
    z.object({ category: z.enum(violationCategories), open: z.number().int(), resolved: z.number().int() }),
  ),
  lateReported: z
    .object({ facts: z.number().int(), maxDelayDays: z.number().int() })
    .describe('facts reported late (迟报): recorded more than the dateWindow rule days after their field day'),
  risk: z.object({
    grade: z.enum(['A', 'B', 'C', 'D', 'E']),
    score: z.number(),
    rule: z.object({ name: z.string(), version: z.string() }),
  }),
})
export const OrganisationParams = z.strictObject({ organisationId: z.string().min(1).max(64) })
