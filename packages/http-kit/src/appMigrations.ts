import type { Migration } from '@gsr/db'
import { checkpointMigrations } from '@gsr/projections'
import { kitMigrations } from './kitMigrations.ts'
import type { ServiceModule } from './ServiceModule.ts'

/**
 * The migrations of the app createApp builds from these modules, in order: the kit's tables,
 * projection checkpoints, then each module's own tables and its projections' tables. The event
 * store's tables and the log's anchors are the system's to add before them (the launcher's
 * systemMigrations; createTestApp for tests). `runMigrations` skips the ones already applied.
 */
export function appMigrations(modules: readonly ServiceModule[]): Migration[] {
  return [
    ...kitMigrations,
    ...checkpointMigrations,
    ...modules.flatMap((m) => [...(m.migrations ?? []), ...(m.projections ?? []).flatMap((p) => p.migrations)]),
  ]
}
