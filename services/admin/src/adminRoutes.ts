import { z } from 'zod'
import {
  Cursor,
  forbidden,
  identity,
  notFound,
  Page,
  pageOf,
  ProblemError,
  problemResponses,
  type CredentialInfo,
  type KitApp,
  type Member as MemberRecord,
  type Organisation as OrganisationRecord,
  type ServiceContext,
} from '@gsr/http-kit'
import { requireManage, requireRead } from './canManage.ts'
import {
  CreateMember,
  CreateOrganisation,
  Credential,
  CredentialIdParam,
  IssuedApiKey,
  IssuedToken,
  Me,
  Member,
  MemberIdParam,
  Organisation,
  OrganisationIdParam,
} from './schemas.ts'

const tags = ['admin']
const iso = (d: Date) => d.toISOString()
const organisationJson = (o: OrganisationRecord) => ({ ...o, createdAt: iso(o.createdAt) })
const memberJson = (m: MemberRecord) => ({ ...m, createdAt: iso(m.createdAt) })
const credentialJson = (c: CredentialInfo) => ({
  ...c,
  createdAt: iso(c.createdAt),
  expiresAt: c.expiresAt && iso(c.expiresAt),
  revokedAt: c.revokedAt && iso(c.revokedAt),
})

export async function adminRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const { sql } = ctx

  async function memberOrNotFound(memberId: string) {
    const member = await identity.getMember(sql, memberId)
    if (!member) throw notFound()
    return member
  }

  app.post(
    '/admin/organisations',
    {
      config: { auth: { kinds: ['administrator'], roles: ['admin'] } },
      schema: {
        tags,
        summary: 'Register an organisation (administrators)',
        description: 'Creates an organisation of a kind in a region. 409 when the id is taken.',
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
      try {
        const organisation = await identity.createOrganisation(sql, {
          ...rest,
          accreditedRegions: accreditedRegions ?? (rest.kind === 'inspection_agency' ? [rest.region] : []),
        })
        return reply.code(201).send(organisationJson(organisation))
      } catch (error) {
        if (error instanceof identity.IdentityConflictError) {
          throw new ProblemError({
            code: 'conflict',
            detail: error.message,
            errors: [{ field: 'id', in: 'body', message: 'already taken' }],
          })
        }
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

  app.post(
    '/admin/members/:memberId/api-keys',
    {
      // The reply carries the key: never kept for Idempotency-Key replays, never cached.
      config: { auth: { roles: ['admin'] }, secretReply: true },
      schema: {
        tags,
        summary: 'Issue an API key for a member (shown once)',
        params: MemberIdParam,
        response: { 201: IssuedApiKey, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const member = await memberOrNotFound(request.params.memberId)
      requireManage(request, member.organisationId)
      const issued = await identity.issueApiKey(sql, member.id)
      return reply.code(201).send({ credential: credentialJson(issued.credential), apiKey: issued.apiKey })
    },
  )

  app.get(
    '/admin/members/:memberId/api-keys',
    {
      schema: {
        tags,
        summary: "A member's API keys (never the secrets)",
        params: MemberIdParam,
        response: { 200: z.object({ items: z.array(Credential) }), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const member = await memberOrNotFound(request.params.memberId)
      requireRead(request, member.organisationId)
      return { items: (await identity.listCredentials(sql, member.id)).map(credentialJson) }
    },
  )

  async function credentialOfManaged(request: Parameters<typeof requireManage>[0], credentialId: string) {
    const credential = await identity.getCredential(sql, credentialId)
    if (!credential) throw notFound()
    const member = await memberOrNotFound(credential.memberId)
    requireManage(request, member.organisationId)
    return credential
  }

  app.post(
    '/admin/credentials/:credentialId/rotate',
    {
      config: { auth: { roles: ['admin'] }, secretReply: true },
      schema: {
        tags,
        summary: 'Replace an API key with a new one (the old one stops working at once)',
        params: CredentialIdParam,
        response: { 201: IssuedApiKey, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const credential = await credentialOfManaged(request, request.params.credentialId)
      if (credential.kind !== 'api_key' || credential.revokedAt) {
        throw new ProblemError({ code: 'conflict', detail: 'only a live API key can be rotated' })
      }
      const issued = await identity.rotateApiKey(sql, credential.id, ctx.clock.now())
      return reply.code(201).send({ credential: credentialJson(issued.credential), apiKey: issued.apiKey })
    },
  )

  app.post(
    '/admin/credentials/:credentialId/revoke',
    {
      // Anyone may revoke their own credential (a lost key, a logout); admins any of their org's.
      config: { auth: { roles: ['admin', 'operator', 'viewer'] } },
      schema: {
        tags,
        summary: 'Revoke an API key or a token session (and the tokens minted with the key)',
        params: CredentialIdParam,
        response: { 200: Credential, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const id = request.params.credentialId
      const own = await identity.getCredential(sql, id)
      const mine = own && own.memberId === request.principal.userId
      if (!mine) await credentialOfManaged(request, id)
      await identity.revokeCredential(sql, id, ctx.clock.now())
      const after = await identity.getCredential(sql, id)
      if (!after) throw notFound()
      return credentialJson(after)
    },
  )

  app.post(
    '/auth/token',
    {
      config: { auth: { roles: ['admin', 'operator', 'viewer'] }, secretReply: true },
      schema: {
        tags: ['auth'],
        summary: "Exchange a person's API key for a short-lived bearer token",
        description: `Tokens expire after TOKEN_TTL_SECONDS (default 900 s) and stop working at once when revoked.`,
        response: { 201: IssuedToken, ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const p = request.principal
      if (p.memberType !== 'person') throw forbidden('tokens are for people; machine clients use their API key')
      if (!p.credentialId.startsWith('k')) throw forbidden('exchange an API key, not a token')
      const issued = await identity.issueToken(sql, {
        principal: p,
        secret: ctx.config.authSecret,
        ttlSeconds: ctx.config.tokenTtlSeconds,
        now: ctx.clock.now(),
      })
      return reply
        .code(201)
        .send({ token: issued.token, tokenType: 'Bearer' as const, expiresAt: iso(issued.expiresAt) })
    },
  )

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the credential acts as',
        response: { 200: Me, ...problemResponses(401) },
      },
    },
    async (request) => ({ ...request.principal, accreditedRegions: [...request.principal.accreditedRegions] }),
  )
}
