import { z } from 'zod'

/** Which rule table (name and version) a recorded decision used: events say why. */
export const RuleRef = z.strictObject({ name: z.string().min(1), version: z.string().min(1) })
export type RuleRef = z.infer<typeof RuleRef>
