import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DomainError, chinaDate } from '@gsr/domain'
import { cylinderDecider, type CylinderCommand } from '@gsr/domain/cylinders'
import { cylinderStreams } from '@gsr/events/cylinders'
import {
  canActInRegion,
  canRead,
  commandRoute,
  fieldOccurredAt,
  identity,
  listScope,
  loadState,
  notFound,
  pageOf,
  problemResponses,
  recordCommand,
  requireRegion,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import { cylinderTrace, getCylinder, listCylinders, type CylinderView as CylinderRow } from '@gsr/read-models/cylinders'
import {
  CodeParams,
  CylinderListQuery,
  CylinderView,
  EndEntrustmentBody,
  EntrustBody,
  InspectionBody,
  RegisterCylinderBody,
  ScrapBody,
  TraceReply,
} from './cylinderSchemas.ts'

const tags = ['cylinders']

/** Its owner, registering station and entrusted stations; authorities and agencies by region. */
function visible(request: FastifyRequest, cylinder: CylinderRow): boolean {
  return canRead(request.principal, {
    region: cylinder.regionCode,
    organisationIds: [cylinder.ownerOrganisationId, cylinder.stationId, ...cylinder.entrustedTo],
  })
}

/** Cylinder register (一瓶一码): registration, entrustment, inspections, scrapping, reads, trace. */
export async function cylinderRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const run = (request: FastifyRequest, code: string, command: CylinderCommand, occurredAt?: string) =>
    recordCommand(ctx, request, cylinderStreams.cylinder(code), cylinderDecider, command, occurredAt)

  /** A station acts on cylinders of its region (and below) only; elsewhere they do not exist for it (404). */
  const requireCylinderRegion = async (request: FastifyRequest, code: string) => {
    const state = await loadState(ctx.eventStore, cylinderStreams.cylinder(code), cylinderDecider)
    if (state.registered && !canActInRegion(request.principal, state.regionCode)) throw notFound()
  }

  commandRoute(app, '/cylinders', {
    kinds: ['filling_station'],
    tags,
    summary: 'Register a cylinder (气瓶登记): its code must be new',
    body: RegisterCylinderBody,
    refusals: [400, 401, 403, 409, 422],
    record: async (request, _params, input) => {
      const { occurredAt, ownerOrganisationId, registeredOn, ...body } = input
      const p = request.principal
      const on = registeredOn ?? chinaDate(ctx.clock.now())
      const ownerId = ownerOrganisationId ?? p.organisationId
      const found = ownerId === p.organisationId ? undefined : await identity.getOrganisation(ctx.sql, ownerId)
      const command: CylinderCommand = {
        type: 'RegisterCylinder',
        data: {
          ...body,
          ownerOrganisationId: ownerId,
          owner:
            ownerId === p.organisationId
              ? p
              : found && { organisationId: found.id, organisationKind: found.kind, region: found.region },
          stationId: p.organisationId,
          regionCode: p.region,
          registeredOn: on,
        },
      }
      return run(request, body.cylinderCode, command, fieldOccurredAt(on, occurredAt))
    },
  })

  commandRoute(app, '/cylinders/:code/entrustments', {
    kinds: ['equipment_user', 'filling_station', 'manufacturer', 'seller', 'enforcement', 'administrator'],
    tags,
    summary: 'Entrust the cylinder to a filling station (委托充装): by its owner',
    description:
      'Granted by the cylinder’s owner (产权单位), or recorded by an administrator or enforcement team of the cylinder’s region with the contract number. It starts on the day it is recorded or later, never before (cylinderDecider).',
    params: CodeParams,
    body: EntrustBody,
    record: async (request, params, input) => {
      const { occurredAt, ...body } = input
      const p = request.principal
      const code = params.code
      // Neither the owner nor in the cylinder's region: it does not exist for the caller.
      const state = await loadState(ctx.eventStore, cylinderStreams.cylinder(code), cylinderDecider)
      if (state.registered && state.ownerOrganisationId !== p.organisationId && !canActInRegion(p, state.regionCode))
        throw notFound()
      const found = await identity.getOrganisation(ctx.sql, body.stationId)
      const recordedOn = chinaDate(ctx.clock.now())
      const command: CylinderCommand = {
        type: 'EntrustCylinder',
        data: {
          ...body,
          actor: p,
          station: found && { organisationId: found.id, organisationKind: found.kind, region: found.region },
          recordedOn,
        },
      }
      // Granted as it is recorded (never back-dated): occurredAt is the moment of the request, or
      // the one given, which must fall on today; entrustedFrom is today or later, so it cures no earlier fill.
      const granted = occurredAt === undefined ? undefined : fieldOccurredAt(recordedOn, occurredAt)
      return run(request, code, command, granted)
    },
  })

  commandRoute(app, '/cylinders/:code/entrustments/end', {
    kinds: ['filling_station'],
    tags,
    summary: "End the calling station's entrustment",
    params: CodeParams,
    body: EndEntrustmentBody,
    refusals: [400, 401, 403, 404, 409],
    record: async (request, params, input) => {
      const { occurredAt, endedOn } = input
      const p = request.principal
      await requireCylinderRegion(request, params.code)
      const command: CylinderCommand = {
        type: 'EndEntrustment',
        data: { stationId: p.organisationId, regionCode: p.region, endedOn },
      }
      return run(request, params.code, command, fieldOccurredAt(endedOn, occurredAt))
    },
  })

  commandRoute(app, '/cylinders/:code/inspections', {
    kinds: ['inspection_agency'],
    tags,
    summary: 'Record a periodic inspection result (pass / fail / scrap) in an accredited region',
    params: CodeParams,
    body: InspectionBody,
    refusals: [400, 401, 403, 404, 409],
    record: async (request, params, input) => {
      const code = params.code
      const state = await loadState(ctx.eventStore, cylinderStreams.cylinder(code), cylinderDecider)
      if (!state.registered)
        throw new DomainError('cylinder-not-registered', { en: 'cylinder is not registered', 'zh-CN': '气瓶未登记' }, [
          'code',
        ])
      requireRegion(request, state.regionCode)
      const { occurredAt, ...body } = input
      const command: CylinderCommand = {
        type: 'RecordCylinderInspection',
        data: { ...body, agencyId: request.principal.organisationId },
      }
      return run(request, code, command, fieldOccurredAt(body.inspectionDate, occurredAt))
    },
  })

  commandRoute(app, '/cylinders/:code/scrap', {
    kinds: ['filling_station', 'inspection_agency'],
    tags,
    summary: 'Scrap a cylinder (报废): its owner, or an inspection agency of its region',
    params: CodeParams,
    body: ScrapBody,
    refusals: [400, 401, 403, 404, 409],
    record: async (request, params, input) => {
      const code = params.code
      const p = request.principal
      const state = await loadState(ctx.eventStore, cylinderStreams.cylinder(code), cylinderDecider)
      if (!state.registered)
        throw new DomainError('cylinder-not-registered', { en: 'cylinder is not registered', 'zh-CN': '气瓶未登记' }, [
          'code',
        ])
      if (p.organisationKind === 'inspection_agency') requireRegion(request, state.regionCode)
      else if (p.organisationId !== state.ownerOrganisationId) throw notFound()
      const { occurredAt, ...body } = input
      const command: CylinderCommand = { type: 'ScrapCylinder', data: { ...body, byOrganisationId: p.organisationId } }
      return run(request, code, command, fieldOccurredAt(body.scrappedOn, occurredAt))
    },
  })

  app.get(
    '/cylinders',
    {
      schema: {
        tags,
        summary: 'Cylinder register: own, registered or entrusted (stations), region (enforcement)',
        querystring: CylinderListQuery,
        response: { 200: z.object({ items: z.array(CylinderView), next: z.string().optional() }) },
      },
    },
    async (request) => {
      const q = request.query
      const rows = await listCylinders(ctx.sql, {
        scope: listScope(request.principal),
        after: q.after,
        limit: q.limit,
        overdueOn: q.overdueOn,
      })
      return pageOf(rows, q.limit, (c) => c.code)
    },
  )

  app.get(
    '/cylinders/:code',
    {
      schema: {
        tags,
        summary: 'One cylinder',
        params: CodeParams,
        response: { 200: CylinderView, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const cylinder = await getCylinder(ctx.sql, request.params.code)
      if (!cylinder || !visible(request, cylinder)) throw notFound()
      return cylinder
    },
  )

  app.get(
    '/cylinders/:code/trace',
    {
      schema: {
        tags,
        summary: 'Full trace: registration, entrustments, inspections, every fill, every pre-fill check (refusals too)',
        params: CodeParams,
        response: { 200: TraceReply, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const code = request.params.code
      const cylinder = await getCylinder(ctx.sql, code)
      if (!cylinder || !visible(request, cylinder)) throw notFound()
      const entries = await cylinderTrace(ctx.sql, code)
      return { cylinderCode: code, entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) }
    },
  )
}
