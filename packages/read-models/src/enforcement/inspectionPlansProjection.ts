import { createKysely, type Migration, type SqlExecutor } from '@gsr/db'
import { chinaDate, type ReadScope } from '@gsr/domain'
import type { RecordedEvent } from '@gsr/event-store'
import { enforcementEventTypes, parseEnforcementEvent, type EnforcementEvent } from '@gsr/events/enforcement'
import type { Projection } from '@gsr/projections'
import { BatchRows } from '../BatchRows.ts'
import { inRegions } from '../inRegions.ts'

/**
 * Read model `inspection_plans`: one row per random inspection plan (双随机), so a team can list
 * its plans (committed, then drawn) without loading every stream. The catalogue, roster and
 * visits stay in the stream; the row keeps their counts. BatchRows: a batch loads the rows it
 * touches once, evolves them in log order and writes each back once.
 */
export interface InspectionPlanRow {
  plan_id: string
  enforcement_organisation_id: string
  region: string
  period_from: string
  period_to: string
  catalogue_on: string
  known_at: string
  subjects: number
  inspectors: number
  /** The field day of the draw (China time of its occurredAt); null until drawn. */
  drawn_on: string | null
  visits: number | null
}

export interface InspectionPlanTables {
  enf_inspection_plans: InspectionPlanRow
}

const migrations: readonly Migration[] = [
  {
    name: 'inspection_plans_001_tables',
    up: `
      CREATE TABLE enf_inspection_plans (
        plan_id text PRIMARY KEY,
        enforcement_organisation_id text NOT NULL,
        region text NOT NULL,
        period_from text NOT NULL,
        period_to text NOT NULL,
        catalogue_on text NOT NULL,
        known_at text NOT NULL,
        subjects integer NOT NULL,
        inspectors integer NOT NULL,
        drawn_on text,
        visits integer
      );
      CREATE INDEX enf_inspection_plans_newest ON enf_inspection_plans (catalogue_on DESC, plan_id DESC);
    `,
  },
]

/** The row after one event of its stream (pure); undefined: nothing yet. */
export function evolveInspectionPlan(
  row: InspectionPlanRow | undefined,
  event: EnforcementEvent,
  occurredAt: string,
): InspectionPlanRow | undefined {
  switch (event.type) {
    case 'InspectionPlanCommitted': {
      const e = event.data
      return {
        plan_id: e.planId,
        enforcement_organisation_id: e.enforcementOrganisationId,
        region: e.region,
        period_from: e.periodFrom,
        period_to: e.periodTo,
        catalogue_on: e.catalogueOn,
        known_at: e.knownAt,
        subjects: e.catalogue.length,
        inspectors: e.roster.length,
        drawn_on: null,
        visits: null,
      }
    }
    case 'InspectionPlanDrawn':
      return row && { ...row, drawn_on: chinaDate(new Date(occurredAt)), visits: event.data.visits.length }
    default:
      return row
  }
}

export const inspectionPlansProjectionName = 'inspection_plans'

export function inspectionPlansProjection(): Projection {
  return {
    name: inspectionPlansProjectionName,
    migrations,
    eventTypes: enforcementEventTypes.filter((type) => type.startsWith('InspectionPlan')),
    async apply(events: readonly RecordedEvent[], tx: SqlExecutor) {
      const items = events.flatMap((recorded) => {
        const event = parseEnforcementEvent(recorded)
        return event && 'planId' in event.data
          ? [{ key: event.data.planId, event: { occurredAt: recorded.metadata.occurredAt, event } }]
          : []
      })
      await new BatchRows<InspectionPlanRow>('enf_inspection_plans', 'plan_id').evolveAll(
        tx,
        items,
        (row, { occurredAt, event }) => evolveInspectionPlan(row, event, occurredAt),
      )
    },
    async reset(tx) {
      await tx.query('DELETE FROM enf_inspection_plans')
    },
  }
}

/** The cursor of a page: `catalogueOn|planId` of its last row (the list runs newest first). */
const cursorOf = (row: InspectionPlanRow) => `${row.catalogue_on}|${row.plan_id}`

/**
 * Plans in the scope (their region and below), newest first (the day planned, then id
 * descending), optionally only `committed` (not drawn yet) or `drawn`. One page plus one row.
 */
export async function listInspectionPlans(
  sql: SqlExecutor,
  query: {
    scope: ReadScope
    status?: 'committed' | 'drawn' | undefined
    after?: string | undefined
    limit: number
  },
): Promise<{ items: InspectionPlanRow[]; next?: string }> {
  const db = createKysely<InspectionPlanTables>(sql)
  let q = db.selectFrom('enf_inspection_plans').selectAll()
  const { scope } = query
  if (scope.organisationId !== undefined) q = q.where('enforcement_organisation_id', '=', scope.organisationId)
  if (scope.regions !== undefined) {
    const regions = scope.regions
    if (regions.length === 0) return { items: [] }
    q = q.where((eb) => inRegions(eb, 'region', regions))
  }
  if (query.status === 'committed') q = q.where('drawn_on', 'is', null)
  if (query.status === 'drawn') q = q.where('drawn_on', 'is not', null)
  if (query.after !== undefined) {
    const [on, planId] = query.after.split('|')
    if (on === undefined || planId === undefined) throw new RangeError('not a cursor of this list')
    q = q.where((eb) =>
      eb.or([eb('catalogue_on', '<', on), eb.and([eb('catalogue_on', '=', on), eb('plan_id', '<', planId)])]),
    )
  }
  const rows = await q
    .orderBy('catalogue_on', 'desc')
    .orderBy('plan_id', 'desc')
    .limit(query.limit + 1)
    .execute()
  const items = rows.slice(0, query.limit)
  return rows.length > query.limit ? { items, next: cursorOf(items.at(-1)!) } : { items }
}
