import { z } from 'zod'
import { IsoDate } from '../common.ts'
import { defineEvent } from '../defineEvent.ts'

/**
 * Stream `rule-table-<table>`: the versions of a rule table an administrator published (issue 16).
 * The table itself, its first versions and the shape of its rules live in code
 * (`@gsr/domain`, `RuleTable.ts`); a published version joins them from its effective day.
 */
export const RuleTableName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/)
/** A version id (`2027.1`): once used, never used again, so the events citing it resolve. */
export const RuleVersionId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,31}$/)
export const ruleTableStreamName = (table: string): string => `rule-table-${table}`

export const RuleVersionPublished = defineEvent(
  'RuleVersionPublished',
  z.strictObject({
    table: RuleTableName,
    version: RuleVersionId,
    effectiveFrom: IsoDate,
    /** As the table's `rulesSchema` accepted them (JSON). */
    rules: z.json(),
    /** The version this one corrects (it then starts on the corrected version's day). */
    corrects: RuleVersionId.optional(),
    /** The regulation (and clause) the values follow. */
    citation: z.string().min(1).max(500),
    /** Why this version is published (a revision of the regulation, an error corrected). */
    reason: z.string().max(2000).optional(),
  }),
)
