import type { SqlExecutor } from '@gsr/db'
import { createKysely } from '@gsr/db'
import type { CylinderRegisterTables } from './cylinderRegisterTables.ts'

export interface FillView {
  fillId: string
  cylinderCode: string
  stationId: string
  regionCode: string
  operatorId: string
  filledAt: Date
  fillDate: string
  gas: string
  quantityKg: number
  preFillChecks: unknown
  postFillChecks: unknown
  prefillCheckId: string | null
  terminalId: string | null
}

/** Fills of one station on one local day, by time; cursor = `<filledAt ISO>|<fillId>`. */
export async function fillsByStationAndDay(
  sql: SqlExecutor,
  query: { stationId: string; date: string; after?: string | undefined; limit: number },
): Promise<FillView[]> {
  const db = createKysely<CylinderRegisterTables>(sql)
  let q = db
    .selectFrom('cyl_fills')
    .selectAll()
    .where('station_id', '=', query.stationId)
    .where('fill_date', '=', query.date)
  if (query.after !== undefined) {
    const [at, id] = query.after.split('|')
    const after = new Date(at ?? '')
    if (Number.isNaN(after.getTime()) || !id) throw new Error('bad cursor')
    q = q.where((eb) =>
      eb.or([eb('filled_at', '>', after), eb.and([eb('filled_at', '=', after), eb('fill_id', '>', id)])]),
    )
  }
  const rows = await q
    .orderBy('filled_at')
    .orderBy('fill_id')
    .limit(query.limit + 1)
    .execute()
  return rows.map((r) => ({
    fillId: r.fill_id,
    cylinderCode: r.cylinder_code,
    stationId: r.station_id,
    regionCode: r.region_code,
    operatorId: r.operator_id,
    filledAt: r.filled_at,
    fillDate: r.fill_date,
    gas: r.gas,
    quantityKg: r.quantity_kg,
    preFillChecks: r.pre_fill_checks,
    postFillChecks: r.post_fill_checks,
    prefillCheckId: r.prefill_check_id,
    terminalId: r.terminal_id,
  }))
}

export function fillCursor(fill: FillView): string {
  return `${fill.filledAt.toISOString()}|${fill.fillId}`
}

/** Fills per day of one station (count and kg), for a date range (inclusive). */
export async function dailyFillSummary(
  sql: SqlExecutor,
  query: { stationId: string; from: string; to: string },
): Promise<{ date: string; fills: number; quantityKg: number }[]> {
  const { rows } = await sql.query<{ date: string; fills: number; quantity_kg: number }>(
    `SELECT fill_date AS date, count(*)::int8 AS fills, COALESCE(sum(quantity_kg), 0)::float8 AS quantity_kg
     FROM cyl_fills WHERE station_id = $1 AND fill_date BETWEEN $2 AND $3
     GROUP BY fill_date ORDER BY fill_date`,
    [query.stationId, query.from, query.to],
  )
  return rows.map((r) => ({ date: r.date, fills: r.fills, quantityKg: r.quantity_kg }))
}
