import { z } from 'zod'

/** The reply of every command route: the stream written, its revision after, the events recorded. */
export const Recorded = z
  .object({
    streamName: z.string(),
    revision: z.number().int(),
    events: z.array(z.object({ id: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()) })),
  })
  .meta({ id: 'Recorded' })
export type Recorded = z.infer<typeof Recorded>
