import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Backoff for reads and subscriptions while the node cannot be reached (restart, network cut) or
 * is no longer the leader: 100 ms doubling to 5 s between tries, for at most 30 s in total.
 * Reads are safe to repeat; writes are not retried here (the caller decides, with the same ids).
 */
export interface RetryPolicy {
  readonly initialDelayMs: number
  readonly maxDelayMs: number
  readonly giveUpAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = { initialDelayMs: 100, maxDelayMs: 5_000, giveUpAfterMs: 30_000 }

/**
 * gRPC statuses and client error types that mean "not reachable now", not "refused". A call
 * cancelled by us never gets here (the client drops "Cancelled on client"), so a cancellation
 * that does is the node's: it shut down or dropped the connection.
 */
const transientTypes = new Set(['unavailable', 'not-leader', 'deadline-exceeded', 'cancelled'])
const transientGrpcCodes = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */])

export function isTransientEsdbError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { type, code } = error as { type?: unknown; code?: unknown }
  return (
    (typeof type === 'string' && transientTypes.has(type)) || (typeof code === 'number' && transientGrpcCodes.has(code))
  )
}

export async function retryWhileUnreachable<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
  signal?: AbortSignal,
): Promise<T> {
  const giveUpAt = Date.now() + policy.giveUpAfterMs
  let delay = policy.initialDelayMs
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (!isTransientEsdbError(error) || Date.now() + delay > giveUpAt || signal?.aborted) throw error
      await sleep(delay, undefined, signal ? { signal } : {}).catch(() => undefined)
      delay = Math.min(delay * 2, policy.maxDelayMs)
    }
  }
}
