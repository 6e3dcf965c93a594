import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DomainError } from '@gsr/domain'
import { applianceCertificateDecider, type ApplianceCertificateCommand } from '@gsr/domain/cylinders'
import { cylinderStreams, type CylinderEventData } from '@gsr/events/cylinders'
import {
  commandRoute,
  factId,
  fieldOccurredAt,
  listScope,
  loadState,
  notFound,
  pageOf,
  ProblemError,
  problemResponses,
  recordCommand,
  recordFact,
  requireOwnOrganisation,
  requireRegion,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import {
  getApplianceCertificate,
  listApplianceCertificates,
  listApplianceRecords,
  listSpotChecks,
} from '@gsr/read-models/cylinders'
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
    return recordCommand(ctx, request, stream, applianceCertificateDecider, command, occurredAt)
  }

  commandRoute(app, '/appliance-certificates', {
    kinds: ['certification_body'],
    tags,
    summary: 'Issue a CCC certificate for an appliance model',
    body: IssueApplianceCertificateBody,
    refusals: [400, 401, 403, 409, 422],
    record: async (request, _params, input) => {
      const { occurredAt, ...body } = input
      const command: ApplianceCertificateCommand = {
        type: 'IssueApplianceCertificate',
        data: { ...body, certificationBodyId: request.principal.organisationId },
      }
      // Issued as it is recorded: occurredAt is the moment of the request, or the one given, which
      // must fall on today (the evidence of an issue is never back-dated).
      const issued = occurredAt === undefined ? undefined : fieldOccurredAt(requestToday(request), occurredAt)
      return run(request, body.certificateNo, command, issued)
    },
  })

  commandRoute(app, '/appliance-certificates/:certificateNo/failures', {
    kinds: ['certification_body'],
    tags,
    summary: 'Certification failed: suspended, revoked, expired or cancelled, with its reason',
    params: CertificateParams,
    body: CertificationFailedBody,
    refusals: [400, 401, 403, 404, 409],
    record: async (request, params, input) => {
      const { occurredAt, ...body } = input
      const command: ApplianceCertificateCommand = { type: 'RecordCertificationFailure', data: body }
      const at = fieldOccurredAt(body.effectiveFrom, occurredAt)
      return run(request, params.certificateNo, command, at)
    },
  })

  commandRoute(app, '/appliance-certificates/:certificateNo/reinstatement', {
    kinds: ['certification_body'],
    tags,
    summary: 'Lift a suspension',
    params: CertificateParams,
    body: ReinstateCertificateBody,
    refusals: [400, 401, 403, 404, 409],
    record: async (request, params, input) => {
      const { occurredAt, effectiveFrom } = input
      const command: ApplianceCertificateCommand = { type: 'ReinstateApplianceCertificate', data: { effectiveFrom } }
      const at = fieldOccurredAt(effectiveFrom, occurredAt)
      return run(request, params.certificateNo, command, at)
    },
  })

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
        asOf: q.asOf ?? requestToday(request),
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
      const asOf = request.query.asOf ?? requestToday(request)
      const certificate = await getApplianceCertificate(ctx.sql, request.params.certificateNo, asOf)
      if (!certificate) throw notFound()
      return certificate
    },
  )

  commandRoute(app, '/appliance-production', {
    kinds: ['manufacturer', 'enforcement'],
    tags,
    summary: 'Record production of an appliance model (reported by the manufacturer or found by enforcement)',
    body: ProductionBody,
    refusals: [400, 401, 403, 409],
    record: async (request, _params, input) => {
      const p = request.principal
      const {
        occurredAt,
        recordId = factId(request, 'appliance-production'),
        manufacturerId,
        regionCode,
        ...body
      } = input
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
      return recordFact(ctx, request, stream, event, fieldOccurredAt(body.producedOn, occurredAt), 'recordId')
    },
  })

  commandRoute(app, '/appliance-sales', {
    kinds: ['seller', 'enforcement'],
    tags,
    summary: 'Record a sale of an appliance model (reported by the seller or found by enforcement)',
    body: SaleBody,
    refusals: [400, 401, 403, 409],
    record: async (request, _params, input) => {
      const p = request.principal
      const { occurredAt, recordId = factId(request, 'appliance-sale'), sellerId, regionCode, ...body } = input
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
      return recordFact(ctx, request, stream, event, fieldOccurredAt(body.soldOn, occurredAt), 'recordId')
    },
  })

  commandRoute(app, '/appliance-spot-checks', {
    kinds: ['enforcement', 'inspection_agency'],
    tags,
    summary: 'Record a supervision spot check (监督抽查) of an appliance or a gas leak alarm',
    body: SpotCheckBody,
    refusals: [400, 401, 403, 409],
    record: async (request, _params, input) => {
      const p = request.principal
      const { occurredAt, checkId = factId(request, 'appliance-spot-check'), regionCode, ...body } = input
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
      return recordFact(ctx, request, stream, event, fieldOccurredAt(body.sampledOn, occurredAt), 'checkId')
    },
  })

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
        scope: listScope(request.principal, undefined, { agenciesByRegion: false }),
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
      const rows = await listSpotChecks(ctx.sql, {
        scope: listScope(request.principal, undefined, { agenciesByRegion: false }),
        after: q.after,
        limit: q.limit,
      })
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
