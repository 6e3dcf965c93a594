import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DomainError } from '@gsr/domain'
import { cylinderDecider, cylinderDeciderWith, cylinderTypeRules, type CylinderCommand } from '@gsr/domain/cylinders'
import { cylinderStreams } from '@gsr/events/cylinders'
import {
  canRead,
  commandRoute,
  fieldOccurredAt,
  identity,
  listScope,
  loadRuleTable,
  loadState,
  notFound,
  pageOf,
  problemResponses,
  recordCommand,
  requireOrganisationFilter,
  requireRegion,
  type KitApp,
  type ServiceContext,
  requestToday,
} from '@gsr/http-kit'
import { registerCylinderCommand } from '../registerCylinderCommand.ts'
import { cylinderTrace, getCylinder, listCylinders, type CylinderView as CylinderRow } from '@gsr/read-models/cylinders'
import {
  CodeParams,
  CylinderListQuery,
  CylinderView,
  EndEntrustmentBody,
  EntrustBody,
  InspectionBody,
  RefurbishedBody,
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
  /** Decided by the effective cylinderTypeRules: code versions and those an administrator published. */
  const run = async (request: FastifyRequest, code: string, command: CylinderCommand, occurredAt?: string) =>
    recordCommand(
      ctx,
      request,
      cylinderStreams.cylinder(code),
      cylinderDeciderWith(await loadRuleTable(ctx.eventStore, cylinderTypeRules)),
      command,
      occurredAt,
    )

  /**
   * A cylinder stands where it is based: a station acts on it as its owner, registering or
   * entrusted station, wherever its seat; to any other station it does not exist (404).
   * Authorities and agencies go on to the decider, which judges them by the cylinder's region.
   */
  const requireRelated = async (request: FastifyRequest, code: string) => {
    const state = await loadState(ctx.eventStore, cylinderStreams.cylinder(code), cylinderDecider)
    if (!state.registered)
      throw new DomainError('cylinder-not-registered', { en: 'cylinder is not registered', 'zh-CN': '气瓶未登记' }, [
        'code',
      ])
    const p = request.principal
    const marking = ['inspection_agency', 'enforcement', 'administrator'].includes(p.organisationKind)
    const related = [state.ownerOrganisationId, state.stationId, ...Object.keys(state.entrustedTo)]
    if (!marking && !related.includes(p.organisationId)) throw notFound()
    return state
  }

  commandRoute(app, '/cylinders', {
    kinds: ['filling_station'],
    tags,
    summary: 'Register a cylinder (气瓶登记): its code must be new',
    body: RegisterCylinderBody,
    refusals: [400, 401, 403, 409, 422],
    record: async (request, _params, input) => {
      const { occurredAt, ...body } = input
      const { command, fieldDate } = await registerCylinderCommand(
        ctx.sql,
        request.principal,
        body,
        requestToday(request),
      )
      return run(request, body.cylinderCode, command, fieldOccurredAt(fieldDate, occurredAt))
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
      // A cylinder the caller has nothing to do with (not its owner, station or entrusted station;
      // an authority of another region) does not exist for it, wherever the caller is seated.
      const state = await loadState(ctx.eventStore, cylinderStreams.cylinder(code), cylinderDecider)
      if (
        state.registered &&
        !canRead(p, {
          region: state.regionCode,
          organisationIds: [state.ownerOrganisationId, state.stationId, ...Object.keys(state.entrustedTo)],
        })
      )
        throw notFound()
      const found = await identity.getOrganisation(ctx.sql, body.stationId)
      const recordedOn = requestToday(request)
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
      await requireRelated(request, params.code)
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
    kinds: ['filling_station', 'inspection_agency', 'enforcement', 'administrator'],
    tags,
    summary: 'Scrap a cylinder (报废): its owner, an inspection agency of its region, or enforcement with evidence',
    description:
      'Final: nothing un-scraps a cylinder. The pre-fill check refuses it from `scrappedOn` (cylinderDecider, prefillCheck).',
    params: CodeParams,
    body: ScrapBody,
    refusals: [400, 401, 403, 404, 409, 422],
    record: async (request, params, input) => {
      await requireRelated(request, params.code)
      const { occurredAt, ...body } = input
      const command: CylinderCommand = { type: 'ScrapCylinder', data: { ...body, actor: request.principal } }
      return run(request, params.code, command, fieldOccurredAt(body.scrappedOn, occurredAt))
    },
  })

  commandRoute(app, '/cylinders/:code/refurbished', {
    kinds: ['inspection_agency', 'enforcement', 'administrator'],
    tags,
    summary:
      'Mark a cylinder found refurbished (翻新), with its evidence: an inspection agency or enforcement of its region',
    description: 'The pre-fill check refuses it from `markedOn` (cylinderDecider, prefillCheck).',
    params: CodeParams,
    body: RefurbishedBody,
    refusals: [400, 401, 403, 404, 409],
    record: async (request, params, input) => {
      await requireRelated(request, params.code)
      const { occurredAt, ...body } = input
      const command: CylinderCommand = {
        type: 'MarkCylinderRefurbished',
        data: { ...body, actor: request.principal },
      }
      return run(request, params.code, command, fieldOccurredAt(body.markedOn, occurredAt))
    },
  })

  app.get(
    '/cylinders',
    {
      schema: {
        tags,
        summary: 'Cylinder register: own, registered or entrusted (stations), region (enforcement)',
        querystring: CylinderListQuery,
        response: {
          200: z.object({ items: z.array(CylinderView), next: z.string().optional() }),
          ...problemResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const q = request.query
      const scope = listScope(request.principal)
      // An enforcement team also sees an organisation seated elsewhere that has cylinders in its region.
      await requireOrganisationFilter(
        request,
        ctx.sql,
        q.organisationId,
        async (organisation) =>
          (await listCylinders(ctx.sql, { scope, organisationId: organisation.id, limit: 1 })).length > 0,
      )
      const rows = await listCylinders(ctx.sql, {
        scope,
        after: q.after,
        limit: q.limit,
        overdueOn: q.overdueOn,
        organisationId: q.organisationId,
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
