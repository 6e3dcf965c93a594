import { sql, type Expression, type ExpressionBuilder, type SqlBool, type StringReference } from 'kysely'
import { regionPrefix } from '@gsr/events'

/** The LIKE pattern of a region's code and its sub-regions' (330100 → 3301%). */
export function regionLike(region: string): string {
  return `${regionPrefix(region)}%`
}

/**
 * A list's region scope (ReadScope.regions) as a condition: the row's `column` lies in one of
 * `regions`, each with its sub-regions. No regions: no row.
 */
export function inRegions<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: StringReference<DB, TB>,
  regions: readonly string[],
): Expression<SqlBool> {
  return eb.or(regions.map((region) => sql<SqlBool>`${eb.ref(column)} LIKE ${regionLike(region)}`))
}
