import type { FastifyRequest } from 'fastify'

/**
 * `X-Correlation-Id` is copied into the metadata of every event a request records, and events
 * are immutable: it must be short and plain. 1-128 visible ASCII characters (a UUID, a W3C
 * traceparent, a ticket number); anything else is refused with 400, so a caller never finds its
 * id silently replaced. Absent, the request id is the correlation id.
 */
export const correlationIdPattern = /^[\x21-\x7E]{1,128}$/

export const correlationIdHeader = 'x-correlation-id'

/** The problem with the header as sent, or undefined when it is absent or fine. */
export function checkCorrelationId(
  value: string | string[] | undefined,
): { field: string; in: 'headers'; message: { en: string; 'zh-CN': string } } | undefined {
  if (value === undefined || (typeof value === 'string' && correlationIdPattern.test(value))) return undefined
  return {
    field: correlationIdHeader,
    in: 'headers',
    message: {
      en: 'one value of 1-128 visible ASCII characters',
      'zh-CN': '只能有一个值，由 1-128 个可见 ASCII 字符组成',
    },
  }
}

/** The correlation id of the events this request records: the caller's, else the request id. */
export function correlationIdOf(request: FastifyRequest): string {
  const given = request.headers[correlationIdHeader]
  return typeof given === 'string' && correlationIdPattern.test(given) ? given : request.id
}
