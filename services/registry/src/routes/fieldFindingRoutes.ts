import { z } from 'zod'
import { HappenedAt, HappenedDate, HistoricalDate, OrganisationId, RegionCode } from '@gsr/events'
import {
  EquipmentCategory,
  EquipmentFoundInUse,
  FindingId,
  PipelineId,
  RegistrationCode,
  equipmentStreamName,
  findingStreamName,
  pipelineStreamName,
} from '@gsr/events/equipment'
import { equipmentDecider, fieldFindingDecider, pipelineDecider, type FieldFindingCommand } from '@gsr/domain/equipment'
import { factId, requireRegion, type KitApp, type ServiceContext, requestToday } from '@gsr/http-kit'
import type { FastifyRequest } from 'fastify'
import { occurredOn } from '../routeHelpers.ts'
import { commandRoute, loadState, recordCommand } from '@gsr/http-kit'
import { namedParties } from '../namedOrganisation.ts'

/** What enforcement teams record in the field: facts the violation projections use. */
const tags = ['registry: field findings']
const refusals = [400, 401, 403, 409, 422]

const EquipmentFoundBody = z.strictObject({
  findingId: FindingId.optional().describe('default: one derived from the Idempotency-Key, or a new id'),
  region: RegionCode,
  location: z.string().min(1).max(512),
  foundOn: HappenedDate,
  category: EquipmentCategory,
  registrationCode: z.string().min(1).max(64).optional().describe('absent: no registration code found'),
  usingOrganisationId: OrganisationId.optional(),
  description: z.string().max(2048).optional(),
  ...EquipmentFoundInUse.schema.pick({ manufacturer: true, serialNumber: true, plate: true, photoReference: true })
    .shape,
})

const OperationFoundBody = z.strictObject({
  findingId: FindingId.optional().describe('default: one derived from the Idempotency-Key, or a new id'),
  region: RegionCode,
  location: z.string().min(1).max(512),
  foundOn: HappenedDate,
  performedAt: HappenedAt,
  operatorPersonId: z.string().min(1).max(64),
  workCategory: z.string().regex(/^[A-Z][0-9]?$/, 'TSG Z6001 work category code, e.g. P, Q2, N1'),
  organisationId: OrganisationId.describe('the organisation the operator worked for'),
  registrationCode: z.string().min(1).max(64).optional(),
  description: z.string().max(2048).optional(),
})

const PipelineFoundBody = z.strictObject({
  pipelineId: PipelineId.describe('the id it is known by, or a new one for a pipeline nobody registered'),
  region: RegionCode,
  location: z.string().min(1).max(512),
  startedOn: HistoricalDate.describe('when construction started, as far as the team can tell'),
  foundOn: HappenedDate,
  organisationId: OrganisationId.optional().describe(
    'the using organisation, when identified (an existing equipment user)',
  ),
  installerId: OrganisationId.optional().describe('the installer, when identified (an existing installer)'),
})

const PipelineInUseFoundBody = z.strictObject({
  findingId: FindingId.optional().describe('default: one derived from the Idempotency-Key, or a new id'),
  pipelineId: PipelineId.describe('the id it is known by, or a new one for a pipeline nobody recorded'),
  region: RegionCode,
  location: z.string().min(1).max(512),
  foundOn: HappenedDate,
  organisationId: OrganisationId.optional().describe(
    'the using organisation, when identified (an existing equipment user)',
  ),
  installerId: OrganisationId.optional().describe('the installer, when identified (an existing installer)'),
  description: z.string().max(2048).optional(),
})

const LinkParams = z.strictObject({ findingId: FindingId })
const LinkBody = z.strictObject({
  registrationCode: RegistrationCode.describe('the registration of the equipment the finding saw'),
  linkedOn: HappenedDate.optional().describe('default: today'),
})

