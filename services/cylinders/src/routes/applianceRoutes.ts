import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DomainError, chinaDate } from '@gsr/domain'
import { applianceCertificateDecider, type ApplianceCertificateCommand } from '@gsr/domain/cylinders'
import { handleCommand, newEventId } from '@gsr/event-store'
import { cylinderStreams, type CylinderEventData } from '@gsr/events/cylinders'
import {
  eventMetadata,
  fieldOccurredAt,
  notFound,
  pageOf,
  ProblemError,
  problemResponses,
  requireOwnOrganisation,
  requireRegion,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import {
  getApplianceCertificate,
  listApplianceCertificates,
  listApplianceRecords,
  listSpotChecks,
} from '@gsr/read-models/cylinders'
import { appendFact, loadState, recordedReply } from '../appendHelpers.ts'
import { readScopeOf } from '../readScope.ts'
import { Recorded } from './commandSchemas.ts'
import {
  ApplianceCertificate,
  ApplianceRecord,
  CertificateListQuery,
  CertificateParams,
  CertificationFailedBody,
  IssueApplianceCertificateBody,
  ListQuery,
  ProductionBody,
  RecordListQuery,
  ReinstateCertificateBody,
  SaleBody,
  SpotCheckBody,
} from './applianceSchemas.ts'

const tags = ['appliances']

const required = (field: string) =>
  new ProblemError({
    code: 'validation',
    status: 400,
    errors: [{ field, message: 'required when enforcement records it', in: 'body' }],
  })

/** CCC certificates of household gas appliances; production, sale and spot-check records. */
export async function applianceRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const run = async (
    request: FastifyRequest,
    certificateNo: string,
    command: ApplianceCertificateCommand,
    occurredAt?: string,
  ) => {
    const stream = cylinderStreams.certificate(certificateNo)
    if (command.type !== 'IssueApplianceCertificate') {
      const state = await loadState(ctx.eventStore, stream, applianceCertificateDecider)
      if (!state.issued)
        throw new DomainError('certificate-not-found', { en: 'no such certificate', 'zh-CN': '无此证书' }, [
          'certificateNo',
        ])
      requireOwnOrganisation(request, state.certificationBodyId)
    }
    const result = await handleCommand(ctx.eventStore, stream, applianceCertificateDecider, command, {
      metadata: eventMetadata(request, occurredAt),
    })
    return recordedReply(stream, result)
  }

  app.post(
    '/appliance-certificates',
    {
      config: { auth: { kinds: ['certification_body'] } },
      schema: {
        tags,
        summary: 'Issue a CCC certificate for an appliance model',
        body: IssueApplianceCertificateBody,
        response: { 201: Recorded, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { occurredAt, ...body } = request.body
      const command: ApplianceCertificateCommand = {
        type: 'IssueApplianceCertificate',
        data: { ...body, certificationBodyId: request.principal.organisationId },
      }
      // Issued as it is recorded: occurredAt is the moment of the request, or the one given, which
      // must fall on today (the evidence of an issue is never back-dated).
      const issued = occurredAt === undefined ? undefined : fieldOccurredAt(chinaDate(ctx.clock.now()), occurredAt)
      return reply.code(201).send(await run(request, body.certificateNo, command, issued))
    },
  )

  app.post(
    '/appliance-certificates/:certificateNo/failures',
    {
      config: { auth: { kinds: ['certification_body'] } },
      schema: {
        tags,
        summary: 'Certification failed: suspended, revoked, expired or cancelled, with its reason',
        params: CertificateParams,
        body: CertificationFailedBody,
        response: { 201: Recorded, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { occurredAt, ...body } = request.body
      const command: ApplianceCertificateCommand = { type: 'RecordCertificationFailure', data: body }
      const at = fieldOccurredAt(body.effectiveFrom, occurredAt)
      return reply.code(201).send(await run(request, request.params.certificateNo, command, at))
    },
  )

  app.post(
    '/appliance-certificates/:certificateNo/reinstatement',
    {
      config: { auth: { kinds: ['certification_body'] } },
      schema: {
        tags,
        summary: 'Lift a suspension',
        params: CertificateParams,
        body: ReinstateCertificateBody,
        response: { 201: Recorded, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { occurredAt, effectiveFrom } = request.body
      const command: ApplianceCertificateCommand = { type: 'ReinstateApplianceCertificate', data: { effectiveFrom } }
      const at = fieldOccurredAt(effectiveFrom, occurredAt)
      return reply.code(201).send(await run(request, request.params.certificateNo, command, at))
    },
  )

  app.get(
    '/appliance-certificates',
    {
      schema: {
        tags,
        summary: 'Certificate register with the status of each certificate on a date (public information)',
        querystring: CertificateListQuery,
        response: { 200: z.object({ items: z.array(ApplianceCertificate), next: z.string().optional() }) },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await listApplianceCertificates(ctx.sql, {
        asOf: q.asOf ?? chinaDate(ctx.clock.now()),
        manufacturerId: q.manufacturerId,
        modelNo: q.modelNo,
        after: q.after,
        limit: q.limit,
      })
      return pageOf(rows, q.limit, (c) => c.certificateNo)
    },
  )

  app.get(
    '/appliance-certificates/:certificateNo',
    {
      schema: {
        tags,
        summary: 'One certificate with its status on a date',
        params: CertificateParams,
        querystring: z.strictObject({ asOf: z.iso.date().optional() }),
        response: { 200: ApplianceCertificate, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const asOf = request.query.asOf ?? chinaDate(ctx.clock.now())
      const certificate = await getApplianceCertificate(ctx.sql, request.params.certificateNo, asOf)
      if (!certificate) throw notFound()
      return certificate
    },
  )

  app.post(
    '/appliance-production',
    {
      config: { auth: { kinds: ['manufacturer', 'enforcement'] } },
      schema: {
        tags,
        summary: 'Record production of an appliance model (reported by the manufacturer or found by enforcement)',
        body: ProductionBody,
        response: { 201: Recorded, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const p = request.principal
      const { occurredAt, recordId = newEventId(), manufacturerId, regionCode, ...body } = request.body
      const enforcement = p.organisationKind === 'enforcement'
      if (enforcement && !manufacturerId) throw required('manufacturerId')
      if (!enforcement && manufacturerId !== undefined) requireOwnOrganisation(request, manufacturerId)
      const region = regionCode ?? p.region
      requireRegion(request, region)
      const data: CylinderEventData<'ApplianceProductionRecorded'> = {
        ...body,
        recordId,
        manufacturerId: manufacturerId ?? p.organisationId,
        regionCode: region,
        source: enforcement ? 'enforcement' : 'reported',
        recordedBy: p.organisationId,
      }
      const stream = cylinderStreams.production(recordId)
      const event = { id: recordId, type: 'ApplianceProductionRecorded', data }
      const metadata = eventMetadata(request, fieldOccurredAt(body.producedOn, occurredAt))
      return reply.code(201).send(await appendFact(ctx.eventStore, stream, event, metadata, 'recordId'))
    },
  )

  app.post(
    '/appliance-sales',
    {
      config: { auth: { kinds: ['seller', 'enforcement'] } },
      schema: {
        tags,
        summary: 'Record a sale of an appliance model (reported by the seller or found by enforcement)',
        body: SaleBody,
        response: { 201: Recorded, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const p = request.principal
      const { occurredAt, recordId = newEventId(), sellerId, regionCode, ...body } = request.body
      const enforcement = p.organisationKind === 'enforcement'
      if (enforcement && !sellerId) throw required('sellerId')
      if (!enforcement && sellerId !== undefined) requireOwnOrganisation(request, sellerId)
      const region = regionCode ?? p.region
      requireRegion(request, region)
      const data: CylinderEventData<'ApplianceSaleRecorded'> = {
        ...body,
        recordId,
        sellerId: sellerId ?? p.organisationId,
        regionCode: region,
        source: enforcement ? 'enforcement' : 'reported',
        recordedBy: p.organisationId,
      }
      const stream = cylinderStreams.sale(recordId)
      const event = { id: recordId, type: 'ApplianceSaleRecorded', data }
      const metadata = eventMetadata(request, fieldOccurredAt(body.soldOn, occurredAt))
      return reply.code(201).send(await appendFact(ctx.eventStore, stream, event, metadata, 'recordId'))
    },
  )

  app.post(
    '/appliance-spot-checks',
    {
      config: { auth: { kinds: ['enforcement', 'inspection_agency'] } },
      schema: {
        tags,
        summary: 'Record a supervision spot check (监督抽查) of an appliance or a gas leak alarm',
        body: SpotCheckBody,
        response: { 201: Recorded, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const p = request.principal
      const { occurredAt, checkId = newEventId(), regionCode, ...body } = request.body
      const region = regionCode ?? p.region
      requireRegion(request, region)
      const data: CylinderEventData<'ApplianceSpotChecked'> = {
        ...body,
        checkId,
        regionCode: region,
        checkedBy: p.organisationId,
      }
      const stream = cylinderStreams.spotCheck(checkId)
      const event = { id: checkId, type: 'ApplianceSpotChecked', data }
      const metadata = eventMetadata(request, fieldOccurredAt(body.sampledOn, occurredAt))
      return reply.code(201).send(await appendFact(ctx.eventStore, stream, event, metadata, 'checkId'))
    },
  )

  app.get(
    '/appliance-records',
    {
      schema: {
        tags,
        summary: "Production and sale records, each with the model's certification status on its date",
        querystring: RecordListQuery,
        response: { 200: z.object({ items: z.array(ApplianceRecord), next: z.string().optional() }) },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await listApplianceRecords(ctx.sql, {
        scope: readScopeOf(request),
        kind: q.kind,
        after: q.after,
        limit: q.limit,
      })
      return pageOf(rows, q.limit, (r) => r.recordId)
    },
  )

  app.get(
    '/appliance-spot-checks',
    {
      schema: {
        tags,
        summary: 'Spot-check results (own, or the region for enforcement)',
        querystring: ListQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                checkId: z.string(),
                category: z.string(),
                manufacturerId: z.string(),
                modelNo: z.string(),
                sampledFrom: z.string(),
                sampledOn: z.string(),
                result: z.string(),
                items: z.unknown(),
                checkedBy: z.string(),
                regionCode: z.string(),
              }),
            ),
            next: z.string().optional(),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await listSpotChecks(ctx.sql, { scope: readScopeOf(request), after: q.after, limit: q.limit })
      const page = pageOf(rows, q.limit, (r) => r.check_id)
      return {
        ...page,
        items: page.items.map((r) => ({
          checkId: r.check_id,
          category: r.category,
          manufacturerId: r.manufacturer_id,
          modelNo: r.model_no,
          sampledFrom: r.sampled_from,
          sampledOn: r.sampled_on,
          result: r.result,
          items: r.items,
          checkedBy: r.checked_by,
          regionCode: r.region_code,
        })),
      }
    },
  )
}
