import { sql, type Kysely, type RawBuilder } from 'kysely'
import { periodicDeclarationDeadline } from '@gsr/domain/equipment'
import {
  pipelineRateKinds,
  type PipelineRateKind,
  type RateFigure,
  type ShortfallReason,
  type StatutoryInspectionFigure,
  type StatutoryInspectionShortfall,
} from '@gsr/domain/enforcement'
import type { EnforcementTables } from './EnforcementTables.ts'
import { pipelineFactColumnTypes } from './pipelineStagesProjection.ts'

/** The four rates and the statutory inspection rate over one set of pipelines. */
export interface Figures {
  readonly rates: readonly RateFigure[]
  /** The statutory inspection rate (法定检验率) over the same pipelines. */
  readonly statutoryInspection: StatutoryInspectionFigure
}

/** A region's figures with the same figures one level down (cities of a province, counties of a city). */
export interface RegionFigures extends Figures {
  readonly region: string
  readonly day: string
  readonly breakdown: readonly ({ readonly region: string } & Figures)[]
}

/**
 * The SQL of the region one level below `region` that holds a pipeline of region `county`
 * (the `childOf` of the TypeScript evaluation): NULL for a county, which has no breakdown.
 */
function childSql(region: string, county: RawBuilder<string>): RawBuilder<string | null> {
  if (region.endsWith('0000')) return sql<string>`left(${county}, 4) || '00'`
  if (region.endsWith('00')) return county
  return sql<null>`NULL::text`
}

/**
 * `declarationDeadlineFor` in SQL: the due date minus the lead days of the rule table
 * `periodicDeclarationDeadline` version in force on the due date (the latest version first, as
 * the table's `at` finds it); NULL before the first version, where the table has no rule.
 */
function deadlineSql(due: RawBuilder<unknown>): RawBuilder<string> {
  const branches = [...periodicDeclarationDeadline.versions]
    .reverse()
    .map(
      (v) => sql`WHEN ${due} >= ${sql.lit(v.effectiveFrom)}::date THEN ${due} - ${sql.lit(v.rules.daysBeforeDue)}::int`,
    )
  return sql<string>`(CASE ${sql.join(branches, sql` `)} END)`
}

/** What a source of pipelines selects: the id and the typed fact columns (`pipelineFactColumnTypes`). */
export const pipelineSourceColumns = sql.raw(['pipeline_id', ...Object.keys(pipelineFactColumnTypes)].join(', '))

/**
 * The pipelines' standings on `day`, one row per pipeline of `source` (`pipelineSourceColumns`), one
 * column per figure: NULL when the pipeline is not in its denominator, 'ok' when it is in the
 * numerator, else the shortfall reason. Each CASE mirrors `pipelineStandingsAt` and
 * `statutoryInspectionStandingAt` in packages/domain/src/enforcement (the definitions; their
 * comments are the rules), branch for branch.
 */
