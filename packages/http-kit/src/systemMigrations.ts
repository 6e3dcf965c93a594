import type { Migration } from '@gsr/db'
import { anchorMigrations, eventStoreMigrations } from '@gsr/event-store'
import { checkpointMigrations } from '@gsr/projections'
import { kitMigrations } from './kitMigrations.ts'
import type { ServiceModule } from './ServiceModule.ts'

/**
 * Every migration one database needs in the embedded and single-server modes, in order: the
 * event store, its anchors, the kit, projection checkpoints, then each module's own tables and its
 * projections' tables. `runMigrations` skips the ones already applied.
 */
export function systemMigrations(
  modules: readonly ServiceModule[],
  options: { eventStore?: boolean } = {},
): Migration[] {
  return [
    ...(options.eventStore === false ? [] : eventStoreMigrations),
    // Anchors of the log sit in the SQL database in every mode (in cluster mode, beside the read models).
    ...anchorMigrations,
    ...kitMigrations,
    ...checkpointMigrations,
    ...modules.flatMap((m) => [...(m.migrations ?? []), ...(m.projections ?? []).flatMap((p) => p.migrations)]),
  ]
}
