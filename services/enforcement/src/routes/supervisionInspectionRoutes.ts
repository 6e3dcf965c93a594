import type { FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { createKysely } from '@gsr/db'
import { DomainError, NoRuleInForceError, ruleRef } from '@gsr/domain'
import {
  inspectionAssignmentDecider,
  supervisionChecklists,
  supervisionInspectionDecider,
} from '@gsr/domain/enforcement'
import { regionContains } from '@gsr/events'
import {
  ChecklistSubjectKind,
  inspectionAssignmentStreamName,
  supervisionInspectionStreamName,
} from '@gsr/events/enforcement'
import { findingStreamName, parseEquipmentEvent } from '@gsr/events/equipment'
import {
  canActInRegion,
  canRead,
  listScope,
  loadState,
  notFound,
  problemResponses,
  requireRegion,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import {
  getSupervisionInspection,
  listSupervisionInspections,
  supervisionInspectionStatistics,
  type EnforcementTables,
  type SupervisionInspectionRow,
} from '@gsr/read-models/enforcement'
import { auth } from './enforcementQuery.ts'
import { newRecordRoute, type NewRecordBody } from './newRecordRoute.ts'
import { registeredOrganisation } from './registeredOrganisation.ts'
import { workflowListRoutes } from './workflowListRoutes.ts'
import {
  AssignInspectionBody,
  ChecklistQuery,
  Checklists,
  InspectionParams,
  InspectionQuery,
  InspectionStatistics,
  RecordInspectionBody,
  StatisticsQuery,
  SupervisionInspection,
} from './supervisionInspectionSchemas.ts'

const tags = ['enforcement: supervision inspections']
const writers = ['enforcement'] as const

function toInspection(r: SupervisionInspectionRow): z.infer<typeof SupervisionInspection> {
  return {
    inspectionId: r.inspection_id,
    enforcementOrganisationId: r.enforcement_organisation_id,
    region: r.region,
    organisationId: r.organisation_id,
    site: r.site,
    subjectKind: r.subject_kind,
    inspectedOn: r.inspected_on,
    inspectors: r.inspectors.map((i) => ({
      name: i.name,
      ...(i.certificateNumber !== undefined ? { certificateNumber: i.certificateNumber } : {}),
    })),
    items: r.items.map((i) => ({
      itemId: i.itemId,
      result: i.result,
      ...(i.notes !== undefined ? { notes: i.notes } : {}),
    })),
    result: r.result,
    findingIds: r.finding_ids,
    photoReferences: r.photo_references,
    assignmentId: r.assignment_id,
    checklist: r.checklist,
    notes: r.notes,
    evidence: { recordedEventId: r.recorded_event_id },
  }
}

const findingRefused = (code: string, index: number, en: string, zh: string) =>
  new DomainError(code, { en, 'zh-CN': zh }, [`findingIds.${index}`])

/**
 * Routine supervision inspections (日常监督检查) and cross-region mutual checks (异地交叉互查):
 * record an inspection, assign a team to another region, list, read one, statistics by region
 * and month. The rules are in the deciders (supervisionInspectionDecider, inspectionAssignmentDecider).
 */
export async function supervisionInspectionRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const db = createKysely<EnforcementTables>(ctx.sql)
  /**
   * The findings the inspection names: each a field finding (`finding-<id>`) the team may see,
   * in the region inspected, of the organisation inspected, found on the inspection day.
   */
  async function checkFindings(
    request: FastifyRequest,
    body: NewRecordBody<typeof RecordInspectionBody, 'inspectionId'>,
  ) {
    const p = request.principal
    await Promise.all(
      body.findingIds.map(async (findingId, index) => {
        const [first] = await ctx.eventStore.readStream(findingStreamName(findingId))
        const event = first && parseEquipmentEvent(first)
        const found =
          event?.type === 'EquipmentFoundInUse'
            ? { ...event.data, organisationId: event.data.usingOrganisationId }
            : event?.type === 'OperationFoundPerformed'
              ? event.data
              : undefined
        const visible =
          found &&
          regionContains(body.region, found.region) &&
          (canActInRegion(p, found.region) || found.enforcementOrganisationId === p.organisationId)
        if (!found || !visible)
          throw findingRefused(
            'inspection-finding-not-found',
            index,
            `no field finding ${findingId} in region ${body.region}`,
            `辖区 ${body.region} 内无此检查发现：${findingId}`,
          )
        const { organisationId } = found
        if (organisationId !== undefined && organisationId !== body.organisationId)
          throw findingRefused(
            'inspection-finding-mismatch',
            index,
            `${findingId} concerns another organisation`,
            `${findingId} 涉及其他单位`,
          )
        if (found.foundOn !== body.inspectedOn)
          throw findingRefused(
            'inspection-finding-mismatch',
            index,
            `${findingId} was found on ${found.foundOn}, not on the inspection day ${body.inspectedOn}`,
            `${findingId} 发现于 ${found.foundOn}，非检查当日 ${body.inspectedOn}`,
          )
      }),
    )
  }

  newRecordRoute(app, ctx, '/enforcement/inspections', {
    kinds: writers,
    tags,
    summary: 'Record a routine supervision inspection (日常监督检查): the checklist answered, two inspectors at least',
    description:
      'Every item of the checklist in force on inspectedOn for the subject kind (rule table supervisionChecklists), passed, failed or not applicable; the result agrees with the items. Problems found are field findings (POST /field-findings/…) named by findingIds; a rectification order then names them. A region outside the team’s: 403 without an assignment covering it (POST /enforcement/inspection-assignments).',
    body: RecordInspectionBody,
    id: ['inspectionId', 'supervision-inspection'],
    stream: supervisionInspectionStreamName,
    decider: supervisionInspectionDecider,
    fieldDate: (body) => body.inspectedOn,
    command: async (request, inspectionId, body) => {
      const assignment =
        body.assignmentId === undefined
          ? undefined
          : (
              await loadState(
                ctx.eventStore,
                inspectionAssignmentStreamName(body.assignmentId),
                inspectionAssignmentDecider,
              )
            ).assigned
      const data = {
        ...body,
        inspectionId,
        enforcementOrganisationId: request.principal.organisationId,
        teamRegion: request.principal.region,
        assignment,
      }
      const { assignmentId, notes, site, ...rest } = data
      const command = {
        type: 'RecordSupervisionInspection' as const,
        data: {
          ...rest,
          ...(assignmentId !== undefined ? { assignmentId } : {}),
          ...(notes !== undefined ? { notes } : {}),
          ...(site !== undefined ? { site } : {}),
        },
      }
      // The command's own rules (the region first: 403) before the records it names are read.
      supervisionInspectionDecider.decide(command, {})
      await registeredOrganisation(ctx, body.organisationId, 'organisationId')
      await checkFindings(request, body)
      return command
    },
  })

  newRecordRoute(app, ctx, '/enforcement/inspection-assignments', {
    kinds: writers,
    tags,
    summary: 'Assign a team to inspect another region (异地交叉互查), by the level above both',
    description:
      'By an enforcement organisation whose region contains the team’s region and the region inspected, which lies outside the team’s. The team then records inspections there from `from` to `to`, naming the assignment.',
    body: AssignInspectionBody,
    id: ['assignmentId', 'inspection-assignment'],
    stream: inspectionAssignmentStreamName,
    decider: inspectionAssignmentDecider,
    fieldDate: (body) => body.assignedOn,
    command: async (request, assignmentId, { notes, ...body }) => {
      requireRegion(request, body.region)
      const team = await registeredOrganisation(ctx, body.teamOrganisationId, 'teamOrganisationId', 'enforcement')
      requireRegion(request, team.region)
      return {
        type: 'AssignInspection' as const,
        data: {
          ...body,
          assignmentId,
          assigningOrganisationId: request.principal.organisationId,
          assigningRegion: request.principal.region,
          teamRegion: team.region,
          ...(notes !== undefined ? { notes } : {}),
        },
      }
    },
  })

  workflowListRoutes(app, ctx, db, {
    url: '/enforcement/inspections',
    tags,
    summary: 'Supervision inspections made by a day, latest first (region, organisation, result)',
    description:
      'Enforcement: its region and below; administrators: all; any other organisation: the inspections of it.',
    querystring: InspectionQuery,
    item: SupervisionInspection,
    list: (filters, q) => listSupervisionInspections(ctx.sql, { ...filters, result: q.result }),
    present: (rows) => rows.map(toInspection),
  })

  app.get(
    '/enforcement/inspections/statistics',
    {
      schema: {
        tags,
        summary: 'Supervision inspections by region and month: done, with problems, clean',
        querystring: StatisticsQuery,
        response: { 200: InspectionStatistics, ...problemResponses(400, 401, 403) },
      },
      config: { auth },
    },
    async (request) => {
      const q = request.query
      const scope = listScope(request.principal, q.region, { agenciesByRegion: false })
      return { items: await supervisionInspectionStatistics(ctx.sql, { scope, from: q.from, to: q.to }) }
    },
  )

  app.get(
    '/enforcement/inspections/checklists',
    {
      config: { auth },
      schema: {
        tags,
        summary: 'The checklists in force on a day (rule table supervisionChecklists), per kind of subject',
        description:
          'What POST /enforcement/inspections answers item by item: each item’s id, its zh-CN and English labels and its source. Before the first version: 422 naming `on`.',
        querystring: ChecklistQuery,
        response: { 200: Checklists, ...problemResponses(400, 401, 403, 422) },
      },
    },
    async (request) => {
      const on = request.query.on ?? requestToday(request)
      const version = supervisionChecklists.inForceOn(on)
      if (!version) throw new NoRuleInForceError(supervisionChecklists.name, on, ['on'])
      return {
        on,
        rule: ruleRef(supervisionChecklists, version),
        checklists: ChecklistSubjectKind.options.map((subjectKind) => ({
          subjectKind,
          items: version.rules[subjectKind].map((i) => ({
            itemId: i.id,
            zh: i.zh,
            en: i.en,
            source: i.source,
            unverified: i.unverified === true,
          })),
        })),
      }
    },
  )

  app.get(
    '/enforcement/inspections/:inspectionId',
    {
      schema: {
        tags,
        summary: 'One supervision inspection (404 outside your scope, as unknown)',
        params: InspectionParams,
        response: { 200: SupervisionInspection, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const row = await getSupervisionInspection(ctx.sql, request.params.inspectionId)
      const p = request.principal
      const readable =
        row &&
        (row.enforcement_organisation_id === p.organisationId ||
          (p.organisationKind !== 'inspection_agency' &&
            canRead(p, { region: row.region, organisationIds: [row.organisation_id] })))
      if (!row || !readable) throw notFound()
      return toInspection(row)
    },
  )
}
