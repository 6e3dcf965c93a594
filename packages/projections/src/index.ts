export type { Projection } from './Projection.ts'
export {
  createProjectionRunner,
  type CatchUpOptions,
  type CatchUpProgress,
  type LeasePolicy,
  type ProjectionLag,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type QuarantinedEvent,
  type QuarantinePolicy,
  type QuarantineRetryResult,
  type RetryPolicy,
  type WaitForOptions,
} from './createProjectionRunner.ts'
export { checkpointMigrations } from './checkpointMigrations.ts'
export { silentLogger, stderrLogger, type ProjectionLogger } from './ProjectionLogger.ts'
export { registerProjectionMetrics } from './registerProjectionMetrics.ts'
export {
  projectionReadiness,
  type ProjectionReadinessCheck,
  type ProjectionReadinessThresholds,
} from './projectionReadiness.ts'
export { isTransientFailure } from './isTransientFailure.ts'
export { waitForCheckpoints } from './waitForCheckpoints.ts'
