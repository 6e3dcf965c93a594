export type { Projection } from './Projection.ts'
export {
  createProjectionRunner,
  type CatchUpOptions,
  type CatchUpProgress,
  type ProjectionLag,
  type ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RetryPolicy,
  type WaitForOptions,
} from './createProjectionRunner.ts'
export { checkpointMigrations } from './checkpointMigrations.ts'
export { silentLogger, stderrLogger, type ProjectionLogger } from './ProjectionLogger.ts'
export { registerProjectionMetrics } from './registerProjectionMetrics.ts'
