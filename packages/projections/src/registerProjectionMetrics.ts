import { Gauge, type Registry } from 'prom-client'
import type { ProjectionLag, ProjectionRunner } from './createProjectionRunner.ts'

/**
 * Registers lag gauges, measured at scrape time:
 * `gsr_projection_events_behind`, `gsr_projection_seconds_behind`,
 * `gsr_projection_consecutive_failures` and `gsr_projection_quarantined_events`, each labelled
 * by projection.
 */
export function registerProjectionMetrics(runner: Pick<ProjectionRunner, 'lag'>, registry: Registry): void {
  // One scrape collects the gauges concurrently: share one in-flight measurement.
  let pending: Promise<ProjectionLag[]> | undefined
  const measure = () =>
    (pending ??= runner.lag().finally(() => {
      pending = undefined
    }))
  const gauge = (name: string, help: string, value: (lag: ProjectionLag) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        this.reset()
        for (const lag of await measure()) this.set({ projection: lag.name }, value(lag))
      },
    })
  gauge(
    'gsr_projection_events_behind',
    'Events in the log not yet consumed by the projection',
    (lag) => lag.eventsBehind,
  )
  gauge(
    'gsr_projection_seconds_behind',
    'recordedAt of the head event minus recordedAt of the last event the projection consumed',
    (lag) => lag.secondsBehind,
  )
  gauge(
    'gsr_projection_consecutive_failures',
    'Batches of the projection that failed in a row (retried, never skipped)',
    (lag) => lag.consecutiveFailures,
  )
  gauge(
    'gsr_projection_quarantined_events',
    'Events the projection skipped because they failed alone, kept until a retry or rebuild applies them',
    (lag) => lag.quarantinedEvents,
  )
}
