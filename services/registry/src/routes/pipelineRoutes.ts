import { z } from 'zod'
import { HappenedDate, HistoricalDate, IsoDate, OrganisationId, RegionCode, ScheduledDate } from '@gsr/events'
import { PipelineId, PipelineProjectIdentity, PipelineRecordValue, pipelineStreamName } from '@gsr/events/equipment'
import type { PipelineCommand } from '@gsr/domain/equipment'
import { effectivePipelineDecider } from '../effectiveRuleTables.ts'
import { Cursor, Page, problemResponses, type KitApp, type ServiceContext, requestToday } from '@gsr/http-kit'
import { getPipeline, listPipelines } from '@gsr/read-models/equipment'
import type { FastifyRequest } from 'fastify'
import { occurredOn, withCursor } from '../routeHelpers.ts'
import { commandRoute, recordCommand } from '@gsr/http-kit'
import { listScope } from '@gsr/http-kit'
import { PipelineView, pageReply, pipelineView } from '../views.ts'
import { namedOrganisation, namedParties } from '../namedOrganisation.ts'
import { inspectionCommandRoutes } from './inspectionCommandRoutes.ts'
import { subjectReadRoutes } from './subjectReadRoutes.ts'

const tags = ['registry: gas pressure pipelines']
const IdParams = z.strictObject({ pipelineId: PipelineId })
const idOf = (params: z.infer<typeof IdParams>) => params.pipelineId

const Grade = z.string().regex(/^(GA|GB|GC|GD)[0-9]?$/, 'pipeline grade, e.g. GB1')

const NotificationBody = z
  .strictObject({
    pipelineId: PipelineId,
    organisationId: OrganisationId.describe(
      'the using organisation (使用单位) you work for: an existing equipment user, seated anywhere',
    ),
    region: RegionCode.describe('where the pipeline is built'),
    name: z.string().min(1).max(256),
    location: z.string().min(1).max(512),
    grade: Grade,
    lengthMeters: z.number().positive().optional(),
    plannedStartDate: ScheduledDate,
    notifiedOn: HappenedDate.optional(),
    ...PipelineProjectIdentity,
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
  startedOn: HappenedDate,
  region: RegionCode.optional().describe('required when the pipeline is not known yet'),
  organisationId: OrganisationId.optional().describe(
    'installers: the using organisation you work for (an existing equipment user), when not recorded yet',
  ),
  location: z.string().min(1).max(512).optional(),
})

const PartiesBody = z
  .strictObject({
    organisationId: OrganisationId.optional().describe('the using organisation (an existing equipment user)'),
    installerId: OrganisationId.optional().describe('the installer (an existing installer); authorities only'),
    namedOn: HappenedDate.optional().describe('default: today'),
  })
  .meta({ examples: [{ organisationId: 'org-gas-company', installerId: 'org-installer' }] })

/** An in-use record holds the rule table's required fields and a few more; not thousands. */
const maxRecordFields = 64

const InUseBody = z.strictObject({
  region: RegionCode.optional().describe('required when the pipeline is not known yet'),
  record: z
    .record(z.string().min(1).max(64), PipelineRecordValue)
    .refine((record) => Object.keys(record).length <= maxRecordFields, `at most ${maxRecordFields} fields`)
    .meta({ maxProperties: maxRecordFields })
    .describe('record fields; the required ones are in the pipelineInUseRequiredFields rule table'),
  recordedOn: HappenedDate.optional(),
  putIntoServiceDate: HistoricalDate.optional(),
  safetyGrade: z.number().int().min(1).max(5).optional(),
  ...PipelineProjectIdentity,
})

