import { sql, type Kysely } from 'kysely'
import {
  pipelineRatesAt,
  pipelineStandingChanges,
  statutoryInspectionRateAt,
  type PipelineStageFacts,
  type StandingChange,
} from '@gsr/domain/enforcement'
import { regionPrefix } from '@gsr/events'
import type { EnforcementTables } from './EnforcementTables.ts'
import {
  pipelineFactColumns,
  pipelineFactColumnTypes,
  pipelineFactsKnownAt,
  type PipelineFactColumns,
  type PipelineStagesRow,
  type StageEvent,
  type StoredPipelineFacts,
} from './pipelineStagesProjection.ts'

import { pipelineSourceColumns, regionFiguresInSql, type Figures } from './pipelineRatesSql.ts'

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
 * One pipeline as reported at knownAt and as known now (each only when it stood in the region),
 * and what a late fact changed in its standing on `day` (undefined when nothing did).
 */
function lateStanding(
  row: PipelineStagesRow,
  knownAt: Date,
  day: string,
  inRegion: (facts: StoredPipelineFacts | undefined) => boolean,
) {
  const current = row.facts
  const reported = pipelineFactsKnownAt(row, knownAt)
  const asReported = inRegion(reported) ? withId(row.pipeline_id, reported!) : undefined
  const asKnownNow = inRegion(current) ? withId(row.pipeline_id, current) : undefined
  const changes = reported === current ? [] : pipelineStandingChanges(asReported, asKnownNow, day)
  const change: PipelineChange | undefined =
    changes.length === 0
      ? undefined
      : {
          pipelineId: row.pipeline_id,
          region: current.region,
          organisationId: current.organisationId,
          changes,
          lateFacts: row.stage_events
            .filter((e) => Date.parse(e.recordedAt) > knownAt.getTime())
            .map((e) => ({ eventId: e.id, type: e.type, fieldDay: e.fieldDay, recordedAt: e.recordedAt })),
        }
  return { reported, asReported, asKnownNow, change }
}

/**
 * The reference evaluation in TypeScript (the pure definitions `pipelineRatesAt` and
 * `statutoryInspectionRateAt` over every pipeline of the region, fetched whole): what
 * `pipelineRates` answered before it moved into SQL, kept as the oracle its tests compare with
 * and as the benchmark's baseline. Linear in the region's pipelines, about 30 µs each.
 */
export async function pipelineRatesInTypeScript(
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
    const { asReported, asKnownNow, change } = lateStanding(row, knownAt, day, inRegion)
    if (asReported) then.push(asReported)
    if (asKnownNow) now.push(asKnownNow)
    if (change) changed.push(change)
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

/** The pipelines whose current facts place them in the region (index enf_pipeline_facts_region). */
const inRegionNow = (prefix: string) =>
  sql`SELECT ${pipelineSourceColumns} FROM enf_pipeline_facts WHERE region LIKE ${`${prefix}%`}`

/** The relation of `rows` (their fact columns typed as the table's), for the rates statement. */
const typedRows = (rows: readonly ({ pipeline_id: string } & PipelineFactColumns)[]) =>
  sql`SELECT ${pipelineSourceColumns} FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(pipeline_id text, ${sql.raw(
    Object.entries(pipelineFactColumnTypes)
      .map(([column, type]) => `${column} ${type}`)
      .join(', '),
  )})`

/**
 * The four rates and the statutory inspection rate for a region on a day, evaluated now from
 * each pipeline's stored dated facts (what the log says happened by that day), with the same
 * figures one level down. Evaluated in SQL (`regionFiguresInSql`, a county reads only its own
 * pipelines through the region index); the same answers as `pipelineRatesInTypeScript`.
 *
 * With `knownAt`: as the log stood at that instant. Pipelines the log learnt nothing about since
 * have the same facts then and now; those it did (last_recorded_at > knownAt, few unless knownAt
 * is long ago) are folded again in TypeScript from the events recorded by then and handed to the
 * same SQL evaluation. The figures as now known come beside, with each pipeline whose standing
 * the events recorded since then changed, with those late facts.
 */
export async function pipelineRates(
  db: Kysely<EnforcementTables>,
  region: string,
  day: string,
  knownAt?: Date,
): Promise<RegionRates> {
  const prefix = regionPrefix(region)
  if (!knownAt) return regionFiguresInSql(db, region, day, inRegionNow(prefix))
  // The pipelines that stood in the region at some time and that the log learnt something
  // about after knownAt (index enf_pipeline_stages_last_recorded).
  const late = await db
    .selectFrom('enf_pipeline_stages')
    .select(['pipeline_id', 'facts', 'last_recorded_at', 'regions', 'stage_events'])
    .where('last_recorded_at', '>', knownAt)
    .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(regions) AS r WHERE r LIKE ${`${prefix}%`})`)
    .execute()
  const inRegion = (facts: StoredPipelineFacts | undefined) => facts !== undefined && facts.region.startsWith(prefix)
  const reportedLate: ({ pipeline_id: string } & PipelineFactColumns)[] = []
  const changed: PipelineChange[] = []
  for (const row of late as unknown as PipelineStagesRow[]) {
    const { reported, asReported, change } = lateStanding(row, knownAt, day, inRegion)
    if (asReported) reportedLate.push({ pipeline_id: row.pipeline_id, ...pipelineFactColumns(reported!) })
    if (change) changed.push(change)
  }
  const asReported = sql`
    SELECT ${pipelineSourceColumns} FROM enf_pipeline_facts
    WHERE region LIKE ${`${prefix}%`} AND last_recorded_at <= ${knownAt}
    UNION ALL
    ${typedRows(reportedLate)}`
  const [then, now] = [
    await regionFiguresInSql(db, region, day, asReported),
    await regionFiguresInSql(db, region, day, inRegionNow(prefix)),
  ]
  return {
    ...then,
    knownAt: knownAt.toISOString(),
    asKnownNow: {
      rates: now.rates,
      statutoryInspection: now.statutoryInspection,
      changes: changed.sort((a, b) => (a.pipelineId < b.pipelineId ? -1 : 1)),
    },
  }
}
