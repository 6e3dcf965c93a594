import type { ProjectionLag } from './createProjectionRunner.ts'

export interface ProjectionReadinessThresholds {
  /** Not ready while a projection is more events than this behind the head. */
  readonly lagThreshold: number
  /** Not ready while a projection has failed more batches than this in a row. */
  readonly failureThreshold: number
}

export interface ProjectionReadinessCheck {
  readonly name: 'projection_lag' | 'projection_failures' | 'projection_quarantine'
  readonly ok: boolean
  /** Which projections, and why. */
  readonly detail?: string
}

/**
 * The projections' part of `/ready`, one rule for the API (http-kit) and the projector:
 * lag above the threshold, consecutive failures above the threshold, and any quarantined
 * event (a fact the read model does not show until it is retried) each make it not ready.
 */
export function projectionReadiness(
  lags: readonly ProjectionLag[],
  thresholds: ProjectionReadinessThresholds,
): ProjectionReadinessCheck[] {
  const check = (name: ProjectionReadinessCheck['name'], problems: string[]): ProjectionReadinessCheck =>
    problems.length ? { name, ok: false, detail: problems.join('; ') } : { name, ok: true }
  return [
    check(
      'projection_lag',
      lags
        .filter((lag) => lag.eventsBehind > thresholds.lagThreshold)
        .map((lag) => `${lag.name} is ${lag.eventsBehind} events behind`),
    ),
    check(
      'projection_failures',
      lags
        .filter((lag) => lag.consecutiveFailures > thresholds.failureThreshold)
        .map(
          (lag) => `${lag.name} failed ${lag.consecutiveFailures} times in a row: ${lag.lastError ?? 'unknown error'}`,
        ),
    ),
    check(
      'projection_quarantine',
      lags
        .filter((lag) => lag.quarantinedEvents > 0)
        .map((lag) => `${lag.name} has ${lag.quarantinedEvents} quarantined event(s)`),
    ),
  ]
}
