import type { FastifyRequest } from 'fastify'
import { chinaDate } from '@gsr/domain'
import { HappenedAt } from '@gsr/events'
import { ProblemError, requireRegion, type ServiceContext } from '@gsr/http-kit'

/** What every enforcement query shares: enforcement teams only, one OpenAPI tag. */
export const auth = { kinds: ['enforcement' as const] }
export const tags = ['enforcement']

/** The region asked for (default: the caller's own), checked against the caller's scope. */
export function scopedRegion(request: FastifyRequest, region: string | undefined): string {
  const asked = region ?? request.principal.region
  requireRegion(request, asked)
  return asked
}

/** The day a query is asked about when it names none: today in China time. */
export function today(ctx: ServiceContext): string {
  return chinaDate(ctx.clock.now())
}

/** As the log stood at an instant: only the events recorded by then (their record time, not their field day). */
export const KnownAt = HappenedAt.optional().describe(
  'as the log stood at this instant (ISO 8601 with offset): only facts recorded by then; default now. Not in the future, not before 2000',
)

/** The instant of a validated knownAt, or undefined for now. */
export const knownAtOf = (knownAt: string | undefined) => (knownAt === undefined ? undefined : new Date(knownAt))

/** The 400 for an `after` that is no cursor of the list (the queries throw a RangeError for it). */
const unreadableCursor = () =>
  new ProblemError({
    code: 'validation-failed',
    status: 400,
    detail: { en: 'unreadable cursor', 'zh-CN': '无法识别的游标' },
    errors: [{ field: 'after', message: 'not a cursor from this list', in: 'querystring' }],
  })

/** A page of a list query; an `after` that is no cursor of the list answers 400 naming it. */
export async function pageOf<Page>(query: Promise<Page>): Promise<Page> {
  try {
    return await query
  } catch (error) {
    if (error instanceof RangeError) throw unreadableCursor()
    throw error
  }
}
