import { z } from 'zod'
import { HappenedDate, HistoricalDate, IsoDate, OrganisationId, RegionCode } from '@gsr/events'
import {
  CertificateNumber,
  EquipmentAttributes,
  EquipmentCategory,
  EquipmentIdentity,
  RegistrationCode,
  equipmentStreamName,
} from '@gsr/events/equipment'
import type { EquipmentCommand } from '@gsr/domain/equipment'
import { Cursor, Page, problemResponses, type KitApp, type ServiceContext, requestToday } from '@gsr/http-kit'
import { getEquipment, listEquipment, listPendingTransfers } from '@gsr/read-models/equipment'
import type { FastifyRequest } from 'fastify'
import { occurredOn, withCursor } from '../routeHelpers.ts'
import { listScope, loadState, recordCommand } from '@gsr/http-kit'
import { claimRegistrationCode } from '../registrationCodeClaims.ts'
import { effectiveEquipmentDecider } from '../effectiveRuleTables.ts'
import { namedOrganisation } from '../namedOrganisation.ts'
import { EquipmentView, equipmentView, pageReply, TransferOfferView, transferOfferView } from '../views.ts'
import { commandRoute } from '@gsr/http-kit'
import { inspectionCommandRoutes } from './inspectionCommandRoutes.ts'
import { subjectReadRoutes } from './subjectReadRoutes.ts'

const tags = ['registry: equipment']
const CodeParams = z.strictObject({ code: RegistrationCode })
const codeOf = (params: z.infer<typeof CodeParams>) => params.code

const StatedInspectionBody = z.strictObject({
  date: HistoricalDate,
  reportNumber: z.string().min(1).max(128).describe('the inspection report number (检验报告编号)'),
})

export const RegisterEquipmentBody = z
  .strictObject({
    registrationCode: RegistrationCode,
    category: EquipmentCategory,
    region: RegionCode,
    location: z.string().min(1).max(512),
    attributes: EquipmentAttributes.default({}),
    ...EquipmentIdentity,
    certificateNumber: CertificateNumber.optional(),
    putIntoServiceDate: HistoricalDate,
    registeredOn: HappenedDate.optional().describe('default: today'),
    lastInspection: StatedInspectionBody.optional().describe(
      'the last periodic inspection, as you state it (unconfirmed until an agency records a result); the next due date follows from it by the inspectionIntervals rule table',
    ),
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
  toOrganisationId: OrganisationId.describe('an existing organisation that can use equipment (使用单位)'),
  toRegion: RegionCode.describe('where the equipment will be used (any region, whatever the recipient’s seat)'),
  location: z.string().min(1).max(512),
  offeredOn: HappenedDate.optional().describe('default: today'),
})
const AcceptBody = z.strictObject({ acceptedOn: HappenedDate.optional().describe('default: today') })
const DeclineBody = z.strictObject({ declinedOn: HappenedDate.optional().describe('default: today') })
const WithdrawBody = z.strictObject({ withdrawnOn: HappenedDate.optional().describe('default: today') })
const TransfersQuery = Cursor.extend({}).strict()
const SuspendBody = z.strictObject({ reason: z.string().min(1).max(1024), suspendedOn: HappenedDate.optional() })
const ResumeBody = z.strictObject({ resumedOn: HappenedDate.optional() })
const CancelBody = z.strictObject({ reason: z.string().min(1).max(1024), cancelledOn: HappenedDate.optional() })
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

