import { z } from 'zod'
import { rectificationOrderRules } from '@gsr/domain/enforcement'
import { IsoDate, ScheduledDate } from '@gsr/events'
import { RuleTableName, RuleVersionId } from '@gsr/events/rules'

export const RuleTableParams = z.strictObject({ table: RuleTableName })

/** A version of a rule table an administrator publishes; `rules` are checked by the table's own schema. */
export const PublishRuleVersionBody = z
  .strictObject({
    version: RuleVersionId.describe('a new id, never used by this table (e.g. 2027.1)'),
    effectiveFrom: ScheduledDate.describe(
      'YYYY-MM-DD: after the newest version’s day and not before today (China time); a correction: the corrected version’s day',
    ),
    rules: z.json().describe('the rules, in the shape the table declares (its rulesSchema)'),
    corrects: RuleVersionId.optional().describe('the version this one corrects (its value was an error)'),
    citation: z.string().trim().min(1).max(500).describe('the regulation and clause the values follow'),
    reason: z.string().max(2000).optional(),
  })
  .meta({
    examples: [
      {
        version: '2027.1',
        effectiveFrom: '2027-01-01',
        rules: { ...rectificationOrderRules.at('2014-01-01').rules, defaultDeadlineDays: 30 },
        citation: '《中华人民共和国特种设备安全法》第八十三条；本局整改期限通知',
        reason: '整改期限默认延长至 30 日',
      },
    ],
  })

export const RuleVersionView = z
  .object({
    version: z.string(),
    effectiveFrom: IsoDate,
    corrects: z.string().optional(),
    origin: z.enum(['code', 'published']),
    /** Published versions: who recorded them, when (China time), citing what. */
    publishedBy: z.object({ organisationId: z.string(), userId: z.string().optional() }).optional(),
    publishedAt: z.string().optional(),
    citation: z.string().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: 'RuleVersionView' })

export const RuleTableSummary = z
  .object({
    name: z.string(),
    /** Whether an administrator may publish versions of it (the table declares a rules schema). */
    publishable: z.boolean(),
    /** Oldest first, as the table resolves a day. */
    versions: z.array(RuleVersionView),
  })
  .meta({ id: 'RuleTableSummary' })

export const RuleTableDetail = z
  .object({
    name: z.string(),
    publishable: z.boolean(),
    versions: z.array(RuleVersionView.extend({ rules: z.json() })),
  })
  .meta({ id: 'RuleTableDetail' })
