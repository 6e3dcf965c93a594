import type { SqlExecutor } from '@gsr/db'
import type { Clock } from '@gsr/domain'
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
 */
export function startInspectionScheduler(options: {
  store: EventStore
  sql: SqlExecutor
  clock: Clock
  intervalMs?: number
  extraSources?: readonly DueDateSource[]
  onRun?: (result: SchedulerRunResult) => void
  onError?: (error: unknown) => void
}): RunningScheduler {
  const scheduler = createInspectionScheduler({
    store: options.store,
    clock: options.clock,
    sources: [equipmentDueDateSource(options.sql), pipelineDueDateSource(options.sql), ...(options.extraSources ?? [])],
  })
  let running: Promise<void> | undefined
  const tick = () => {
    if (running) return // the previous run is still going: skip, the next tick catches up
    running = scheduler
      .runOnce()
      .then(options.onRun, options.onError)
      .finally(() => {
        running = undefined
      })
  }
  tick()
  const timer = setInterval(tick, options.intervalMs ?? 3_600_000)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