export async function fieldFindingRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  /**
   * A finding on its own stream `finding-<findingId>`, in the team's region. Without an id, one
   * derived from the Idempotency-Key: a retry names the same finding (recorded once), or a new one.
   */
  const recordFinding = <Body extends { findingId?: string | undefined; region: string }>(
    request: FastifyRequest,
    { findingId = factId(request, 'field-finding'), ...body }: Body,
    command: (
      finding: Omit<Body, 'findingId'> & { findingId: string; enforcementOrganisationId: string },
    ) => FieldFindingCommand,
    occurredAt: string | undefined,
  ) => {
    requireRegion(request, body.region)
    return recordCommand(
      ctx,
      request,
      findingStreamName(findingId),
      fieldFindingDecider,
      command({ ...body, findingId, enforcementOrganisationId: request.principal.organisationId }),
      occurredAt,
    )
  }

  commandRoute(app, '/field-findings/equipment-in-use', {
    kinds: ['enforcement'],
    tags,
    summary: 'Equipment found in use, with or without a registration code',
    description:
      'Record what identifies it on site even without a code: the manufacturer and its serial number (出厂编号) from the nameplate, the plate as read, a description, a reference to your photo.',
    body: EquipmentFoundBody,
    refusals,
    record: (request, _params, body) =>
      recordFinding(request, body, (data) => ({ type: 'RecordEquipmentFoundInUse', data }), occurredOn(body.foundOn)),
  })

  commandRoute(app, '/field-findings/:findingId/registration-link', {
    kinds: ['enforcement'],
    tags,
    summary: 'Link an equipment finding to the registration of the equipment it saw',
    description:
      'By the enforcement team of the finding’s region (or above), once. A registration made after the finding then cures its "found in use without registration" violation, dated by the registration’s field day.',
    params: LinkParams,
    body: LinkBody,
    record: async (request, { findingId }, { registrationCode, linkedOn = requestToday(request) }) => {
      const equipment = await loadState(ctx.eventStore, equipmentStreamName(registrationCode), equipmentDecider)
      return recordCommand(
        ctx,
        request,
        findingStreamName(findingId),
        fieldFindingDecider,
        {
          type: 'LinkFindingToRegistration',
          data: {
            actor: request.principal,
            registrationCode,
            registrationExists: equipment.status !== 'unregistered',
            linkedOn,
          },
        },
        occurredOn(linkedOn),
      )
    },
  })

  commandRoute(app, '/field-findings/operations', {
    kinds: ['enforcement'],
    tags,
    summary: 'An operation found performed, by whom and in which work category',
    body: OperationFoundBody,
    refusals,
    record: (request, _params, body) =>
      recordFinding(request, body, (data) => ({ type: 'RecordOperationFoundPerformed', data }), body.performedAt),
  })

  commandRoute(app, '/field-findings/pipelines-under-construction', {
    kinds: ['enforcement'],
    tags,
    summary: 'A pipeline found under construction (recorded on the pipeline’s stream)',
    body: PipelineFoundBody,
    refusals,
    // The region checked is the pipeline's (by the decider), not the one the body names.
    record: async (request, _params, body) => {
      requireRegion(request, body.region)
      return recordCommand(
        ctx,
        request,
        pipelineStreamName(body.pipelineId),
        pipelineDecider,
        {
          type: 'RecordPipelineConstructionStarted',
          data: {
            pipelineId: body.pipelineId,
            source: 'found',
            actor: request.principal,
            startedOn: body.startedOn,
            region: body.region,
            location: body.location,
            organisationId: body.organisationId,
            installerId: body.installerId,
            ...(await namedParties(ctx, body)),
          },
        },
        occurredOn(body.foundOn),
      )
    },
  })

  commandRoute(app, '/field-findings/pipelines-in-use', {
    kinds: ['enforcement'],
    tags,
    summary: 'A pipeline found in use, with or without an in-use record (recorded on the pipeline’s stream)',
    description:
      'From foundOn the pipeline counts in the in-use denominator of the four rates. The owner and installer, when identified, are named here or later (POST /pipelines/:pipelineId/parties).',
    body: PipelineInUseFoundBody,
    refusals,
    // The region checked is the pipeline's (by the decider), not the one the body names.
    record: async (request, _params, { findingId = factId(request, 'field-finding'), ...body }) => {
      requireRegion(request, body.region)
      return recordCommand(
        ctx,
        request,
        pipelineStreamName(body.pipelineId),
        pipelineDecider,
        {
          type: 'RecordPipelineFoundInUse',
          data: { ...body, ...(await namedParties(ctx, body)), findingId, actor: request.principal },
        },
        occurredOn(body.foundOn),
      )
    },
  })
}
