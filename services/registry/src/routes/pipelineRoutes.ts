import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '@gsr/events'
import { PipelineId, PipelineRecordValue, pipelineStreamName } from '@gsr/events/equipment'
import { pipelineDecider, type PipelineCommand } from '@gsr/domain/equipment'
import {
  Cursor,
  Page,
  notFound,
  problemResponses,
  requireRegion,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import { getPipeline, listInspections, listPipelines } from '@gsr/read-models/equipment'
import type { FastifyRequest } from 'fastify'
import { occurredOn, recordCommand, today, withCursor } from '../recordCommand.ts'
import { canRead, listScope } from '../scope.ts'
import {
  InspectionView,
  PipelineView,
  Recorded,
  TimelineEvent,
  inspectionView,
  pipelineView,
  timelineEvent,
} from '../views.ts'
import { DeclareBody, InspectionResultBody, inspectionResultCommand } from './equipmentRoutes.ts'

const tags = ['registry: gas pressure pipelines']
const IdParams = z.strictObject({ pipelineId: PipelineId })
const writeErrors = problemResponses(400, 401, 403, 404, 409, 422)
const Grade = z.string().regex(/^(GA|GB|GC|GD)[0-9]?$/, 'pipeline grade, e.g. GB1')

const NotificationBody = z
  .strictObject({
    pipelineId: PipelineId,
    organisationId: OrganisationId.describe('the using organisation (使用单位)'),
    region: RegionCode,
    name: z.string().min(1).max(256),
    location: z.string().min(1).max(512),
    grade: Grade,
    lengthMeters: z.number().positive().optional(),
    plannedStartDate: IsoDate,
    notifiedOn: IsoDate.optional(),
  })
  .meta({
    examples: [
      {
        pipelineId: 'GP-330106-0001',
        organisationId: 'org-gas-company',
        region: '330106',
        name: 'Wenyi Rd medium-pressure main',
        location: 'Wenyi Rd, Xihu District',
        grade: 'GB1',
        plannedStartDate: '2026-03-01',
      },
    ],
  })

const StartedBody = z.strictObject({
  startedOn: IsoDate,
  region: RegionCode.optional().describe('required when the pipeline is not known yet'),
  organisationId: OrganisationId.optional(),
  location: z.string().min(1).max(512).optional(),
})

const InUseBody = z.strictObject({
  region: RegionCode.optional().describe('required when the pipeline is not known yet'),
  record: z
    .record(z.string().min(1).max(64), PipelineRecordValue)
    .describe('record fields; the required ones are in the pipelineInUseRequiredFields rule table'),
  recordedOn: IsoDate.optional(),
  putIntoServiceDate: IsoDate.optional(),
  safetyGrade: z.number().int().min(1).max(5).optional(),
  nextInspectionDue: IsoDate.optional(),
})

const InstallationDeclarationBody = z.strictObject({
  declaredOn: IsoDate.optional(),
  agencyId: OrganisationId.optional(),
})

const ListQuery = Cursor.extend({
  pipelineId: PipelineId.optional(),
  organisationId: OrganisationId.optional().describe('enforcement and administrators only'),
  region: RegionCode.optional(),
  dueState: z.enum(['ok', 'due', 'overdue']).optional(),
  dueBefore: IsoDate.optional(),
  missing: z
    .enum([
      'any',
      'construction_notification',
      'installation_inspection_declaration',
      'installation_inspection',
      'in_use_record_fields',
      'periodic_inspection_declaration',
    ])
    .optional()
    .describe('only pipelines missing this stage'),
}).strict()

export async function pipelineRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const record = (request: FastifyRequest, pipelineId: string, command: PipelineCommand, on?: string) =>
    recordCommand(ctx, request, pipelineStreamName(pipelineId), pipelineDecider, command, occurredOn(on))

  async function visible(request: FastifyRequest, pipelineId: string) {
    const row = await getPipeline(ctx.sql, pipelineId)
    if (
      !row ||
      !canRead(request.principal, { region: row.region, organisationIds: [row.organisation_id, row.installer_id] })
    ) {
      throw notFound({ en: `no pipeline ${pipelineId}`, 'zh-CN': `管道 ${pipelineId} 不存在` })
    }
    return row
  }

  app.post(
    '/pipelines/construction-notifications',
    {
      config: { auth: { kinds: ['installer'] } },
      schema: {
        tags,
        summary: 'Notify construction of a new pipeline (施工告知)',
        body: NotificationBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const body = request.body
      requireRegion(request, body.region)
      const notifiedOn = body.notifiedOn ?? today(ctx)
      const recorded = await record(
        request,
        body.pipelineId,
        {
          type: 'NotifyPipelineConstruction',
          data: { ...body, notifiedOn, installerId: request.principal.organisationId },
        },
        notifiedOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/pipelines/:pipelineId/construction-started',
    {
      config: { auth: { kinds: ['installer', 'equipment_user'] } },
      schema: {
        tags,
        summary: 'Report that construction started',
        params: IdParams,
        body: StartedBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const p = request.principal
      const body = request.body
      if (body.region) requireRegion(request, body.region)
      const recorded = await record(
        request,
        request.params.pipelineId,
        {
          type: 'RecordPipelineConstructionStarted',
          data: {
            pipelineId: request.params.pipelineId,
            source: 'reported',
            reportedBy: p.organisationId,
            startedOn: body.startedOn,
            region: body.region,
            location: body.location,
            ...(p.organisationKind === 'installer'
              ? { installerId: p.organisationId, organisationId: body.organisationId }
              : { organisationId: p.organisationId }),
          },
        },
        body.startedOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/pipelines/:pipelineId/installation-inspection-declarations',
    {
      config: { auth: { kinds: ['installer', 'equipment_user'] } },
      schema: {
        tags,
        summary: 'Declare the installation-supervision inspection (安装监检申报)',
        params: IdParams,
        body: InstallationDeclarationBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const declaredOn = request.body.declaredOn ?? today(ctx)
      const recorded = await record(
        request,
        request.params.pipelineId,
        {
          type: 'DeclareInstallationInspection',
          data: { byOrganisationId: request.principal.organisationId, declaredOn, agencyId: request.body.agencyId },
        },
        declaredOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/pipelines/:pipelineId/in-use-records',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Record the in-use pipeline information (在用管道信息录入)',
        description: 'Accepted even when incomplete: the reply lists the missing required fields.',
        params: IdParams,
        body: InUseBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const body = request.body
      if (body.region) requireRegion(request, body.region)
      const recordedOn = body.recordedOn ?? today(ctx)
      const recorded = await record(
        request,
        request.params.pipelineId,
        {
          type: 'RecordPipelineInUse',
          data: {
            ...body,
            pipelineId: request.params.pipelineId,
            recordedOn,
            byOrganisationId: request.principal.organisationId,
          },
        },
        recordedOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/pipelines/:pipelineId/periodic-inspection-declarations',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Declare the periodic inspection (定期检验申报)',
        params: IdParams,
        body: DeclareBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const declaredOn = request.body.declaredOn ?? today(ctx)
      const recorded = await record(request, request.params.pipelineId, {
        type: 'DeclarePeriodicInspection',
        data: { ...request.body, declaredOn, byOrganisationId: request.principal.organisationId },
      })
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/pipelines/:pipelineId/inspection-results',
    {
      config: { auth: { kinds: ['inspection_agency'] } },
      schema: {
        tags,
        summary: 'Record an installation-supervision or periodic inspection result',
        params: IdParams,
        body: InspectionResultBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const recorded = await record(
        request,
        request.params.pipelineId,
        inspectionResultCommand(request, request.body),
        request.body.inspectionDate,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.get(
    '/pipelines',
    {
      schema: {
        tags,
        summary: 'Pipeline register with lifecycle stages and what is missing',
        querystring: ListQuery,
        response: { 200: Page(PipelineView), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      const scope = listScope(request.principal, q.region)
      const page = await withCursor(() =>
        listPipelines(
          ctx.sql,
          {
            pipelineId: q.pipelineId,
            organisationId: scope.organisationId ?? q.organisationId,
            regions: scope.regions,
            dueState: q.dueState,
            dueBefore: q.dueBefore,
            missing: q.missing,
          },
          { cursor: q.after, limit: q.limit },
        ),
      )
      return { items: page.items.map(pipelineView), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
    },
  )

  app.get(
    '/pipelines/:pipelineId',
    {
      schema: {
        tags,
        summary: 'One pipeline',
        params: IdParams,
        response: { 200: PipelineView, ...problemResponses(401, 404) },
      },
    },
    async (request) => pipelineView(await visible(request, request.params.pipelineId)),
  )

  app.get(
    '/pipelines/:pipelineId/events',
    {
      schema: {
        tags,
        summary: 'Full event timeline of the pipeline',
        params: IdParams,
        response: { 200: z.object({ items: z.array(TimelineEvent) }), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      await visible(request, request.params.pipelineId)
      const events = await ctx.eventStore.readStream(pipelineStreamName(request.params.pipelineId))
      return { items: events.map(timelineEvent) }
    },
  )

  app.get(
    '/pipelines/:pipelineId/inspections',
    {
      schema: {
        tags,
        summary: 'Inspection history of the pipeline',
        params: IdParams,
        querystring: Cursor,
        response: { 200: Page(InspectionView), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      await visible(request, request.params.pipelineId)
      const page = await withCursor(() =>
        listInspections(
          ctx.sql,
          { subjectKind: 'pipeline', subjectId: request.params.pipelineId },
          { cursor: request.query.after, limit: request.query.limit },
        ),
      )
      return { items: page.items.map(inspectionView), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
    },
  )
}
