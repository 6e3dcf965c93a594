import {
  Cursor,
  identity,
  notFound,
  Page,
  pageOf,
  ProblemError,
  problemResponses,
  type KitApp,
  type ServiceContext,
} from '@gsr/http-kit'
import { usccDefect, usccDefectLabels } from '@gsr/domain'
import { requireManage, requireRead } from '../canManage.ts'
import {
  CreateOrganisation,
  Organisation,
  OrganisationIdParam,
  organisationJson,
  UpdateOrganisation,
} from './organisationSchemas.ts'
import { CreateMember, Member, memberJson } from './memberSchemas.ts'

const tags = ['admin']

/** A unified social credit code must carry its right check character (GB 32100-2015). */
function requireValidUscc(uscc: string | null | undefined): void {
  const defect = uscc == null ? undefined : usccDefect(uscc)
  if (!defect) return
  throw new ProblemError({
    code: 'validation-failed',
    detail: usccDefectLabels[defect],
    errors: [{ field: 'uscc', in: 'body', message: usccDefectLabels[defect].en }],
  })
}

/** Two organisations never share an id or a unified social credit code. */
function conflictProblem(error: identity.IdentityConflictError): ProblemError {
  return new ProblemError({
    code: 'conflict',
    detail: error.message,
    errors: [{ field: error.field, in: 'body', message: 'already taken' }],
  })
}

/** Organisations, and the people and machine clients of one. */
export async function organisationRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const { sql } = ctx

  app.post(
    '/admin/organisations',
    {
      config: { auth: { kinds: ['administrator'], roles: ['admin'] } },
      schema: {
        tags,
        summary: 'Register an organisation (administrators)',
        description:
          'Creates an organisation of a kind in a region (its seat), with its directory entries. 409 when the id or the unified social credit code is taken; 400 naming `uscc` for a code with a wrong check character.',
        body: CreateOrganisation,
        response: { 201: Organisation, ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { accreditedRegions, ...rest } = request.body
      if (accreditedRegions?.length && rest.kind !== 'inspection_agency') {
        throw new ProblemError({
          code: 'validation-failed',
          detail: 'only inspection agencies have accredited regions',
          errors: [{ field: 'accreditedRegions', in: 'body', message: 'only for kind inspection_agency' }],
        })
      }
      requireValidUscc(rest.uscc)
      try {
        const organisation = await identity.createOrganisation(sql, {
          ...rest,
          accreditedRegions: accreditedRegions ?? (rest.kind === 'inspection_agency' ? [rest.region] : []),
        })
        return reply.code(201).send(organisationJson(organisation))
      } catch (error) {
        if (error instanceof identity.IdentityConflictError) throw conflictProblem(error)
        throw error
      }
    },
  )

  app.get(
    '/admin/organisations',
    {
      schema: {
        tags,
        summary: 'List organisations (administrators: all; others: their own)',
        querystring: Cursor,
        response: { 200: Page(Organisation), ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const p = request.principal
      const { after, limit } = request.query
      const rows = await identity.listOrganisations(sql, {
        after,
        limit: limit + 1,
        onlyId: p.organisationKind === 'administrator' ? undefined : p.organisationId,
      })
      const page = pageOf(rows, limit, (o) => o.id)
      return { ...page, items: page.items.map(organisationJson) }
    },
  )

  app.get(
    '/admin/organisations/:organisationId',
    {
      schema: {
        tags,
        summary: 'One organisation (administrators, or the organisation itself)',
        params: OrganisationIdParam,
        response: { 200: Organisation, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      requireRead(request, request.params.organisationId)
      const organisation = await identity.getOrganisation(sql, request.params.organisationId)
      if (!organisation) throw notFound()
      return organisationJson(organisation)
    },
  )

  app.patch(
    '/admin/organisations/:organisationId',
    {
      config: { auth: { kinds: ['administrator'], roles: ['admin'] } },
      schema: {
        tags,
        summary: "Update an organisation's name and directory entries (administrators)",
        description:
          'A field left out stays as it is; null clears a directory entry. Kind and region (the seat) do not change here. 409 when the unified social credit code is another organisation’s.',
        params: OrganisationIdParam,
        body: UpdateOrganisation,
        response: { 200: Organisation, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      requireValidUscc(request.body.uscc)
      try {
        const organisation = await identity.updateOrganisation(
          sql,
          request.params.organisationId,
          request.body,
          ctx.clock.now(),
        )
        if (!organisation) throw notFound()
        return organisationJson(organisation)
      } catch (error) {
        if (error instanceof identity.IdentityConflictError) throw conflictProblem(error)
        throw error
      }
    },
  )

  app.post(
    '/admin/organisations/:organisationId/members',
    {
      config: { auth: { roles: ['admin'] } },
      schema: {
        tags,
        summary: 'Add a person or machine client to an organisation',
        params: OrganisationIdParam,
        body: CreateMember,
        response: { 201: Member, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireManage(request, request.params.organisationId)
      if (!(await identity.getOrganisation(sql, request.params.organisationId))) throw notFound()
      const member = await identity.createMember(sql, {
        organisationId: request.params.organisationId,
        ...request.body,
      })
      return reply.code(201).send(memberJson(member))
    },
  )

  app.get(
    '/admin/organisations/:organisationId/members',
    {
      schema: {
        tags,
        summary: "An organisation's people and clients",
        params: OrganisationIdParam,
        querystring: Cursor,
        response: { 200: Page(Member), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      requireRead(request, request.params.organisationId)
      const { after, limit } = request.query
      const rows = await identity.listMembers(sql, request.params.organisationId, { after, limit: limit + 1 })
      const page = pageOf(rows, limit, (m) => m.id)
      return { ...page, items: page.items.map(memberJson) }
    },
  )
}
