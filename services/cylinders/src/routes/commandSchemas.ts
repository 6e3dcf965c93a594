import { z } from 'zod'
import { HappenedAt } from '@gsr/events'

/** What every command body shares: the optional field moment (the reply is the kit's `Recorded`). */
export const occurredAt = HappenedAt.optional().describe(
  "when it happened in the field: on the day of the body's field date; default the start of that day (China time), or now",
)

/**
 * An event id the client makes (a terminal's fill id, a check or record id). Name-based UUIDs
 * (versions 3 and 5) are the server's own: the inspection scheduler, imports and Idempotency-Key
 * retries derive their event ids that way, so a client sending one could take, in advance, an id
 * the server will need (and the fact it names would never be recorded).
 */
export const ClientEventId = z
  .uuid()
  .refine(
    (id) => id[14] !== '3' && id[14] !== '5',
    'a name-based UUID (version 3 or 5) is reserved for ids the server derives; send a random (v4) or time-ordered (v7) one',
  )
