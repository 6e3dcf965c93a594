import type { Migration } from '@gsr/db'
import { anchorMigrations, eventStoreMigrations } from '@gsr/event-store'
import { appMigrations, type ServiceModule } from '@gsr/http-kit'

/**
 * Every migration one database needs in the embedded and single-server modes, in order: the
 * event store (not in cluster mode: events live in KurrentDB), its anchors (in the SQL database
 * in every mode, beside the read models), then the app's: kit, projection checkpoints, each
 * module's tables and its projections' tables. `runMigrations` skips the ones already applied.
 */
export function systemMigrations(
  modules: readonly ServiceModule[],
  options: { eventStore?: boolean } = {},
): Migration[] {
  return [...(options.eventStore === false ? [] : eventStoreMigrations), ...anchorMigrations, ...appMigrations(modules)]
}
