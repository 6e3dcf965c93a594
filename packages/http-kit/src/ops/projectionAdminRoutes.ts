import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { formatPosition, parsePosition, type GlobalPosition } from '@gsr/event-store'
import type { QuarantinedEvent } from '@gsr/projections'
import { notFound, ProblemError } from '../errors/ProblemError.ts'
import { problemResponses } from '../errors/ProblemBodySchema.ts'
import { Cursor, Page, pageOf } from '../pagination.ts'
import type { ProjectionOperations } from './operations.ts'

const administrators = { kinds: ['administrator' as const], roles: ['admin' as const] }
const tags = ['operations']

const ProjectionParam = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .describe('projection name'),
})

const ProjectionState = z.object({
  name: z.string(),
  position: z.string().describe('checkpoint, commit:prepare'),
  eventsBehind: z.number().int(),
  status: z.string(),
  consecutiveFailures: z.number().int(),
  lastError: z.string().optional(),
  quarantinedEvents: z.number().int(),
})

const Quarantined = z
  .object({
    eventId: z.string(),
    streamName: z.string(),
    revision: z.number().int(),
    position: z.string().describe('position in the global order, commit:prepare'),
    type: z.string(),
    error: z.string().describe('the error of its last failed attempt'),
    attempts: z.number().int(),
    firstFailedAt: z.string(),
    lastFailedAt: z.string(),
  })
  .meta({
    examples: [
      {
        eventId: '0193a0c4-5f1e-7c2a-9d3b-1e2f3a4b5c6d',
        streamName: 'fill-F-20260301-0001',
        revision: 0,
        position: '2780:130',
        type: 'CylinderFilled',
        error: 'no rule version in force on 1970-01-01',
        attempts: 3,
        firstFailedAt: '2026-03-01T08:00:01.000Z',
        lastFailedAt: '2026-03-01T08:00:01.000Z',
      },
    ],
  })

const RetryBody = z
  .strictObject({
    eventId: z.string().min(1).max(100).optional().describe('one quarantined event; all of the projection when absent'),
  })
  .meta({ examples: [{ eventId: '0193a0c4-5f1e-7c2a-9d3b-1e2f3a4b5c6d' }, {}] })

const RetryResult = z.object({
  projection: z.string(),
  method: z.enum(['applied', 'rebuilt']).describe('applied now out of order, or by a rebuild of the projection'),
  retried: z.number().int(),
  applied: z.number().int(),
  stillQuarantined: z.array(Quarantined),
})

const quarantinedJson = (entry: QuarantinedEvent) => ({
  eventId: entry.eventId,
  streamName: entry.streamName,
  revision: entry.revision,
  position: formatPosition(entry.position),
  type: entry.type,
  error: entry.error,
  attempts: entry.attempts,
  firstFailedAt: entry.firstFailedAt.toISOString(),
  lastFailedAt: entry.lastFailedAt.toISOString(),
})

/**
 * Administrators' view of the projections: their state, the events each has quarantined, and
 * the retry after a fix (see @gsr/projections, "One bad event never stalls a projection").
 */
export function installProjectionAdminRoutes(app: FastifyInstance, projections: ProjectionOperations): void {
  const typed = app.withTypeProvider<ZodTypeProvider>()
  const known = async (name: string) => {
    const lags = await projections.lag()
    if (!lags.some((lag) => lag.name === name)) throw notFound()
    return lags
  }

  typed.get(
    '/admin/projections',
    {
      config: { auth: administrators },
      schema: {
        tags,
        summary: 'Projections: checkpoint, lag, failures and quarantined events (administrators)',
        response: { 200: z.object({ items: z.array(ProjectionState) }), ...problemResponses(401, 403) },
      },
    },
    async () => ({
      items: (await projections.lag()).map((lag) => ({
        name: lag.name,
        position: formatPosition(lag.position),
        eventsBehind: lag.eventsBehind,
        status: lag.status,
        consecutiveFailures: lag.consecutiveFailures,
        ...(lag.lastError ? { lastError: lag.lastError } : {}),
        quarantinedEvents: lag.quarantinedEvents,
      })),
    }),
  )

  typed.get(
    '/admin/projections/:name/quarantine',
    {
      config: { auth: administrators },
      schema: {
        tags,
        summary: 'Events a projection skipped because they failed alone, in log order (administrators)',
        params: ProjectionParam,
        querystring: Cursor,
        response: { 200: Page(Quarantined), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await known(request.params.name)
      const { after, limit } = request.query
      const rows = await projections.quarantined(request.params.name, {
        ...(after ? { after: cursorPosition(after) } : {}),
        limit: limit + 1,
      })
      const page = pageOf(rows, limit, (entry) => formatPosition(entry.position))
      return { ...page, items: page.items.map(quarantinedJson) }
    },
  )

  typed.post(
    '/admin/projections/:name/quarantine/retry',
    {
      config: { auth: administrators },
      schema: {
        tags,
        summary: 'Retry quarantined events after a fix: one, or all of the projection (administrators)',
        description:
          'Applies them now, out of order, where the projection allows it; otherwise rebuilds the projection, ' +
          'which retries all of them in their place. Events that still fail stay quarantined.',
        params: ProjectionParam,
        body: RetryBody,
        response: { 200: RetryResult, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await known(request.params.name)
      const { eventId } = request.body ?? {}
      const result = await projections.retryQuarantined(request.params.name, eventId ? { eventId } : {})
      if (eventId && result.retried === 0) throw notFound()
      return { ...result, stillQuarantined: result.stillQuarantined.map(quarantinedJson) }
    },
  )
}

function cursorPosition(after: string): GlobalPosition {
  try {
    return parsePosition(after)
  } catch {
    throw new ProblemError({
      code: 'validation-failed',
      detail: { en: 'after must be a cursor from the previous page', 'zh-CN': 'after 必须是上一页返回的游标' },
      errors: [{ field: 'after', in: 'querystring', message: 'not a cursor (commit:prepare)' }],
    })
  }
}
