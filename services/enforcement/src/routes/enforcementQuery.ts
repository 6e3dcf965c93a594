import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { HappenedAt } from '@gsr/events'
import { ProblemError, requireRegion, type Language } from '@gsr/http-kit'

/** What every enforcement query shares: enforcement teams only, one OpenAPI tag. */
export const auth = { kinds: ['enforcement' as const] }
export const tags = ['enforcement']

/** The region asked for (default: the caller's own), checked against the caller's scope. */
export function scopedRegion(request: FastifyRequest, region: string | undefined): string {
  const asked = region ?? request.principal.region
  requireRegion(request, asked)
  return asked
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

/**
 * A CSV file as teams open it in a spreadsheet: labels in the asked language (Content-Language),
 * saved as `fileName`, UTF-8 with a byte-order mark so Excel and WPS keep Chinese intact. A body
 * given as pages is streamed as the socket takes them (at most about one page waits in memory).
 */
export function sendCsv(
  reply: FastifyReply,
  file: { readonly name: string; readonly language: Language; readonly body: string | AsyncIterable<string> },
): FastifyReply {
  const { body } = file
  reply
    .type('text/csv; charset=utf-8')
    .header('content-language', file.language)
    .header('content-disposition', `attachment; filename="${file.name}"`)
  if (typeof body === 'string') return reply.send(`\uFEFF${body}`)
  async function* withMark() {
    yield '\uFEFF'
    yield* body as AsyncIterable<string>
  }
  // The reply schema documents the body (CSV text); fastify sends a stream as it comes.
  return reply.send(Readable.from(withMark(), { objectMode: false, highWaterMark: 16 * 1024 }) as unknown as string)
}
