import { createHash, randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { isConnectionLoss, type SqlClient, type SqlExecutor } from '@gsr/db'
import { ProblemError } from '../errors/ProblemError.ts'
import { continueRequestFrom } from '../dates/requestNow.ts'
import { retryWindowHours } from './purgeIdempotencyRecords.ts'
import '../auth/RouteAuth.ts'

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const keyPattern = /^[\x21-\x7e]{1,200}$/
/** An in-progress row older than this is taken to be from a crashed request, and taken over. */
const abandonedAfterSeconds = 60
const waitForFirstMs = 5_000

const claimed = Symbol('idempotency')
type Claimed = { scope: string; key: string; claimId: string }

/**
 * Who holds a claim: the instance (a stable name for one server of a deployment, e.g. its host
 * and port) and the incarnation (one run of that process). A restarted instance knows that
 * claims of its own earlier incarnations are dead, and a process knows which of its own claims
 * still have a request running; nobody else's live claim is ever taken.
 */
export interface IdempotencyOwner {
  readonly instance: string
  readonly incarnation: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The reply carries a secret (an API key, a token): it is never written to the idempotency
     * table, and is sent with `Cache-Control: no-store`. A retry with the same key is told the
     * request was done (409 idempotency-reply-not-kept) instead of getting the secret again.
     */
    secretReply?: boolean
  }
}

/**
 * Idempotency-Key on writes. The row is inserted before the handler runs (the insert is the
 * lock: a concurrent duplicate finds it and waits for the reply), completed with the reply, and
 * a retry with the same key and body gets that reply again without running the handler.
 * Server errors, conflicts and rate-limit replies are not kept, so the retry really retries:
 * their claim is released, not deleted, and keeps the first attempt's clock (`requestNow`).
 *
 * A claim left in progress (its request ended without completing it: a crash, a lost database
 * connection) is taken over when it is this incarnation's and no request of it is running, when
 * `releaseAbandonedClaims` released it at start, or after 60 s.
 */
