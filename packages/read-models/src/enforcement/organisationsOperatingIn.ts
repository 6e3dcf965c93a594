import type { SqlExecutor } from '@gsr/db'

/** What an organisation owns installed in a region: the reason it operates there. */
export interface OperatingFootprint {
  readonly organisationId: string
  readonly equipment: number
  readonly pipelines: number
  readonly cylinders: number
}

/** The registers "operating in" reads, and the owner and region columns of each. */
const registers = [
  {
    kind: 'equipment',
    table: 'equipment_register',
    owner: 'organisation_id',
    region: 'region',
    live: "status <> 'cancelled'",
  },
  {
    kind: 'pipelines',
    table: 'pipeline_register',
    owner: 'organisation_id',
    region: 'region',
    live: 'organisation_id IS NOT NULL',
  },
  {
    kind: 'cylinders',
    table: 'cyl_cylinders',
    owner: 'owner_organisation_id',
    region: 'region_code',
    live: 'scrapped_on IS NULL',
  },
] as const

/**
 * The organisations that own equipment (not cancelled), pipelines or cylinders (not scrapped)
 * installed in the region (`regionPrefix`: a region code without its trailing zeros), wherever
 * they are seated, with how many of each. Read from the registers (registry and cylinders read
 * models); a register whose module does not run in this deployment counts nothing. With
 * `organisationId`, only that organisation (empty when it owns nothing there).
 */
export async function organisationsOperatingIn(
  sql: SqlExecutor,
  regionPrefix: string,
  options: { organisationId?: string } = {},
): Promise<OperatingFootprint[]> {
  const { rows: present } = await sql.query<{ name: string }>(
    `SELECT t AS name FROM unnest($1::text[]) AS t WHERE to_regclass(t) IS NOT NULL`,
    [registers.map((r) => r.table)],
  )
  const used = registers.filter((r) => present.some((p) => p.name === r.table))
  if (used.length === 0) return []
  const { rows } = await sql.query<{ organisation_id: string; kind: string; n: string | number }>(
    used
      .map(
        (r) =>
          `SELECT ${r.owner} AS organisation_id, '${r.kind}' AS kind, count(*) AS n FROM ${r.table}
           WHERE ${r.region} LIKE $1 AND ${r.live} AND ($2::text IS NULL OR ${r.owner} = $2) GROUP BY ${r.owner}`,
      )
      .join(' UNION ALL '),
    [`${regionPrefix}%`, options.organisationId ?? null],
  )
  const byOrganisation = new Map<string, { equipment: number; pipelines: number; cylinders: number }>()
  for (const row of rows) {
    const counts = byOrganisation.get(row.organisation_id) ?? { equipment: 0, pipelines: 0, cylinders: 0 }
    counts[row.kind as keyof typeof counts] = Number(row.n)
    byOrganisation.set(row.organisation_id, counts)
  }
  return [...byOrganisation].map(([organisationId, counts]) => ({ organisationId, ...counts }))
}