function standingsSql(source: RawBuilder<unknown>, day: string) {
  const d = sql`${day}::date`
  const periodicDeadline = deadlineSql(sql.raw('due.periodic_due'))
  return sql`
    SELECT f.pipeline_id, f.region, f.organisation_id,
      CASE WHEN k.started_on IS NULL THEN NULL
           WHEN k.notified_on <= k.started_on THEN 'ok'
           WHEN k.notified_on IS NOT NULL THEN 'notified_late'
           ELSE 'not_notified' END AS construction_notification,
      CASE WHEN k.started_on IS NULL THEN NULL
           WHEN f.installation_declared_on <= ${d} THEN 'ok'
           ELSE 'not_declared' END AS installation_inspection_declaration,
      CASE WHEN NOT rec.in_use THEN NULL
           WHEN rec.records = 0 THEN 'no_record'
           WHEN rec.latest_complete THEN 'ok'
           ELSE 'record_incomplete' END AS in_use_information_entry,
      CASE WHEN due.periodic_due IS NULL THEN NULL
           WHEN decl.in_time THEN 'ok'
           WHEN decl.declarations > 0 THEN 'declared_late'
           ELSE 'not_declared' END AS periodic_inspection_declaration,
      CASE WHEN due.any_past THEN
             CASE WHEN due.latest_known_due >= ${d} THEN 'ok' ELSE 'periodic_overdue' END
           WHEN k.started_on IS NULL THEN NULL
           WHEN NOT rec.in_use THEN NULL
           WHEN f.installation_inspected_on <= ${d} THEN 'ok'
           ELSE 'installation_not_inspected' END AS statutory_inspection,
      CASE WHEN due.any_past THEN 'periodic' ELSE 'installation' END AS statutory_obligation
    FROM (${source}) AS f
    CROSS JOIN LATERAL (
      SELECT LEAST(
               CASE WHEN f.construction_started_on <= ${d}
                    THEN f.construction_started_on END,
               CASE WHEN f.installation_inspected_on <= ${d}
                    THEN f.installation_inspected_on END) AS started_on,
             CASE WHEN f.notified_on <= ${d} THEN f.notified_on END AS notified_on
    ) AS k
    CROSS JOIN LATERAL (
      -- The latest record by the day; of the same day, the later in log order (array order).
      SELECT count(*) AS records,
             coalesce(f.in_use_known_on <= ${d}, false) OR count(*) > 0 AS in_use,
             -- max of [day, position, complete]: the latest by day, then by log order (no sort).
             (max(ARRAY[r.recorded_on - DATE '0001-01-01', r.i::int,
                        CASE WHEN r.complete THEN 1 ELSE 0 END]))[3] = 1 AS latest_complete
      FROM unnest(f.in_use_recorded_on, f.in_use_complete) WITH ORDINALITY AS r(recorded_on, complete, i)
      WHERE r.recorded_on <= ${d}
    ) AS rec
    CROSS JOIN LATERAL (
      SELECT max(x.due) FILTER (WHERE x.known_on <= ${d} AND ${deadlineSql(sql.raw('x.due'))} <= ${d}) AS periodic_due,
             max(x.due) FILTER (WHERE x.known_on <= ${d}) AS latest_known_due,
             coalesce(bool_or(x.due < ${d}) FILTER (WHERE x.known_on <= ${d}), false) AS any_past
      FROM unnest(f.due_on, f.due_known_on) AS x(due, known_on)
    ) AS due
    CROSS JOIN LATERAL (
      SELECT count(*) AS declarations, coalesce(bool_or(x.declared_on <= ${periodicDeadline}), false) AS in_time
      FROM unnest(f.declared_due_on, f.declared_on) AS x(due, declared_on)
      WHERE x.due = due.periodic_due AND x.declared_on <= ${d}
    ) AS decl`
}

interface CountsRow {
  readonly child: string | null
  readonly total: boolean
  /** Per figure: [numerator, denominator]; for the statutory rate also [installation, periodic]. */
  readonly counts: Record<PipelineRateKind | 'statutory_inspection', [number, number]>
  readonly obligations: [number, number]
}

/** One shortfall row: id, region, organisation, then the five standings in the order of `figureColumns`. */
type ShortfallRow = [string, string, string, ...(string | null)[]]

const figureColumns = [...pipelineRateKinds, 'statutory_inspection'] as const

const byPipelineId = (a: ShortfallRow, b: ShortfallRow) => (a[0] < b[0] ? -1 : 1)

/**
 * The one statement of `regionFiguresInSql`, exported so tests can EXPLAIN it: the standings
 * once (MATERIALIZED), then the counts of the region and of each child region (GROUPING SETS)
 * and the pipelines short in some figure with their reasons, as json (built as text: cheaper
 * than jsonb for a result that is only parsed by the caller).
 */
