import type { SqlExecutor } from '@gsr/db'
import { createKysely } from '@gsr/db'
import type { ReadScope } from '@gsr/domain'
import type { CylinderRegisterTables } from './cylinderRegisterTables.ts'
import { inRegions } from '../inRegions.ts'

export interface CylinderView {
  code: string
  cylinderType: string
  gas: string
  manufacturer: string
  serialNumber: string | null
  manufactureDate: string
  ownerOrganisationId: string
  stationId: string
  regionCode: string
  refurbished: boolean
  registeredOn: string
  nextInspectionDate: string
  designLifeEndDate: string
  lastInspectionDate: string | null
  lastInspectionResult: string | null
  scrappedOn: string | null
  entrustedTo: string[]
  ruleVersion: string
}

type Row = CylinderRegisterTables['cyl_cylinders']

function toView(row: Row): CylinderView {
  return {
    code: row.code,
    cylinderType: row.cylinder_type,
    gas: row.gas,
    manufacturer: row.manufacturer,
    serialNumber: row.serial_number,
    manufactureDate: row.manufacture_date,
    ownerOrganisationId: row.owner_organisation_id,
    stationId: row.station_id,
    regionCode: row.region_code,
    refurbished: row.refurbished,
    registeredOn: row.registered_on,
    nextInspectionDate: row.next_inspection_date,
    designLifeEndDate: row.design_life_end_date,
    lastInspectionDate: row.last_inspection_date,
    lastInspectionResult: row.last_inspection_result,
    scrappedOn: row.scrapped_on,
    entrustedTo: Object.keys(row.entrustments ?? {}),
    ruleVersion: row.rule_version,
  }
}

export async function getCylinder(sql: SqlExecutor, code: string): Promise<CylinderView | undefined> {
  const db = createKysely<CylinderRegisterTables>(sql)
  const row = await db.selectFrom('cyl_cylinders').selectAll().where('code', '=', code).executeTakeFirst()
  return row ? toView(row) : undefined
}

export interface ListCylindersQuery {
  readonly scope: ReadScope
  readonly after?: string | undefined
  readonly limit: number
  /** Only those overdue (next inspection date before this date) and not scrapped. */
  readonly overdueOn?: string | undefined
  /** Only the cylinders of this organisation: owned, registered by it or entrusted to it (a station). */
  readonly organisationId?: string | undefined
}

/** The cylinder register, by code, cursor-paginated (cursor = last code). */
export async function listCylinders(sql: SqlExecutor, query: ListCylindersQuery): Promise<CylinderView[]> {
  const db = createKysely<CylinderRegisterTables>(sql)
  let q = db.selectFrom('cyl_cylinders').selectAll()
  const scope = query.scope
  for (const org of [scope.organisationId, query.organisationId]) {
    if (org === undefined) continue
    q = q.where((eb) =>
      eb.or([
        eb('owner_organisation_id', '=', org),
        eb('station_id', '=', org),
        eb(
          'code',
          'in',
          eb.selectFrom('cyl_entrustments').select('cylinder_code').where('cyl_entrustments.station_id', '=', org),
        ),
      ]),
    )
  }
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return []
    q = q.where((eb) => inRegions(eb, 'region_code', regions))
  }
  if (query.overdueOn !== undefined) {
    q = q.where('next_inspection_date', '<', query.overdueOn).where('scrapped_on', 'is', null)
  }
  if (query.after !== undefined) q = q.where('code', '>', query.after)
  const rows = await q
    .orderBy('code')
    .limit(query.limit + 1)
    .execute()
  return rows.map(toView)
}

export interface TraceEntry {
  kind: 'cylinder' | 'fill' | 'fill_check'
  type: string
  eventId: string
  at: Date
  organisationId: string
  data: unknown
}

/**
 * Full trace of one cylinder: registration, entrustments, inspections, scrapping, every fill
 * and every pre-fill check answer (refusals included), in field-time order.
 */
export async function cylinderTrace(sql: SqlExecutor, code: string): Promise<TraceEntry[]> {
  const { rows } = await sql.query<{
    kind: TraceEntry['kind']
    type: string
    event_id: string
    at: Date
    organisation_id: string
    data: unknown
  }>(
    `SELECT kind, type, event_id, at, organisation_id, data FROM (
       SELECT 'cylinder' AS kind, type, event_id, occurred_at AS at, organisation_id, data,
              position_commit, position_prepare
       FROM cyl_history WHERE cylinder_code = $1
       UNION ALL
       SELECT 'fill', 'CylinderFilled', event_id, filled_at, station_id,
              jsonb_build_object('fillId', fill_id, 'stationId', station_id, 'operatorId', operator_id,
                'filledAt', filled_at, 'gas', gas, 'quantityKg', quantity_kg, 'preFillChecks', pre_fill_checks,
                'postFillChecks', post_fill_checks, 'prefillCheckId', prefill_check_id),
              position_commit, position_prepare
       FROM cyl_fills WHERE cylinder_code = $1
       UNION ALL
       SELECT 'fill_check', 'CylinderFillChecked', event_id, checked_at, station_id,
              jsonb_build_object('checkId', check_id, 'stationId', station_id, 'operatorId', operator_id,
                'checkedAt', checked_at, 'decision', decision, 'reasons', reasons),
              position_commit, position_prepare
       FROM cyl_fill_checks WHERE cylinder_code = $1
     ) t ORDER BY at, position_commit, position_prepare`,
    [code],
  )
  return rows.map((r) => ({
    kind: r.kind,
    type: r.type,
    eventId: r.event_id,
    at: r.at,
    organisationId: r.organisation_id,
    data: r.data,
  }))
}
