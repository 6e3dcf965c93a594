import { z } from 'zod'

/** The problem+json reply, for route `response` schemas (documented, not re-validated). */
export const ProblemBodySchema = z
  .object({
    type: z.string().describe('stable problem type URI, urn:gsr:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string(), in: z.string().optional() })).optional(),
  })
  .meta({
    id: 'Problem',
    examples: [
      {
        type: 'urn:gsr:problem:validation-failed',
        title: 'Invalid request',
        status: 400,
        detail: 'invalid body: region',
        errors: [{ field: 'region', message: 'a 6-digit GB/T 2260 region code', in: 'body' }],
      },
    ],
  })

/** Error replies every authenticated route may give; spread into `response`. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemBodySchema> {
  const all = statuses.length ? statuses : [400, 401, 403]
  return Object.fromEntries(all.map((status) => [status, ProblemBodySchema]))
}
