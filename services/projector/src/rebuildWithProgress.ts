import { formatPosition } from '@gsr/event-store'
import type { CatchUpProgress, ProjectionRunner } from '@gsr/projections'

export interface RebuildSummary {
  readonly events: number
  readonly seconds: number
  readonly eventsPerSecond: number
}

/**
 * Rebuilds one projection from zero, writing a progress line (events, events/s, position
 * against the head) at most every `intervalMs`, a summary line at the end, and a line per event
 * the rebuild quarantined (it still fails; the rebuild went on without it).
 */
export async function rebuildWithProgress(
  runner: Pick<ProjectionRunner, 'rebuild' | 'quarantined'>,
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
  const quarantined = await runner.quarantined(name)
  if (quarantined.length > 0) write(`${quarantined.length} event(s) still fail and stay quarantined:`)
  for (const entry of quarantined) {
    write(
      `  ${formatPosition(entry.position)} ${entry.type} ${entry.streamName}@${entry.revision} ${entry.eventId}: ${entry.error}`,
    )
  }
  return summary
}
