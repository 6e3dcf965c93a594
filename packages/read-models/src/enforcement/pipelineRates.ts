import { sql, type Kysely } from 'kysely'
import {
  pipelineRatesAt,
  statutoryInspectionRateAt,
  type PipelineStageFacts,
  type RateFigure,
  type StatutoryInspectionFigure,
} from '@gsr/domain/enforcement'
import { regionPrefix } from '@gsr/events'
import type { EnforcementTables } from './EnforcementTables.ts'
import type { StoredPipelineFacts } from './pipelineStagesProjection.ts'

export interface RegionRates {
  readonly region: string
  readonly day: string
  readonly rates: readonly RateFigure[]
  /** The statutory inspection rate (法定检验率) over the same pipelines. */
  readonly statutoryInspection: StatutoryInspectionFigure
  /** The same figures one level down: cities of a province, counties of a city. */
  readonly breakdown: readonly {
    readonly region: string
    readonly rates: readonly RateFigure[]
    readonly statutoryInspection: StatutoryInspectionFigure
  }[]
}

/** The region one level below `region` that contains the county `county`. */
function childOf(region: string, county: string): string | undefined {
  if (region.endsWith('0000')) return `${county.slice(0, 4)}00`
  if (region.endsWith('00')) return county
  return undefined
}

/**
 * The four rates and the statutory inspection rate for a region on a day, evaluated now from
 * each pipeline's stored dated facts (what the log says happened by that day), rolled up from
 * counties.
 */
export async function pipelineRates(db: Kysely<EnforcementTables>, region: string, day: string): Promise<RegionRates> {
  const prefix = regionPrefix(region)
  const rows = await db
    .selectFrom('enf_pipeline_stages')
    .select(['pipeline_id', 'facts'])
    .where(sql<boolean>`facts->>'region' LIKE ${`${prefix}%`}`)
    .execute()
  const pipelines: PipelineStageFacts[] = rows.map((r) => ({
    ...(r.facts as StoredPipelineFacts),
    pipelineId: r.pipeline_id,
  }))
  const groups = new Map<string, PipelineStageFacts[]>()
  for (const p of pipelines) {
    const child = childOf(region, p.region)
    if (!child) continue
    groups.set(child, [...(groups.get(child) ?? []), p])
  }
  return {
    region,
    day,
    rates: pipelineRatesAt(pipelines, day),
    statutoryInspection: statutoryInspectionRateAt(pipelines, day),
    breakdown: [...groups.keys()].sort().map((child) => ({
      region: child,
      rates: pipelineRatesAt(groups.get(child)!, day),
      statutoryInspection: statutoryInspectionRateAt(groups.get(child)!, day),
    })),
  }
}