const InstallationDeclarationBody = z.strictObject({
  declaredOn: HappenedDate.optional(),
  agencyId: OrganisationId.optional().describe(
    'the inspection agency declared to (accredited for the region); only it may then record the result',
  ),
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
  /** Decided by the effective inspectionIntervals (published versions too: effectiveRuleTables.ts). */
  const record = async (request: FastifyRequest, pipelineId: string, command: PipelineCommand, on?: string) =>
    recordCommand(
      ctx,
      request,
      pipelineStreamName(pipelineId),
      await effectivePipelineDecider(ctx.eventStore),
      command,
      occurredOn(on),
    )

  commandRoute(app, '/pipelines/construction-notifications', {
    kinds: ['installer'],
    tags,
    summary: 'Notify construction of a new pipeline (施工告知)',
    description:
      'Names the using organisation you work for (it must exist and be an equipment user); the region is where the pipeline is built, whatever the region of either seat.',
    body: NotificationBody,
    record: async (request, _params, body) => {
      const notifiedOn = body.notifiedOn ?? requestToday(request)
      return record(
        request,
        body.pipelineId,
        {
          type: 'NotifyPipelineConstruction',
          data: {
            ...body,
            notifiedOn,
            actor: request.principal,
            owner: await namedOrganisation(ctx, body.organisationId),
          },
        },
        notifiedOn,
      )
    },
  })

  commandRoute(app, '/pipelines/:pipelineId/construction-started', {
    kinds: ['installer', 'equipment_user'],
    tags,
    summary: 'Report that construction started',
    params: IdParams,
    body: StartedBody,
    record: async (request, { pipelineId }, body) => {
      const p = request.principal
      return record(
        request,
        pipelineId,
        {
          type: 'RecordPipelineConstructionStarted',
          data: {
            pipelineId,
            source: 'reported',
            actor: p,
            startedOn: body.startedOn,
            region: body.region,
            location: body.location,
            ...(p.organisationKind === 'installer'
              ? { organisationId: body.organisationId, owner: await namedOrganisation(ctx, body.organisationId) }
              : { organisationId: p.organisationId }),
          },
        },
        body.startedOn,
      )
    },
  })

  commandRoute(app, '/pipelines/:pipelineId/installation-inspection-declarations', {
    kinds: ['installer', 'equipment_user'],
    tags,
    summary: 'Declare the installation-supervision inspection (安装监检申报)',
    params: IdParams,
    body: InstallationDeclarationBody,
    record: async (request, { pipelineId }, { declaredOn = requestToday(request), agencyId }) =>
      record(
        request,
        pipelineId,
        {
          type: 'DeclareInstallationInspection',
          data: {
            byOrganisationId: request.principal.organisationId,
            declaredOn,
            agencyId,
            agency: await namedOrganisation(ctx, agencyId),
          },
        },
        declaredOn,
      ),
  })

  commandRoute(app, '/pipelines/:pipelineId/in-use-records', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Record the in-use pipeline information (在用管道信息录入)',
    description:
      'Accepted even when incomplete: the reply lists the missing required fields. The next due date is never taken from the record: it is the one known (an agency’s result), or follows from the inspectionIntervals rule table after the stated lastInspectionDate (unconfirmed) or the put-into-service date.',
    params: IdParams,
    body: InUseBody,
    record: (request, { pipelineId }, body) => {
      const recordedOn = body.recordedOn ?? requestToday(request)
      return record(
        request,
        pipelineId,
        {
          type: 'RecordPipelineInUse',
          data: { ...body, pipelineId, recordedOn, actor: request.principal },
        },
        recordedOn,
      )
    },
  })

  commandRoute(app, '/pipelines/:pipelineId/parties', {
    kinds: ['enforcement', 'administrator', 'installer'],
    tags,
    summary: 'Name the using organisation and/or installer of a pipeline known without them',
    description:
      'For a pipeline first known through a field finding or a report that did not name them: the enforcement team of the pipeline’s region (or an administrator) names the owner and the installer; the recorded installer names the owner it works for. Each is named once and must exist with its kind; an owner never claims a pipeline by itself.',
    params: IdParams,
    body: PartiesBody,
    record: async (request, { pipelineId }, { namedOn = requestToday(request), ...body }) =>
      record(
        request,
        pipelineId,
        {
          type: 'NamePipelineParties',
          data: { ...body, ...(await namedParties(ctx, body)), pipelineId, namedOn, actor: request.principal },
        },
        namedOn,
      ),
  })

  inspectionCommandRoutes(app, ctx, {
    url: '/pipelines/:pipelineId',
    tags,
    params: IdParams,
    idOf,
    record,
    declaration: {},
    result: { summary: 'Record an installation-supervision or periodic inspection result' },
  })

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
      return pageReply(page, pipelineView)
    },
  )

  subjectReadRoutes(app, ctx, {
    url: '/pipelines/:pipelineId',
    tags,
    params: IdParams,
    idOf,
    subjectKind: 'pipeline',
    streamName: pipelineStreamName,
    one: 'One pipeline',
    the: 'the pipeline',
    load: (pipelineId) => getPipeline(ctx.sql, pipelineId),
    owners: (row) => ({ region: row.region, organisationIds: [row.organisation_id, row.installer_id] }),
    notFound: (pipelineId) => ({ en: `no pipeline ${pipelineId}`, 'zh-CN': `管道 ${pipelineId} 不存在` }),
    View: PipelineView,
    view: pipelineView,
  })
}
