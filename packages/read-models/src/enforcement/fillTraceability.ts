import type { SqlExecutor } from '@gsr/db'
import type { StationFillCounts } from '@gsr/domain/enforcement'

/**
 * Per station filling in the region (`regionPrefix`: a region code without its trailing zeros)
 * over the field days `from`..`to` (China time): its fills, and those traced end to end (the
 * cylinder registered by the fill day, and the fill naming an allowing pre-fill check of the
 * same station and cylinder made before it). Read from the cylinders read model; empty when the
 * cylinders module does not run in this deployment. `district` is the station's county.
 */
export async function stationFillCounts(
  sql: SqlExecutor,
  query: { regionPrefix: string; from: string; to: string },
): Promise<StationFillCounts[]> {
  const { rows: present } = await sql.query<{ ok: boolean }>(
    `SELECT to_regclass('cyl_fills') IS NOT NULL AND to_regclass('cyl_fill_checks') IS NOT NULL
            AND to_regclass('cyl_cylinders') IS NOT NULL AS ok`,
  )
  if (!present[0]?.ok) return []
  const { rows } = await sql.query<{ district: string; station_id: string; fills: string; traced: string }>(
    `SELECT f.region_code AS district, f.station_id, count(*) AS fills,
            count(*) FILTER (WHERE c.code IS NOT NULL AND c.registered_on <= f.fill_date AND k.check_id IS NOT NULL) AS traced
     FROM cyl_fills f
     LEFT JOIN cyl_cylinders c ON c.code = f.cylinder_code
     LEFT JOIN cyl_fill_checks k ON k.check_id = f.prefill_check_id AND k.cylinder_code = f.cylinder_code
       AND k.station_id = f.station_id AND k.decision = 'allow' AND k.checked_at <= f.filled_at
     WHERE f.region_code LIKE $1 AND f.fill_date BETWEEN $2 AND $3
     GROUP BY f.region_code, f.station_id`,
    [`${query.regionPrefix}%`, query.from, query.to],
  )
  return rows.map((r) => ({
    district: r.district,
    stationId: r.station_id,
    fills: Number(r.fills),
    traced: Number(r.traced),
  }))
}
