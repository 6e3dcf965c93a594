import { sql, type Kysely } from 'kysely'
import {
  pipelineRatesAt,
  pipelineStandingChanges,
  statutoryInspectionRateAt,
  type PipelineStageFacts,
  type RateFigure,
  type StandingChange,
  type StatutoryInspectionFigure,
} from '@gsr/domain/enforcement'
import { regionPrefix } from '@gsr/events'
import type { EnforcementTables } from './EnforcementTables.ts'
import {
  pipelineFactsKnownAt,
  type PipelineStagesRow,
  type StageEvent,
  type StoredPipelineFacts,
} from './pipelineStagesProjection.ts'

interface Figures {
  readonly rates: readonly RateFigure[]
  /** The statutory inspection rate (法定检验率) over the same pipelines. */
  readonly statutoryInspection: StatutoryInspectionFigure
}

/** A stage event the log learnt after `knownAt`: what can make "as now known" differ from "as reported". */
export interface LateFact {
  readonly eventId: string
  readonly type: string
  /** The field day the event states. */
  readonly fieldDay: string
  /** When the log learnt it (ISO 8601). */
  readonly recordedAt: string
}

/** One pipeline whose standing on the day differs between the log at `knownAt` and now. */
export interface PipelineChange {
  readonly pipelineId: string
  readonly region: string
  readonly organisationId: string
  readonly changes: readonly StandingChange[]
  /** Its stage events recorded after `knownAt`, in log order: the late facts that changed it. */
  readonly lateFacts: readonly LateFact[]
}

export interface RegionRates extends Figures {
  readonly region: string
  readonly day: string
  /** The same figures one level down: cities of a province, counties of a city. */
  readonly breakdown: readonly ({ readonly region: string } & Figures)[]
  /** Asked as the log stood at this instant: the figures above are "as reported" then. */
  readonly knownAt?: string
  /** With knownAt: the region's figures as the log stands now, and the pipelines that changed. */
  readonly asKnownNow?: Figures & { readonly changes: readonly PipelineChange[] }
}

/** The region one level below `region` that contains the county `county`. */
function childOf(region: string, county: string): string | undefined {
  if (region.endsWith('0000')) return `${county.slice(0, 4)}00`
  if (region.endsWith('00')) return county
  return undefined
}

const figuresOf = (pipelines: readonly PipelineStageFacts[], day: string): Figures => ({
  rates: pipelineRatesAt(pipelines, day),
  statutoryInspection: statutoryInspectionRateAt(pipelines, day),
})

function regionFigures(region: string, pipelines: readonly PipelineStageFacts[], day: string) {
  const groups = new Map<string, PipelineStageFacts[]>()
  for (const p of pipelines) {
    const child = childOf(region, p.region)
    if (!child) continue
    groups.set(child, [...(groups.get(child) ?? []), p])
  }
  return {
    region,
    day,
    ...figuresOf(pipelines, day),
    breakdown: [...groups.keys()].sort().map((child) => ({ region: child, ...figuresOf(groups.get(child)!, day) })),
  }
}

const withId = (pipelineId: string, facts: StoredPipelineFacts): PipelineStageFacts => ({ ...facts, pipelineId })

/**
 * The four rates and the statutory inspection rate for a region on a day, evaluated now from
 * each pipeline's stored dated facts (what the log says happened by that day), rolled up from
 * counties. With `knownAt`: as the log stood at that instant (only the events recorded by then,
 * folded again), with the figures as now known and each pipeline whose standing the events
 * recorded since then changed, with those late facts.
 */
export async function pipelineRates(
  db: Kysely<EnforcementTables>,
  region: string,
  day: string,
  knownAt?: Date,
): Promise<RegionRates> {
  const prefix = regionPrefix(region)
  if (!knownAt) {
    const rows = await db
      .selectFrom('enf_pipeline_stages')
      .select(['pipeline_id', 'facts'])
      .where(sql<boolean>`facts->>'region' LIKE ${`${prefix}%`}`)
      .execute()
    return regionFigures(
      region,
      rows.map((r) => withId(r.pipeline_id, r.facts as StoredPipelineFacts)),
      day,
    )
  }
  // Every pipeline that stood in the region at some time; the events only of those the log
  // learnt something about after knownAt (the others' facts are the same then and now).
  const rows = await db
    .selectFrom('enf_pipeline_stages')
    .select([
      'pipeline_id',
      'facts',
      'last_recorded_at',
      'regions',
      sql<StageEvent[]>`CASE WHEN last_recorded_at > ${knownAt} THEN stage_events ELSE '[]'::jsonb END`.as(
        'stage_events',
      ),
    ])
    .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(regions) AS r WHERE r LIKE ${`${prefix}%`})`)
    .execute()
  const inRegion = (facts: StoredPipelineFacts | undefined) => facts !== undefined && facts.region.startsWith(prefix)
  const then: PipelineStageFacts[] = []
  const now: PipelineStageFacts[] = []
  const changed: PipelineChange[] = []
  for (const row of rows as unknown as PipelineStagesRow[]) {
    const current = row.facts
    const reported = pipelineFactsKnownAt(row, knownAt)
    const asReported = inRegion(reported) ? withId(row.pipeline_id, reported!) : undefined
    const asKnownNow = inRegion(current) ? withId(row.pipeline_id, current) : undefined
    if (asReported) then.push(asReported)
    if (asKnownNow) now.push(asKnownNow)
    if (reported === current) continue
    const changes = pipelineStandingChanges(asReported, asKnownNow, day)
    if (changes.length === 0) continue
    changed.push({
      pipelineId: row.pipeline_id,
      region: current.region,
      organisationId: current.organisationId,
      changes,
      lateFacts: row.stage_events
        .filter((e) => Date.parse(e.recordedAt) > knownAt.getTime())
        .map((e) => ({ eventId: e.id, type: e.type, fieldDay: e.fieldDay, recordedAt: e.recordedAt })),
    })
  }
  return {
    ...regionFigures(region, then, day),
    knownAt: knownAt.toISOString(),
    asKnownNow: {
      ...figuresOf(now, day),
      changes: changed.sort((a, b) => (a.pipelineId < b.pipelineId ? -1 : 1)),
    },
  }
}
