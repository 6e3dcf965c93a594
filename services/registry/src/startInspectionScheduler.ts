import type { SqlExecutor } from '@gsr/db'
import type { Clock, ScheduledFactSource } from '@gsr/domain'
import type { DueDateSource } from '@gsr/domain/equipment'
import type { EventStore } from '@gsr/event-store'
import { equipmentDueDateSource, pipelineDueDateSource } from '@gsr/read-models/equipment'
import { createInspectionScheduler, type SchedulerRunResult } from './createInspectionScheduler.ts'

export interface RunningScheduler {
  stop(): Promise<void>
}

/**
 * Runs the inspection scheduler periodically (default hourly; each run is cheap when nothing
 * changed) over the registry's due dates plus any `extraSources` (e.g. cylinders).
 *
 * The due dates come from read models: run over projections still catching up after a start,
 * the first run would see no due dates and leave overdue items "ok" until the next run an hour
 * later. So the first run waits for `caughtUp` (resolved once the projections have reached the
 * log's head as it was at start); while it fails (reported to `onError`), it is asked again
 * every `caughtUpRetryMs` and nothing runs.
 */
export function startInspectionScheduler(options: {
  store: EventStore
  sql: SqlExecutor
  clock: Clock
  intervalMs?: number
  extraSources?: readonly DueDateSource[]
  /** Scheduled facts other than inspection due dates (e.g. rectification orders overdue). */
  factSources?: readonly ScheduledFactSource[]
  caughtUp?: () => Promise<void>
  caughtUpRetryMs?: number
  onRun?: (result: SchedulerRunResult) => void
  onError?: (error: unknown) => void
}): RunningScheduler {
  const scheduler = createInspectionScheduler({
    store: options.store,
    clock: options.clock,
    sources: [equipmentDueDateSource(options.sql), pipelineDueDateSource(options.sql), ...(options.extraSources ?? [])],
    ...(options.factSources ? { factSources: options.factSources } : {}),
  })
  let stopped = false
  let running: Promise<void> | undefined
  let timer: NodeJS.Timeout | undefined
  let retry: { timer: NodeJS.Timeout; wake: () => void } | undefined
  const tick = () => {
    if (running || stopped) return // the previous run is still going: skip, the next tick catches up
    running = scheduler
      .runOnce()
      .then(options.onRun, options.onError)
      .finally(() => {
        running = undefined
      })
  }
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      retry = { timer: setTimeout(resolve, ms), wake: resolve }
      retry.timer.unref()
    })
  void (async () => {
    while (options.caughtUp && !stopped) {
      try {
        await options.caughtUp()
        break
      } catch (error) {
        if (stopped) return
        options.onError?.(error)
        await pause(options.caughtUpRetryMs ?? 5_000)
      }
    }
    if (stopped) return
    tick()
    timer = setInterval(tick, options.intervalMs ?? 3_600_000)
    timer.unref()
  })()
  return {
    async stop() {
      stopped = true
      if (retry) {
        clearTimeout(retry.timer)
        retry.wake()
      }
      clearInterval(timer)
      // A wait for the projections still going is not awaited: it sees `stopped` and runs nothing.
      await running
    },
  }
}
