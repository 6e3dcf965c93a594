import { identity, notFound, ProblemError, problemResponses, type KitApp, type ServiceContext } from '@gsr/http-kit'
import { requireManage } from '../canManage.ts'
import { memberOrNotFound } from '../memberOrNotFound.ts'
import { Credential, CredentialIdParam, credentialJson, IssuedApiKey } from './credentialSchemas.ts'

const tags = ['admin']

/** A credential: rotate an API key, revoke a key or a token session. */
export async function credentialRoutes(app: KitApp, ctx: ServiceContext): Promise<void> {
  const { sql } = ctx

  async function credentialOfManaged(request: Parameters<typeof requireManage>[0], credentialId: string) {
    const credential = await identity.getCredential(sql, credentialId)
    if (!credential) throw notFound()
    const member = await memberOrNotFound(sql, credential.memberId)
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
}
