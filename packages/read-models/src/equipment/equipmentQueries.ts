import { sql } from 'kysely'
import { createKysely, type SqlExecutor } from '@gsr/db'
import type {
  EquipmentReadModelDB,
  EquipmentRegisterTable,
  InspectionHistoryTable,
  PipelineRegisterTable,
} from './EquipmentReadModelDB.ts'
import { decodeCursor, pageOf, type Page } from './cursor.ts'
import { inRegions } from '../inRegions.ts'

/**
 * Queries over the equipment read models. Scoping is the caller's: pass `organisationId` for
 * a user organisation, `region` (contains its sub-regions) for enforcement.
 */
export interface EquipmentFilter {
  readonly registrationCode?: string | undefined
  readonly organisationId?: string | undefined
  /** Any of these regions (each contains its sub-regions). */
  readonly regions?: readonly string[] | undefined
  readonly category?: string | undefined
  readonly status?: string | undefined
  readonly dueState?: string | undefined
  /** Next due date on or before (YYYY-MM-DD). */
  readonly dueBefore?: string | undefined
  readonly late?: boolean | undefined
}

export interface PageRequest {
  readonly cursor?: string | undefined
  readonly limit: number
}

export async function listEquipment(
  executor: SqlExecutor,
  filter: EquipmentFilter,
  page: PageRequest,
  sort: 'registrationCode' | 'nextDueDate' = 'registrationCode',
): Promise<Page<EquipmentRegisterTable>> {
  const db = createKysely<EquipmentReadModelDB>(executor)
  let query = db.selectFrom('equipment_register').selectAll()
  if (filter.registrationCode) query = query.where('registration_code', '=', filter.registrationCode)
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId)
  const regions = filter.regions
  if (regions) query = query.where((eb) => inRegions(eb, 'region', regions))
  if (filter.category) query = query.where('category', '=', filter.category)
  if (filter.status) query = query.where('status', '=', filter.status as EquipmentRegisterTable['status'])
  if (filter.dueState) query = query.where('due_state', '=', filter.dueState as EquipmentRegisterTable['due_state'])
  if (filter.dueBefore) query = query.where('next_due_date', '<=', filter.dueBefore)
  if (filter.late !== undefined) query = query.where('late', '=', filter.late)
  if (sort === 'nextDueDate') {
    query = query.where('next_due_date', 'is not', null)
    if (page.cursor) {
      const [due, code] = decodeCursor(page.cursor, 2) as [string, string]
      query = query.where((eb) =>
        eb.or([
          eb('next_due_date', '>', due),
          eb.and([eb('next_due_date', '=', due), eb('registration_code', '>', code)]),
        ]),
      )
    }
    query = query.orderBy('next_due_date').orderBy('registration_code')
  } else {
    if (page.cursor) query = query.where('registration_code', '>', decodeCursor(page.cursor, 1)[0]!)
    query = query.orderBy('registration_code')
  }
  const rows = await query.limit(page.limit + 1).execute()
  return pageOf(rows, page.limit, (last) =>
    sort === 'nextDueDate' ? [last.next_due_date, last.registration_code] : [last.registration_code],
  )
}

export async function getEquipment(
  executor: SqlExecutor,
  registrationCode: string,
): Promise<EquipmentRegisterTable | undefined> {
  const db = createKysely<EquipmentReadModelDB>(executor)
  return db
    .selectFrom('equipment_register')
    .selectAll()
    .where('registration_code', '=', registrationCode)
    .executeTakeFirst()
}

/**
 * Transfers offered and not yet answered. `party`: only those it offered or is offered (what
 * each side of a transfer sees); `regions`: only equipment in these regions (enforcement).
 */