export function regionFiguresStatement(region: string, day: string, source: RawBuilder<unknown>) {
  const count = (column: string) =>
    sql.raw(`json_build_array(count(*) FILTER (WHERE ${column} = 'ok'), count(${column}))`)
  const counts = sql.join(
    figureColumns.map((c) => sql`${sql.lit(c)}::text, ${count(c)}`),
    sql`, `,
  )
  const short = sql.join(
    figureColumns.map((c) => sql.raw(`${c} <> 'ok'`)),
    sql` OR `,
  )
  return sql<{ counts: CountsRow[] | null; shortfalls: ShortfallRow[] | null }>`
    WITH s AS MATERIALIZED (${standingsSql(source, day)}),
    g AS (SELECT ${childSql(region, sql.raw('s.region'))} AS child, s.* FROM s)
    SELECT
      (SELECT json_agg(c) FROM (
         SELECT json_build_object(
                  'child', child, 'total', grouping(child) = 1,
                  'counts', json_build_object(${counts}),
                  'obligations', json_build_array(
                    count(*) FILTER (WHERE statutory_inspection IS NOT NULL AND statutory_obligation = 'installation'),
                    count(*) FILTER (WHERE statutory_inspection IS NOT NULL AND statutory_obligation = 'periodic'))) AS c
         FROM g GROUP BY GROUPING SETS ((), (child))) AS grouped) AS counts,
      (SELECT json_agg(json_build_array(pipeline_id, region, organisation_id,
                ${sql.join(
                  figureColumns.map((c) => sql.raw(c)),
                  sql`, `,
                )}))
       FROM s WHERE ${short}) AS shortfalls`
}

/**
 * The four rates and the statutory inspection rate of `region` on `day` and of each region one
 * level down, evaluated in the database in one statement over the pipelines of `source` (a
 * relation of `pipelineSourceColumns`, the caller restricts it to the region): counts by
 * GROUPING SETS, the shortfalls (pipelines short in some figure) returned with their reasons.
 */
export async function regionFiguresInSql(
  db: Kysely<EnforcementTables>,
  region: string,
  day: string,
  source: RawBuilder<unknown>,
): Promise<RegionFigures> {
  // No JIT: the laterals over the fact arrays make the planner's cost estimate large at a city's
  // size, and compiling with LLVM then costs more than the statement (seconds at 50,000 pipelines).
  const { rows } = await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL jit = off`.execute(tx)
    return regionFiguresStatement(region, day, source).execute(tx)
  })
  const result = rows[0]!
  const shortfalls = [...(result.shortfalls ?? [])].sort(byPipelineId)
  const figuresOf = (row: CountsRow | undefined, members: readonly ShortfallRow[]): Figures => {
    const shortOf = <Reason extends string>(i: number) =>
      members
        .filter((s) => s[3 + i] !== null && s[3 + i] !== 'ok')
        .map((s) => ({ pipelineId: s[0], region: s[1], organisationId: s[2], reason: s[3 + i] as Reason }))
    const rates = pipelineRateKinds.map((rate, i): RateFigure => {
      const [numerator, denominator] = row?.counts[rate] ?? [0, 0]
      return {
        rate,
        numerator,
        denominator,
        shortfalls: shortOf<ShortfallReason>(i),
        value: denominator === 0 ? null : numerator / denominator,
      }
    })
    const [numerator, denominator] = row?.counts.statutory_inspection ?? [0, 0]
    const [installation, periodic] = row?.obligations ?? [0, 0]
    return {
      rates,
      statutoryInspection: {
        numerator,
        denominator,
        value: denominator === 0 ? null : numerator / denominator,
        byObligation: { installation, periodic },
        shortfalls: shortOf<StatutoryInspectionShortfall>(4),
      },
    }
  }
  const childOf = (r: string): string | undefined => {
    if (region.endsWith('0000')) return `${r.slice(0, 4)}00`
    if (region.endsWith('00')) return r
    return undefined
  }
  // The shortfalls of each child once (not filtered again per child: a province has many).
  const shortfallsOf = new Map<string, ShortfallRow[]>()
  for (const s of shortfalls) {
    const child = childOf(s[1])
    if (child === undefined) continue
    const list = shortfallsOf.get(child)
    if (list) list.push(s)
    else shortfallsOf.set(child, [s])
  }
  const groups = result.counts ?? []
  const children = groups
    .filter((g) => !g.total && g.child !== null)
    .map((g) => g.child!)
    .sort()
  return {
    region,
    day,
    ...figuresOf(
      groups.find((g) => g.total),
      shortfalls,
    ),
    breakdown: children.map((child) => ({
      region: child,
      ...figuresOf(
        groups.find((g) => !g.total && g.child === child),
        shortfallsOf.get(child) ?? [],
      ),
    })),
  }
}