export async function equipmentRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  /** Decided by the effective rule tables (published versions too: effectiveRuleTables.ts). */
  const record = async (request: FastifyRequest, code: string, command: EquipmentCommand, on?: string) =>
    recordCommand(
      ctx,
      request,
      equipmentStreamName(code),
      await effectiveEquipmentDecider(ctx.eventStore),
      command,
      occurredOn(on),
    )
  const byOwner = (request: FastifyRequest) => request.principal.organisationId

  commandRoute(app, '/equipment', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Record a registration already issued (使用登记证, transcribed)',
    description:
      'For equipment the registration authority registered before (the code and certificate number are those on the certificate; a whole register goes through POST /imports/equipment). A new registration is applied for (POST /equipment-registrations) and the authority issues its code. The registration code is unique across the system. Registration later than the registrationDeadline rule after the put-into-service date is recorded as late. The region is where the equipment stands, whatever the region of your seat.',
    body: RegisterEquipmentBody,
    record: async (request, _params, body) => {
      const registeredOn = body.registeredOn ?? requestToday(request)
      const organisationId = byOwner(request)
      const command: EquipmentCommand = { type: 'RegisterEquipment', data: { ...body, organisationId, registeredOn } }
      // Refusals first (the code registered, a stated inspection out of range), then the code's
      // claim for this organisation (registrationCodeClaims.ts), then the registration.
      const stream = equipmentStreamName(body.registrationCode)
      const decider = await effectiveEquipmentDecider(ctx.eventStore)
      decider.decide(command, await loadState(ctx.eventStore, stream, decider))
      await claimRegistrationCode(ctx, request, {
        registrationCode: body.registrationCode,
        holder: { organisationId },
        region: body.region,
        claimedOn: registeredOn,
      })
      return recordCommand(ctx, request, stream, decider, command, occurredOn(registeredOn))
    },
  })

  // Transfer (过户) in two steps: the owner offers, the recipient accepts (or declines, or the
  // owner withdraws); nothing moves until accepted. The rules are equipmentDecider's.
  commandRoute(app, '/equipment/:code/transfer', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Offer the equipment to another organisation (过户申请)',
    description:
      'The recipient must exist and be an equipment user (seated anywhere). Nothing moves until it accepts (POST …/transfer/accept); until then the owner may withdraw.',
    params: CodeParams,
    body: TransferBody,
    record: async (request, { code }, { offeredOn = requestToday(request), ...rest }) => {
      const recipient = await namedOrganisation(ctx, rest.toOrganisationId)
      return record(
        request,
        code,
        { type: 'TransferEquipment', data: { ...rest, recipient, offeredOn, actor: request.principal } },
        offeredOn,
      )
    },
  })

  commandRoute(app, '/equipment/:code/transfer/accept', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Accept a transfer offered to you (过户确认)',
    description: 'By the organisation the pending transfer names; the equipment and its region move to it.',
    params: CodeParams,
    body: AcceptBody,
    record: (request, { code }, { acceptedOn = requestToday(request) }) =>
      record(
        request,
        code,
        { type: 'AcceptEquipmentTransfer', data: { actor: request.principal, acceptedOn } },
        acceptedOn,
      ),
  })

  commandRoute(app, '/equipment/:code/transfer/decline', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Decline a transfer offered to you',
    params: CodeParams,
    body: DeclineBody,
    record: (request, { code }, { declinedOn = requestToday(request) }) =>
      record(
        request,
        code,
        { type: 'DeclineEquipmentTransfer', data: { actor: request.principal, declinedOn } },
        declinedOn,
      ),
  })

  commandRoute(app, '/equipment/:code/transfer/withdraw', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Withdraw your pending transfer offer',
    params: CodeParams,
    body: WithdrawBody,
    record: (request, { code }, { withdrawnOn = requestToday(request) }) =>
      record(
        request,
        code,
        { type: 'WithdrawEquipmentTransfer', data: { actor: request.principal, withdrawnOn } },
        withdrawnOn,
      ),
  })

  app.get(
    '/equipment-transfers',
    {
      schema: {
        tags,
        summary: 'Pending transfers: those you offered and those offered to you',
        description:
          'Equipment users see the transfers they are a party to; enforcement those of equipment in its region and below; administrators all.',
        querystring: TransfersQuery,
        response: { 200: Page(TransferOfferView), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const p = request.principal
      const filter =
        p.organisationKind === 'administrator'
          ? {}
          : p.organisationKind === 'enforcement'
            ? { regions: [p.region] }
            : { party: p.organisationId }
      const page = await withCursor(() =>
        listPendingTransfers(ctx.sql, filter, { cursor: request.query.after, limit: request.query.limit }),
      )
      return pageReply(page, transferOfferView)
    },
  )

  // Lifecycle (停用, 启用, 注销): by the owner, dated the field day given (default today).

  commandRoute(app, '/equipment/:code/suspend', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Suspend use (停用)',
    params: CodeParams,
    body: SuspendBody,
    record: (request, { code }, { suspendedOn = requestToday(request), reason }) =>
      record(
        request,
        code,
        { type: 'SuspendEquipment', data: { byOrganisationId: byOwner(request), suspendedOn, reason } },
        suspendedOn,
      ),
  })

  commandRoute(app, '/equipment/:code/resume', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Resume use (启用)',
    params: CodeParams,
    body: ResumeBody,
    record: (request, { code }, { resumedOn = requestToday(request) }) =>
      record(
        request,
        code,
        { type: 'ResumeEquipment', data: { byOrganisationId: byOwner(request), resumedOn } },
        resumedOn,
      ),
  })

  commandRoute(app, '/equipment/:code/cancel', {
    kinds: ['equipment_user'],
    tags,
    summary: 'Cancel the registration (注销)',
    params: CodeParams,
    body: CancelBody,
    record: (request, { code }, { cancelledOn = requestToday(request), reason }) =>
      record(
        request,
        code,
        { type: 'CancelEquipment', data: { byOrganisationId: byOwner(request), cancelledOn, reason } },
        cancelledOn,
      ),
  })

  inspectionCommandRoutes(app, ctx, {
    url: '/equipment/:code',
    tags,
    params: CodeParams,
    idOf: codeOf,
    record,
    declaration: {
      description: 'In time when declared at least periodicDeclarationDeadline days before the due date.',
    },
    result: {
      summary: 'Record an inspection result (检验结论)',
      description: 'Only for equipment in the agency’s accredited regions. Pass moves the due date; fail does not.',
    },
  })

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
      return pageReply(page, equipmentView)
    },
  )

  subjectReadRoutes(app, ctx, {
    url: '/equipment/:code',
    tags,
    params: CodeParams,
    idOf: codeOf,
    subjectKind: 'equipment',
    streamName: equipmentStreamName,
    one: 'One piece of equipment',
    the: 'the equipment',
    load: (code) => getEquipment(ctx.sql, code),
    owners: (row) => ({ region: row.region, organisationIds: [row.organisation_id] }),
    notFound: (code) => ({ en: `no equipment ${code}`, 'zh-CN': `设备 ${code} 不存在` }),
    View: EquipmentView,
    view: equipmentView,
  })
}
