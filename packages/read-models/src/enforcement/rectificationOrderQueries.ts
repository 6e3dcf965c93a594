import { createKysely, type SqlExecutor } from '@gsr/db'
import type { ReadScope } from '@gsr/domain'
import {
  isOverdueOn,
  reboundOf,
  rectificationOrderStatusOn,
  type RectificationOrderFacts,
  type RectificationOrderStatus,
} from '@gsr/domain/enforcement'
import type { RectificationOrderRow, RectificationOrderTables } from './rectificationOrdersProjection.ts'
import { inRegions } from '../inRegions.ts'

/** An order as the lists show it on day `on`: its status then, overdue, and a rebound flag. */
export interface RectificationOrderView {
  readonly row: RectificationOrderRow
  readonly on: string
  readonly status: RectificationOrderStatus
  readonly overdue: boolean
  readonly rebound: ReturnType<typeof reboundOf>
}

export type RectificationOrderFilter = RectificationOrderStatus | 'open' | 'overdue'

const factsOf = (row: RectificationOrderRow): RectificationOrderFacts => ({
  orderId: row.order_id,
  organisationId: row.organisation_id,
  categories: row.categories,
  issuedOn: row.issued_on,
  deadline: row.deadline,
  deliveredOn: row.delivered_on,
  recheckedOn: row.rechecked_on,
  outcome: row.outcome,
})

/** The cursor of a page: `deadline|orderId` of its last row (the list runs by deadline). */
const cursorOf = (row: RectificationOrderRow) => `${row.deadline}|${row.order_id}`

/** Views of rows on `on`, with the rebound flag from the organisations' earlier rectified orders. */
async function viewsOn(sql: SqlExecutor, rows: readonly RectificationOrderRow[], on: string) {
  const db = createKysely<RectificationOrderTables>(sql)
  const organisations = [...new Set(rows.map((r) => r.organisation_id))]
  const earlier =
    organisations.length === 0
      ? []
      : await db
          .selectFrom('enf_rectification_orders')
          .selectAll()
          .where('organisation_id', 'in', organisations)
          .where('outcome', '=', 'rectified')
          .where('rechecked_on', '<=', on)
          .execute()
  const earlierFacts = earlier.map(factsOf)
  return rows.map((row): RectificationOrderView => ({
    row,
    on,
    status: rectificationOrderStatusOn(factsOf(row), on),
    overdue: isOverdueOn(factsOf(row), on),
    rebound: reboundOf(factsOf(row), earlierFacts),
  }))
}

/**
 * Orders issued by `on`, in the scope (regions and below; an organisation: the orders naming
 * it), by deadline, filtered on their status on `on` (`overdue`: past the deadline without a
 * re-check by then; `open`: not re-checked by then). One page plus one row (to tell a next page).
 */
export async function listRectificationOrders(
  sql: SqlExecutor,
  query: {
    scope: ReadScope
    on: string
    status?: RectificationOrderFilter | undefined
    organisationId?: string | undefined
    after?: string | undefined
    limit: number
  },
): Promise<{ items: RectificationOrderView[]; next?: string }> {
  const db = createKysely<RectificationOrderTables>(sql)
  const { scope, on } = query
  let q = db.selectFrom('enf_rectification_orders').selectAll().where('issued_on', '<=', on)
  if (scope.organisationId !== undefined) q = q.where('organisation_id', '=', scope.organisationId)
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return { items: [] }
    q = q.where((eb) => inRegions(eb, 'region', regions))
  }
  if (query.organisationId !== undefined) q = q.where('organisation_id', '=', query.organisationId)
  const notRecheckedBy = q.where((eb) => eb.or([eb('rechecked_on', 'is', null), eb('rechecked_on', '>', on)]))
  switch (query.status) {
    case undefined:
      break
    case 'open':
      q = notRecheckedBy
      break
    case 'overdue':
      q = notRecheckedBy.where('deadline', '<', on)
      break
    case 'issued':
      q = notRecheckedBy.where((eb) => eb.or([eb('delivered_on', 'is', null), eb('delivered_on', '>', on)]))
      break
    case 'delivered':
      q = notRecheckedBy.where('delivered_on', '<=', on)
      break
    case 'rectified':
    case 'not_rectified':
      q = q.where('rechecked_on', '<=', on).where('outcome', '=', query.status)
      break
  }
  if (query.after !== undefined) {
    const [deadline, orderId] = query.after.split('|')
    if (deadline === undefined || orderId === undefined) throw new RangeError('not a cursor of this list')
    q = q.where((eb) =>
      eb.or([eb('deadline', '>', deadline), eb.and([eb('deadline', '=', deadline), eb('order_id', '>', orderId)])]),
    )
  }
  const rows = await q
    .orderBy('deadline')
    .orderBy('order_id')
    .limit(query.limit + 1)
    .execute()
  const page = rows.slice(0, query.limit)
  const items = await viewsOn(sql, page, on)
  return rows.length > query.limit ? { items, next: cursorOf(page.at(-1)!) } : { items }
}

/** One order on `on` (undefined if unknown or not yet issued on that day). */
export async function getRectificationOrder(
  sql: SqlExecutor,
  orderId: string,
  on: string,
): Promise<RectificationOrderView | undefined> {
  const db = createKysely<RectificationOrderTables>(sql)
  const row = await db
    .selectFrom('enf_rectification_orders')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('issued_on', '<=', on)
    .executeTakeFirst()
  return row && (await viewsOn(sql, [row], on))[0]
}
