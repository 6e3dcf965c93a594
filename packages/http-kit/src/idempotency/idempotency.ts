import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SqlClient } from '@gsr/db'
import { ProblemError } from '../errors/ProblemError.ts'
import '../auth/RouteAuth.ts'

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const keyPattern = /^[\x21-\x7e]{1,200}$/
/** An in-progress row older than this is taken to be from a crashed request, and taken over. */
const abandonedAfterSeconds = 60
const waitForFirstMs = 5_000

const claimed = Symbol('idempotency')
type Claimed = { scope: string; key: string }

/**
 * Idempotency-Key on writes. The row is inserted before the handler runs (the insert is the
 * lock: a concurrent duplicate finds it and waits for the reply), completed with the reply, and
 * a retry with the same key and body gets that reply again without running the handler.
 * Server errors, conflicts and rate-limit replies are not kept, so the retry really retries.
 */
export function installIdempotency(app: FastifyInstance, sql: SqlClient): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!writeMethods.has(request.method)) return
    const header = request.headers['idempotency-key']
    if (header === undefined) return
    if (typeof header !== 'string' || !keyPattern.test(header)) {
      throw new ProblemError({
        code: 'validation-failed',
        detail: 'Idempotency-Key must be 1-200 visible ASCII characters',
        errors: [{ field: 'Idempotency-Key', in: 'headers', message: 'must be 1-200 visible ASCII characters' }],
      })
    }
    // Public routes have no principal; keys are then scoped to the route alone.
    const scope = request.principal?.organisationId ?? 'public'
    const hash = requestHash(request)
    const deadline = Date.now() + waitForFirstMs
    for (;;) {
      const inserted = await sql.query(
        `INSERT INTO kit_idempotency (scope, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
           WHERE kit_idempotency.status IS NULL
             AND kit_idempotency.created_at < now() - make_interval(secs => ${abandonedAfterSeconds})
         RETURNING key`,
        [scope, header, hash],
      )
      if (inserted.rows.length > 0) {
        ;(request as unknown as Record<symbol, Claimed>)[claimed] = { scope, key: header }
        return
      }
      const { rows } = await sql.query<{
        request_hash: string
        status: number | null
        content_type: string
        body: string
      }>('SELECT request_hash, status, content_type, body FROM kit_idempotency WHERE scope = $1 AND key = $2', [
        scope,
        header,
      ])
      const first = rows[0]
      if (!first) continue // the first request failed and released the key: claim it
      if (first.request_hash !== hash) {
        throw new ProblemError({
          code: 'idempotency-key-reused',
          detail: {
            en: 'this Idempotency-Key was used for a request with a different method, path or body',
            'zh-CN': '此幂等键已用于方法、路径或请求体不同的另一个请求',
          },
          errors: [{ field: 'Idempotency-Key', in: 'headers', message: 'already used for a different request' }],
        })
      }
      if (first.status !== null) {
        return reply
          .code(first.status)
          .header('content-type', first.content_type)
          .header('idempotent-replayed', 'true')
          .serializer((payload: unknown) => payload as string)
          .send(first.body)
      }
      if (Date.now() > deadline) throw new ProblemError({ code: 'idempotency-in-progress' })
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = (request as unknown as Record<symbol, Claimed | undefined>)[claimed]
    if (!claim) return payload
    const status = reply.statusCode
    const keep = status < 500 && status !== 409 && status !== 429 && typeof payload === 'string'
    if (keep) {
      await sql.query(
        `UPDATE kit_idempotency SET status = $3, content_type = $4, body = $5, completed_at = now()
         WHERE scope = $1 AND key = $2`,
        [claim.scope, claim.key, status, String(reply.getHeader('content-type') ?? 'application/json'), payload],
      )
    } else {
      await sql.query('DELETE FROM kit_idempotency WHERE scope = $1 AND key = $2', [claim.scope, claim.key])
    }
    return payload
  })
}

/** Method, path with query, and the validated body with sorted keys. */
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex')
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
