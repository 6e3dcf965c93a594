import { formatPosition } from '@gsr/event-store'
import type { CatchUpProgress, ProjectionRunner } from '@gsr/projections'

export interface RebuildSummary {
  readonly events: number
  readonly seconds: number
  readonly eventsPerSecond: number
}

/**
 * Rebuilds one projection from zero, writing a progress line (events, events/s, position
 * against the head) at most every `intervalMs`, and a summary line at the end.
 */
export async function rebuildWithProgress(
  runner: Pick<ProjectionRunner, 'rebuild'>,
  name: string,
  options: { write?: (line: string) => void; intervalMs?: number } = {},
): Promise<RebuildSummary> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`))
  const intervalMs = options.intervalMs ?? 1000
  const started = Date.now()
  let lastLine = 0
  let last: CatchUpProgress | undefined
  write(`rebuilding ${name} from the start of the log`)
  await runner.rebuild(name, {
    onProgress(progress) {
      last = progress
      if (Date.now() - lastLine < intervalMs) return
      lastLine = Date.now()
      write(
        `${name}: ${progress.eventsProcessed} events, ${Math.round(progress.eventsPerSecond)} events/s, ` +
          `position ${formatPosition(progress.position)} of ${formatPosition(progress.headPosition)}`,
      )
    },
  })
  const seconds = (Date.now() - started) / 1000
  const events = last?.eventsProcessed ?? 0
  const summary = { events, seconds, eventsPerSecond: seconds > 0 ? events / seconds : 0 }
  write(
    `rebuilt ${name}: ${events} events in ${seconds.toFixed(1)} s (${Math.round(summary.eventsPerSecond)} events/s)` +
      (last ? `, checkpoint ${formatPosition(last.position)}` : ', the log is empty'),
  )
  return summary
}
