import { isConnectionLoss } from '@gsr/db'
import type { GlobalPosition, ReadAllOptions, RecordedEvent } from './EventStore.ts'

export interface PollingSubscriptionOptions {
  readonly after?: GlobalPosition
  readonly batchSize: number
  readonly pollIntervalMs: number
  readonly signal?: AbortSignal
  /** Resolves early when new events may be readable (an append in this process). */
  readonly waitForAppend?: (signal: AbortSignal) => Promise<void>
}

/**
 * Catch-up then live over `readAll`: reads a batch only when the consumer has taken the
 * previous one (backpressure), and once caught up polls every `pollIntervalMs`, or sooner when
 * woken. Ends when the signal aborts; survives lost database connections (retried with backoff).
 */
export async function* subscribeByPolling(
  readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
  options: PollingSubscriptionOptions,
): AsyncGenerator<RecordedEvent> {
  const stop = new AbortController()
  const onAbort = () => stop.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) stop.abort()
  let after = options.after
  let failures = 0
  try {
    while (!stop.signal.aborted) {
      let batch: RecordedEvent[]
      try {
        batch = await readAll({ ...(after ? { after } : {}), maxCount: options.batchSize })
        failures = 0
      } catch (error) {
        // A lost connection is transient (the pool reconnects): wait and read again, so a
        // database restart does not end every subscription. Anything else ends it.
        if (!isConnectionLoss(error)) throw error
        failures++
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)), stop.signal)
        continue
      }
      for (const event of batch) {
        if (stop.signal.aborted) return
        yield event
        after = event.position
      }
      if (batch.length < options.batchSize) await waitForNews(options, stop.signal)
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    stop.abort()
  }
}

function waitForNews(options: PollingSubscriptionOptions, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  const done = new AbortController()
  const stopWaiting = () => done.abort()
  signal.addEventListener('abort', stopWaiting, { once: true })
  const timer = new Promise<void>((resolve) => {
    const handle = setTimeout(resolve, options.pollIntervalMs)
    done.signal.addEventListener('abort', () => {
      clearTimeout(handle)
      resolve()
    })
  })
  const waits = [timer, ...(options.waitForAppend ? [options.waitForAppend(done.signal)] : [])]
  return Promise.race(waits).finally(() => {
    signal.removeEventListener('abort', stopWaiting)
    done.abort()
  })
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const handle = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(handle)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}
