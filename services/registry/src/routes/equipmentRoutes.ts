import { z } from 'zod'
import { IsoDate, OrganisationId, RegionCode } from '@gsr/events'
import {
  EquipmentAttributes,
  EquipmentCategory,
  InspectionConclusion,
  InspectionKind,
  RegistrationCode,
  equipmentStreamName,
} from '@gsr/events/equipment'
import { equipmentDecider, type EquipmentCommand } from '@gsr/domain/equipment'
import {
  Cursor,
  Page,
  notFound,
  problemResponses,
  requireRegion,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import { getEquipment, listEquipment, listInspections } from '@gsr/read-models/equipment'
import type { FastifyRequest } from 'fastify'
import { occurredOn, recordCommand, today, withCursor } from '../recordCommand.ts'
import { canRead, listScope } from '../scope.ts'
import {
  EquipmentView,
  InspectionView,
  Recorded,
  TimelineEvent,
  equipmentView,
  inspectionView,
  timelineEvent,
} from '../views.ts'

const tags = ['registry: equipment']
const CodeParams = z.strictObject({ code: RegistrationCode })
const writeErrors = problemResponses(400, 401, 403, 404, 409, 422)

export const RegisterEquipmentBody = z
  .strictObject({
    registrationCode: RegistrationCode,
    category: EquipmentCategory,
    region: RegionCode,
    location: z.string().min(1).max(512),
    attributes: EquipmentAttributes.default({}),
    putIntoServiceDate: IsoDate,
    registeredOn: IsoDate.optional().describe('default: today'),
    nextInspectionDue: IsoDate.optional().describe('default: from the inspectionIntervals rule table'),
  })
  .meta({
    examples: [
      {
        registrationCode: 'TS3310330106202600001',
        category: 'elevator',
        region: '330106',
        location: 'No. 1 Wenyi Rd, building A',
        attributes: { model: 'GeN2' },
        putIntoServiceDate: '2026-01-10',
      },
    ],
  })

const TransferBody = z.strictObject({
  toOrganisationId: OrganisationId,
  toRegion: RegionCode,
  location: z.string().min(1).max(512),
  transferredOn: IsoDate.optional(),
})
const SuspendBody = z.strictObject({ reason: z.string().min(1).max(1024), suspendedOn: IsoDate.optional() })
const ResumeBody = z.strictObject({ resumedOn: IsoDate.optional() })
const CancelBody = z.strictObject({ reason: z.string().min(1).max(1024), cancelledOn: IsoDate.optional() })
export const DeclareBody = z.strictObject({
  declaredOn: IsoDate.optional(),
  plannedDate: IsoDate.optional(),
  agencyId: OrganisationId.optional(),
})
export const InspectionResultBody = z.strictObject({
  kind: InspectionKind,
  conclusion: InspectionConclusion,
  reportNumber: z.string().min(1).max(128),
  inspectors: z.array(z.string().min(1).max(128)).min(1),
  inspectionDate: IsoDate,
  nextDueDate: IsoDate.optional().describe('default: inspection date + the rule table interval'),
  safetyGrade: z.number().int().min(1).max(5).optional(),
})

const ListQuery = Cursor.extend({
  registrationCode: RegistrationCode.optional(),
  organisationId: OrganisationId.optional().describe('enforcement and administrators only'),
  region: RegionCode.optional().describe('this region and its sub-regions'),
  category: EquipmentCategory.optional(),
  status: z.enum(['active', 'suspended', 'cancelled']).optional(),
  dueState: z.enum(['ok', 'due', 'overdue']).optional(),
  dueBefore: IsoDate.optional().describe('next due date on or before'),
  late: z.enum(['true', 'false']).optional(),
  sort: z.enum(['registrationCode', 'nextDueDate']).default('registrationCode'),
}).strict()

export function inspectionResultCommand(
  request: FastifyRequest,
  body: z.infer<typeof InspectionResultBody>,
): Extract<EquipmentCommand, { type: 'RecordInspectionResult' }> {
  return {
    type: 'RecordInspectionResult',
    data: {
      agencyId: request.principal.organisationId,
      agencyRegions: request.principal.accreditedRegions,
      ...body,
    },
  }
}

export async function equipmentRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const record = (request: FastifyRequest, code: string, command: EquipmentCommand, on?: string) =>
    recordCommand(ctx, request, equipmentStreamName(code), equipmentDecider, command, occurredOn(on))

  /** The equipment row if the caller may see it, else 404 (existence does not leak). */
  async function visible(request: FastifyRequest, code: string) {
    const row = await getEquipment(ctx.sql, code)
    if (!row || !canRead(request.principal, { region: row.region, organisationIds: [row.organisation_id] })) {
      throw notFound({ en: `no equipment ${code}`, 'zh-CN': `设备 ${code} 不存在` })
    }
    return row
  }

  app.post(
    '/equipment',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Register equipment (使用登记)',
        description:
          'The registration code is unique across the system. Registration later than the registrationDeadline rule after the put-into-service date is recorded as late.',
        body: RegisterEquipmentBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const body = request.body
      requireRegion(request, body.region)
      const registeredOn = body.registeredOn ?? today(ctx)
      const recorded = await record(request, body.registrationCode, {
        type: 'RegisterEquipment',
        data: { ...body, organisationId: request.principal.organisationId, registeredOn },
      })
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/equipment/:code/transfer',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Transfer to another organisation (过户)',
        params: CodeParams,
        body: TransferBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { transferredOn = today(ctx), ...rest } = request.body
      const recorded = await record(
        request,
        request.params.code,
        {
          type: 'TransferEquipment',
          data: { ...rest, transferredOn, byOrganisationId: request.principal.organisationId },
        },
        transferredOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/equipment/:code/suspend',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Suspend use (停用)',
        params: CodeParams,
        body: SuspendBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const suspendedOn = request.body.suspendedOn ?? today(ctx)
      const recorded = await record(
        request,
        request.params.code,
        {
          type: 'SuspendEquipment',
          data: { byOrganisationId: request.principal.organisationId, suspendedOn, reason: request.body.reason },
        },
        suspendedOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/equipment/:code/resume',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Resume use (启用)',
        params: CodeParams,
        body: ResumeBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const resumedOn = request.body.resumedOn ?? today(ctx)
      const recorded = await record(
        request,
        request.params.code,
        { type: 'ResumeEquipment', data: { byOrganisationId: request.principal.organisationId, resumedOn } },
        resumedOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/equipment/:code/cancel',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Cancel the registration (注销)',
        params: CodeParams,
        body: CancelBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const cancelledOn = request.body.cancelledOn ?? today(ctx)
      const recorded = await record(
        request,
        request.params.code,
        {
          type: 'CancelEquipment',
          data: { byOrganisationId: request.principal.organisationId, cancelledOn, reason: request.body.reason },
        },
        cancelledOn,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/equipment/:code/periodic-inspection-declarations',
    {
      config: { auth: { kinds: ['equipment_user'] } },
      schema: {
        tags,
        summary: 'Declare the periodic inspection (定期检验申报)',
        description: 'In time when declared at least periodicDeclarationDeadline days before the due date.',
        params: CodeParams,
        body: DeclareBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const declaredOn = request.body.declaredOn ?? today(ctx)
      const recorded = await record(request, request.params.code, {
        type: 'DeclarePeriodicInspection',
        data: { ...request.body, declaredOn, byOrganisationId: request.principal.organisationId },
      })
      return reply.code(201).send(recorded)
    },
  )

  app.post(
    '/equipment/:code/inspection-results',
    {
      config: { auth: { kinds: ['inspection_agency'] } },
      schema: {
        tags,
        summary: 'Record an inspection result (检验结论)',
        description: 'Only for equipment in the agency’s accredited regions. Pass moves the due date; fail does not.',
        params: CodeParams,
        body: InspectionResultBody,
        response: { 201: Recorded, ...writeErrors },
      },
    },
    async (request, reply) => {
      const recorded = await record(
        request,
        request.params.code,
        inspectionResultCommand(request, request.body),
        request.body.inspectionDate,
      )
      return reply.code(201).send(recorded)
    },
  )

  app.get(
    '/equipment',
    {
      schema: {
        tags,
        summary: 'Equipment register (设备登记台账)',
        description: 'Own organisation for users; region and below for enforcement; accredited regions for agencies.',
        querystring: ListQuery,
        response: { 200: Page(EquipmentView), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query
      const scope = listScope(request.principal, q.region)
      const byOrganisation = scope.organisationId ?? q.organisationId
      const page = await withCursor(() =>
        listEquipment(
          ctx.sql,
          {
            registrationCode: q.registrationCode,
            organisationId: byOrganisation,
            regions: scope.regions,
            category: q.category,
            status: q.status,
            dueState: q.dueState,
            dueBefore: q.dueBefore,
            late: q.late === undefined ? undefined : q.late === 'true',
          },
          { cursor: q.after, limit: q.limit },
          q.sort,
        ),
      )
      return { items: page.items.map(equipmentView), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
    },
  )

  app.get(
    '/equipment/:code',
    {
      schema: {
        tags,
        summary: 'One piece of equipment',
        params: CodeParams,
        response: { 200: EquipmentView, ...problemResponses(401, 404) },
      },
    },
    async (request) => equipmentView(await visible(request, request.params.code)),
  )

  app.get(
    '/equipment/:code/events',
    {
      schema: {
        tags,
        summary: 'Full event timeline of the equipment',
        params: CodeParams,
        response: { 200: z.object({ items: z.array(TimelineEvent) }), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      await visible(request, request.params.code)
      const events = await ctx.eventStore.readStream(equipmentStreamName(request.params.code))
      return { items: events.map(timelineEvent) }
    },
  )

  app.get(
    '/equipment/:code/inspections',
    {
      schema: {
        tags,
        summary: 'Inspection history of the equipment',
        params: CodeParams,
        querystring: Cursor,
        response: { 200: Page(InspectionView), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      await visible(request, request.params.code)
      const page = await withCursor(() =>
        listInspections(
          ctx.sql,
          { subjectKind: 'equipment', subjectId: request.params.code },
          { cursor: request.query.after, limit: request.query.limit },
        ),
      )
      return { items: page.items.map(inspectionView), ...(page.nextCursor ? { next: page.nextCursor } : {}) }
    },
  )
}
