import { Kysely } from 'kysely'
import type { SqlClient, SqlExecutor } from '../SqlClient.ts'
import { SqlClientDialect } from './SqlClientDialect.ts'

/**
 * A typed query builder over the SqlClient seam. Pass the SqlClient for ordinary reads and
 * writes, or the `tx` a projection's `apply(events, tx)` receives so its writes join the
 * transaction that stores the checkpoint. Cheap to create: one per batch is fine.
 *
 *   const db = createKysely<RegistryTables>(tx)
 *   await db.insertInto('equipment').values(row).onConflict((oc) => oc.doNothing()).execute()
 */
export function createKysely<DB>(executor: SqlExecutor | SqlClient): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqlClientDialect(executor) })
}
