import type { SelectQueryBuilder } from 'kysely'
import { createKysely, type SqlExecutor } from '@gsr/db'
import type { ReadScope } from '@gsr/domain'
import { regionPrefix } from '@gsr/events'
import type { SupervisionInspectionRow, SupervisionInspectionTables } from './supervisionInspectionsProjection.ts'

type Query = SelectQueryBuilder<SupervisionInspectionTables, 'enf_supervision_inspections', SupervisionInspectionRow>

/** Rows in the scope: regions and below; an organisation: the inspections of it. Undefined: nothing. */
function scoped(q: Query, scope: ReadScope): Query | undefined {
  if (scope.organisationId !== undefined) q = q.where('organisation_id', '=', scope.organisationId)
  if (scope.regions === undefined) return q
  const regions = scope.regions
  if (regions.length === 0) return undefined
  return q.where((eb) => eb.or(regions.map((r) => eb('region', 'like', `${regionPrefix(r)}%`))))
}

/** The cursor of a page: `inspectedOn|inspectionId` of its last row (the list runs latest first). */
const cursorOf = (row: SupervisionInspectionRow) => `${row.inspected_on}|${row.inspection_id}`

/** Inspections made by `on`, in the scope, latest first. One page plus one row (to tell a next page). */
export async function listSupervisionInspections(
  sql: SqlExecutor,
  query: {
    scope: ReadScope
    on: string
    organisationId?: string | undefined
    result?: SupervisionInspectionRow['result'] | undefined
    after?: string | undefined
    limit: number
  },
): Promise<{ items: SupervisionInspectionRow[]; next?: string }> {
  const db = createKysely<SupervisionInspectionTables>(sql)
  const q0 = scoped(
    db.selectFrom('enf_supervision_inspections').selectAll().where('inspected_on', '<=', query.on),
    query.scope,
  )
  if (!q0) return { items: [] }
  let q = q0
  if (query.organisationId !== undefined) q = q.where('organisation_id', '=', query.organisationId)
  if (query.result !== undefined) q = q.where('result', '=', query.result)
  if (query.after !== undefined) {
    const [day, id] = query.after.split('|')
    if (day === undefined || id === undefined) throw new RangeError('not a cursor of this list')
    q = q.where((eb) =>
      eb.or([eb('inspected_on', '<', day), eb.and([eb('inspected_on', '=', day), eb('inspection_id', '<', id)])]),
    )
  }
  const rows = await q
    .orderBy('inspected_on', 'desc')
    .orderBy('inspection_id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const items = rows.slice(0, query.limit)
  return rows.length > query.limit ? { items, next: cursorOf(items.at(-1)!) } : { items }
}

export async function getSupervisionInspection(
  sql: SqlExecutor,
  inspectionId: string,
): Promise<SupervisionInspectionRow | undefined> {
  return createKysely<SupervisionInspectionTables>(sql)
    .selectFrom('enf_supervision_inspections')
    .selectAll()
    .where('inspection_id', '=', inspectionId)
    .executeTakeFirst()
}

export interface InspectionStatisticsRow {
  readonly region: string
  /** YYYY-MM */
  readonly month: string
  readonly done: number
  readonly withProblems: number
  readonly clean: number
}

/** Inspections by region (as recorded: the region inspected) and month, in the scope, months `from`..`to` (YYYY-MM). */
export async function supervisionInspectionStatistics(
  sql: SqlExecutor,
  query: { scope: ReadScope; from?: string | undefined; to?: string | undefined },
): Promise<InspectionStatisticsRow[]> {
  const db = createKysely<SupervisionInspectionTables>(sql)
  let q = scoped(db.selectFrom('enf_supervision_inspections').selectAll(), query.scope)
  if (!q) return []
  if (query.from !== undefined) q = q.where('inspected_month', '>=', query.from)
  if (query.to !== undefined) q = q.where('inspected_month', '<=', query.to)
  const rows = await q
    .clearSelect()
    .select((eb) => [
      'region',
      'inspected_month',
      eb.fn.countAll<string>().as('done'),
      eb.fn.count<string>('inspection_id').filterWhere('result', '=', 'problems_found').as('with_problems'),
    ])
    .groupBy(['region', 'inspected_month'])
    .orderBy('region')
    .orderBy('inspected_month')
    .execute()
  return rows.map((r) => {
    const done = Number(r.done)
    const withProblems = Number(r.with_problems)
    return { region: r.region, month: r.inspected_month, done, withProblems, clean: done - withProblems }
  })
}