export function installIdempotency(app: FastifyInstance, sql: SqlClient, owner: IdempotencyOwner): void {
  /** Claims whose request is still running in this process, by claim id. */
  const running = new Set<string>()

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
    const now = request.server.kit.clock.now()
    const hold = (claimId: string, requestNow: Date | string) => {
      running.add(claimId)
      ;(request as unknown as Record<symbol, Claimed>)[claimed] = { scope, key: header, claimId }
      continueRequestFrom(request, new Date(requestNow))
    }
    for (;;) {
      const claimId = randomUUID()
      // A released claim (claim_id NULL) or an abandoned one is taken; the same request keeps
      // its first attempt's clock within the retry window (each retry refreshes the row, so the
      // purge alone would not bound it), another body under the key starts its own.
      const inserted = await sql.query<{ request_now: Date | string }>(
        `INSERT INTO kit_idempotency (scope, key, request_hash, instance, incarnation, claim_id, request_now)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now(),
             instance = EXCLUDED.instance, incarnation = EXCLUDED.incarnation, claim_id = EXCLUDED.claim_id,
             request_now = CASE WHEN kit_idempotency.request_hash = EXCLUDED.request_hash
                                     AND kit_idempotency.request_now >= EXCLUDED.request_now - make_interval(hours => ${retryWindowHours})
                                THEN kit_idempotency.request_now
                                ELSE EXCLUDED.request_now END
           WHERE kit_idempotency.status IS NULL
             AND (kit_idempotency.claim_id IS NULL
                  OR kit_idempotency.created_at < now() - make_interval(secs => ${abandonedAfterSeconds}))
         RETURNING request_now`,
        [scope, header, hash, owner.instance, owner.incarnation, claimId, now],
      )
      if (inserted.rows[0]) {
        hold(claimId, inserted.rows[0].request_now)
        return
      }
      const { rows } = await sql.query<{
        request_hash: string
        status: number | null
        content_type: string | null
        body: string | null
        incarnation: string | null
        claim_id: string | null
      }>(
        `SELECT request_hash, status, content_type, body, incarnation, claim_id FROM kit_idempotency
         WHERE scope = $1 AND key = $2`,
        [scope, header],
      )
      const first = rows[0]
      // Purged, or the first attempt released its claim meanwhile: claim it.
      if (!first || (first.status === null && first.claim_id === null)) continue
      if (first.request_hash !== hash && first.status !== null) throw keyReused()
      if (first.status === null && first.incarnation === owner.incarnation && !running.has(first.claim_id ?? '')) {
        // Our own claim whose request is over: take it (compare-and-set on its claim id, so two
        // retries arriving together do not both run).
        const taken = await sql.query<{ request_now: Date | string }>(
          `UPDATE kit_idempotency SET request_hash = $3, claim_id = $4, created_at = now(),
               request_now = CASE WHEN request_hash = $3 AND request_now >= $6::timestamptz - make_interval(hours => ${retryWindowHours})
                                  THEN request_now ELSE $6 END
           WHERE scope = $1 AND key = $2 AND status IS NULL AND claim_id = $5 RETURNING request_now`,
          [scope, header, hash, claimId, first.claim_id, now],
        )
        if (taken.rows[0]) {
          hold(claimId, taken.rows[0].request_now)
          return
        }
        continue
      }
      if (first.request_hash !== hash) throw keyReused()
      if (first.status !== null) {
        if (first.body === null) throw new ProblemError({ code: 'idempotency-reply-not-kept' })
        return reply
          .code(first.status)
          .header('content-type', first.content_type ?? 'application/json')
          .header('idempotent-replayed', 'true')
          .serializer((payload: unknown) => payload as string)
          .send(first.body)
      }
      if (Date.now() > deadline) throw new ProblemError({ code: 'idempotency-in-progress' })
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.config?.secretReply) reply.header('cache-control', 'no-store')
    const claim = (request as unknown as Record<symbol, Claimed | undefined>)[claimed]
    if (!claim) return payload
    const status = reply.statusCode
    const keep = status < 500 && status !== 409 && status !== 429 && typeof payload === 'string'
    // A secret is never stored: the reply is recorded as done, without its body.
    const secret = request.routeOptions.config?.secretReply === true && status < 300
    try {
      await withRetry(async () => {
        if (keep) {
          await sql.query(
            `UPDATE kit_idempotency SET status = $3, content_type = $4, body = $5, completed_at = now()
             WHERE scope = $1 AND key = $2 AND claim_id = $6`,
            [
              claim.scope,
              claim.key,
              status,
              secret ? null : String(reply.getHeader('content-type') ?? 'application/json'),
              secret ? null : payload,
              claim.claimId,
            ],
          )
        } else {
          await sql.query(
            `UPDATE kit_idempotency SET claim_id = NULL, instance = NULL, incarnation = NULL
             WHERE scope = $1 AND key = $2 AND claim_id = $3`,
            [claim.scope, claim.key, claim.claimId],
          )
        }
      })
    } catch (error) {
      // The reply stands (the database may be gone for a while). The claim stays in progress,
      // and since its request is over it is taken over by the next retry here (or after 60 s
      // elsewhere); the handler then re-runs, and its event ids derive from the key, so nothing
      // is recorded twice.
      request.log.warn({ err: error }, 'could not complete the Idempotency-Key record')
    } finally {
      running.delete(claim.claimId)
    }
    return payload
  })

  app.addHook('onResponse', async (request) => {
    const claim = (request as unknown as Record<symbol, Claimed | undefined>)[claimed]
    if (claim) running.delete(claim.claimId)
  })
}

/**
 * Releases claims left in progress by processes that are gone, at start (kept as released rows:
 * the retry of a request that died after recording decides with its first attempt's clock). With `everyInstance`
 * (the embedded mode, where the data-folder lock makes this the only process) every claim not
 * of this incarnation; otherwise those of earlier incarnations of this instance only, since
 * other instances may be alive (theirs are taken over after 60 s). Returns how many.
 */
export async function releaseAbandonedClaims(
  sql: SqlExecutor,
  owner: IdempotencyOwner,
  options: { everyInstance?: boolean } = {},
): Promise<number> {
  const { rows } = await sql.query(
    `UPDATE kit_idempotency SET claim_id = NULL, instance = NULL, incarnation = NULL
     WHERE status IS NULL AND claim_id IS NOT NULL AND incarnation IS DISTINCT FROM $1
       AND ($2 OR instance IS NOT DISTINCT FROM $3)
     RETURNING key`,
    [owner.incarnation, options.everyInstance ?? false, owner.instance],
  )
  return rows.length
}

/** A lost connection is replaced by the pool at once: one quick retry usually succeeds. */
async function withRetry(fn: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= 3 || !isConnectionLoss(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    }
  }
}

function keyReused(): ProblemError {
  return new ProblemError({
    code: 'idempotency-key-reused',
    detail: {
      en: 'this Idempotency-Key was used for a request with a different method, path or body',
      'zh-CN': '此幂等键已用于方法、路径或请求体不同的另一个请求',
    },
    errors: [{ field: 'Idempotency-Key', in: 'headers', message: 'already used for a different request' }],
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