export async function listPendingTransfers(
  executor: SqlExecutor,
  filter: { readonly party?: string | undefined; readonly regions?: readonly string[] | undefined },
  page: PageRequest,
): Promise<Page<EquipmentRegisterTable>> {
  const db = createKysely<EquipmentReadModelDB>(executor)
  let query = db.selectFrom('equipment_register').selectAll().where('pending_transfer_to', 'is not', null)
  const party = filter.party
  if (party)
    query = query.where((eb) => eb.or([eb('organisation_id', '=', party), eb('pending_transfer_to', '=', party)]))
  const regions = filter.regions
  if (regions) query = query.where((eb) => inRegions(eb, 'region', regions))
  if (page.cursor) query = query.where('registration_code', '>', decodeCursor(page.cursor, 1)[0]!)
  const rows = await query
    .orderBy('registration_code')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (last) => [last.registration_code])
}

export interface PipelineFilter {
  readonly pipelineId?: string | undefined
  /** The using organisation or the installer. */
  readonly organisationId?: string | undefined
  readonly regions?: readonly string[] | undefined
  readonly dueState?: string | undefined
  readonly dueBefore?: string | undefined
  /** Only pipelines missing this stage (e.g. construction_notification); 'any' for any gap. */
  readonly missing?: string | undefined
}

export async function listPipelines(
  executor: SqlExecutor,
  filter: PipelineFilter,
  page: PageRequest,
): Promise<Page<PipelineRegisterTable>> {
  const db = createKysely<EquipmentReadModelDB>(executor)
  let query = db.selectFrom('pipeline_register').selectAll()
  if (filter.pipelineId) query = query.where('pipeline_id', '=', filter.pipelineId)
  const organisationId = filter.organisationId
  if (organisationId) {
    query = query.where((eb) =>
      eb.or([eb('organisation_id', '=', organisationId), eb('installer_id', '=', organisationId)]),
    )
  }
  const regions = filter.regions
  if (regions) query = query.where((eb) => inRegions(eb, 'region', regions))
  if (filter.dueState) query = query.where('due_state', '=', filter.dueState as PipelineRegisterTable['due_state'])
  if (filter.dueBefore) query = query.where('next_due_date', '<=', filter.dueBefore)
  const missing = filter.missing
  if (missing === 'any') {
    query = query.where((eb) => eb(eb.fn('jsonb_array_length', [eb.ref('missing_stages')]), '>', 0))
  } else if (missing) {
    query = query.where(sql<boolean>`missing_stages @> ${JSON.stringify([missing])}::jsonb`)
  }
  if (page.cursor) query = query.where('pipeline_id', '>', decodeCursor(page.cursor, 1)[0]!)
  const rows = await query
    .orderBy('pipeline_id')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (last) => [last.pipeline_id])
}

export async function getPipeline(
  executor: SqlExecutor,
  pipelineId: string,
): Promise<PipelineRegisterTable | undefined> {
  const db = createKysely<EquipmentReadModelDB>(executor)
  return db.selectFrom('pipeline_register').selectAll().where('pipeline_id', '=', pipelineId).executeTakeFirst()
}

export interface InspectionHistoryFilter {
  readonly subjectKind?: string | undefined
  readonly subjectId?: string | undefined
  readonly organisationId?: string | undefined
  readonly agencyId?: string | undefined
  readonly regions?: readonly string[] | undefined
}

/** Newest inspection first. */
export async function listInspections(
  executor: SqlExecutor,
  filter: InspectionHistoryFilter,
  page: PageRequest,
): Promise<Page<InspectionHistoryTable>> {
  const db = createKysely<EquipmentReadModelDB>(executor)
  let query = db.selectFrom('inspection_history').selectAll()
  if (filter.subjectKind) query = query.where('subject_kind', '=', filter.subjectKind)
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId)
  if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId)
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId)
  const regions = filter.regions
  if (regions) query = query.where((eb) => inRegions(eb, 'region', regions))
  if (page.cursor) {
    const [date, id] = decodeCursor(page.cursor, 2) as [string, string]
    query = query.where((eb) =>
      eb.or([eb('inspection_date', '<', date), eb.and([eb('inspection_date', '=', date), eb('event_id', '<', id)])]),
    )
  }
  const rows = await query
    .orderBy('inspection_date', 'desc')
    .orderBy('event_id', 'desc')
    .limit(page.limit + 1)
    .execute()
  return pageOf(rows, page.limit, (last) => [last.inspection_date, last.event_id])
}
