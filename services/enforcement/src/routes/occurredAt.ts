import { HappenedAt } from '@gsr/events'

/** What every enforcement command body may carry: the instant in the field, on its field day. */
export const occurredAt = HappenedAt.optional().describe(
  'the instant in the field; must fall on the field day (China time)',
)
